// MiniSearch over the small per-document fields (title, path, domain, style, audience, model): prefix and
// fuzzy matching where users type names, with the CJK-aware tokenizer. Never persisted (rebuilt on load).
//
// Documents with the same fields are one entry (a group): the records of a JSONL or Parquet shard have one
// path, domain… and most have no title, so a million records of a hundred shards are a hundred entries, not
// a million (MiniSearch costs ~600 bytes a document: its id maps, field lengths and a posting per term and
// document). A group matches as its fields do; its documents come out in the order they were added, with the
// group's score. Titled documents are each their own group unless their whole fields are equal.
import MiniSearch from 'minisearch';
import { tokenize } from './tokenize';

export interface FieldDoc {
  id: string;
  title?: string;
  path: string;
  domain?: string;
  style?: string;
  audience?: string;
  model?: string;
}

const FIELDS = ['title', 'path', 'domain', 'style', 'audience', 'model'] as const;

/** One MiniSearch entry: the fields shared by `ids` (empty: discarded from MiniSearch until one is added again). */
interface Group {
  ids: string[];
  /** Its entry (the fields, path words split). */
  entry: FieldDoc;
  path: string;
}

/** A key no two different field tuples share (fields joined by a character no field holds). */
function groupKey(d: FieldDoc): string {
  return `${d.title ?? ''}\u0000${d.path}\u0000${d.domain ?? ''}\u0000${d.style ?? ''}\u0000${d.audience ?? ''}\u0000${d.model ?? ''}`;
}

export class FieldIndex {
  private ms: MiniSearch<FieldDoc>;
  /** Groups by MiniSearch id (their number). */
  private readonly groups: Group[] = [];
  private readonly byKey = new Map<string, number>();

  constructor() {
    this.ms = FieldIndex.engine();
  }

  private static engine(): MiniSearch<FieldDoc> {
    return new MiniSearch<FieldDoc>({
      fields: [...FIELDS],
      storeFields: [],
      tokenize: (text) => tokenize(text),
      processTerm: (t) => t,
      searchOptions: { boost: { title: 3, path: 1.5 }, prefix: (t) => t.length >= 3 && /^[a-z0-9]/.test(t), fuzzy: (t) => (t.length >= 5 && /^[a-z]+$/.test(t) ? 0.2 : false), combineWith: 'AND' },
    });
  }

  /** Entries MiniSearch holds (distinct field tuples). */
  get groupCount(): number {
    return this.groups.length;
  }

  /** Adds documents (an id already added must be removed first). */
  addAll(docs: Iterable<FieldDoc>): void {
    const fresh: FieldDoc[] = [];
    for (const d of docs) {
      const key = groupKey(d);
      let n = this.byKey.get(key);
      if (n === undefined) {
        n = this.groups.length;
        this.groups.push({ ids: [], path: d.path, entry: { id: String(n), title: d.title, path: d.path.replace(/[/._-]+/g, ' '), domain: d.domain, style: d.style, audience: d.audience, model: d.model } });
        this.byKey.set(key, n);
      }
      const g = this.groups[n]!;
      if (g.ids.length === 0) fresh.push(g.entry);
      g.ids.push(d.id);
    }
    this.ms.addAll(fresh);
  }

  /**
   * Removes documents (one pass over every group: rare, the owner rebuilds the field index after an update).
   * A group left empty leaves MiniSearch: the entries are indexed again (a few per file), since MiniSearch's
   * own discard keeps counting a discarded entry in its scores until it vacuums, at a time of its choosing.
   */
  remove(ids: Iterable<string>): void {
    const gone = new Set(ids);
    if (!gone.size) return;
    let emptied = false;
    for (const g of this.groups) {
      if (!g.ids.some((id) => gone.has(id))) continue;
      g.ids = g.ids.filter((id) => !gone.has(id));
      if (g.ids.length === 0) emptied = true;
    }
    if (!emptied) return;
    this.ms = FieldIndex.engine();
    this.ms.addAll(this.groups.filter((g) => g.ids.length > 0).map((g) => g.entry));
  }

  /**
   * Matching documents, best group first (equal scores: by path, as the owner orders them, so that what the
   * limit cuts off does not depend on the order groups were added in), each group's documents in the order
   * they were added.
   */
  search(query: string, limit = 50): { id: string; score: number }[] {
    const out: { id: string; score: number }[] = [];
    const hits = this.ms.search(query);
    const pathOf = (r: { id: unknown }) => this.groups[Number(r.id)]?.path ?? '';
    // Scores equal but for rounding (a group added again after its documents were removed) count as equal.
    const tie = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    hits.sort((a, b) => (tie(a.score, b.score) ? 0 : b.score - a.score) || (pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0));
    for (const r of hits) {
      for (const id of this.groups[Number(r.id)]?.ids ?? []) {
        if (out.length >= limit) return out;
        out.push({ id, score: r.score });
      }
    }
    return out;
  }
}
