/**
 * The index's documents by id, in the order they were added (what a Map<string, CorpusDocument> gave), in
 * less memory at a million documents: the documents in an array and the id → row map in one Int32Array whose
 * keys are the documents' own ids (search/id-index.ts), ~20 bytes a document instead of a Map's ~90.
 * Removing leaves a hole, filled when holes pass half the rows (outside iteration: on the next add).
 */
import type { CorpusDocument } from '../model';
import { IdIndex } from '../search/id-index';

export class DocMap {
  private rows: (CorpusDocument | undefined)[] = [];
  private holes = 0;
  private ids: IdIndex;

  constructor(docs: Iterable<CorpusDocument> = []) {
    this.ids = new IdIndex((r) => this.rows[r]!.id, Array.isArray(docs) ? docs.length : 0);
    for (const d of docs) this.set(d.id, d);
  }

  get size(): number {
    return this.ids.size;
  }

  get(id: string): CorpusDocument | undefined {
    const r = this.ids.get(id);
    return r < 0 ? undefined : this.rows[r];
  }

  has(id: string): boolean {
    return this.ids.get(id) >= 0;
  }

  /** Adds `doc` at the end, or puts it in place of the document with its id (keeping that one's place). */
  set(id: string, doc: CorpusDocument): this {
    if (doc.id !== id) throw new Error(`document ${doc.id} set under another id (${id})`);
    const r = this.ids.get(id);
    if (r >= 0) {
      this.rows[r] = doc;
      return this;
    }
    if (this.holes > 1024 && this.holes * 2 > this.rows.length) this.pack();
    this.rows.push(doc);
    this.ids.set(id, this.rows.length - 1);
    return this;
  }

  delete(id: string): boolean {
    const r = this.ids.delete(id);
    if (r < 0) return false;
    this.rows[r] = undefined;
    this.holes++;
    return true;
  }

  *values(): Generator<CorpusDocument> {
    const rows = this.rows;
    for (let i = 0; i < rows.length; i++) {
      const d = rows[i];
      if (d) yield d;
    }
  }

  *keys(): Generator<string> {
    for (const d of this.values()) yield d.id;
  }

  /** Rows without holes, the id table built again. */
  private pack(): void {
    const rows = this.rows.filter((d): d is CorpusDocument => d !== undefined);
    this.rows = rows;
    this.holes = 0;
    this.ids = new IdIndex((r) => this.rows[r]!.id, rows.length);
    rows.forEach((d, r) => this.ids.set(d.id, r));
  }
}
