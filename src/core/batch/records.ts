// Batch jobs over shard records: a job whose path is a record ref (`data/x.jsonl.gz:12`, `x.parquet:3`:
// core/corpus/record-ref.ts) rewrites that record, and its result becomes a line of the rewrites shard
// `<shard>.rewrites.<style>.<audience>.jsonl` (save.ts: saveRecordRewriteAsync), not a file of its own.
// Planning is synchronous (sources.ts: planJobs), so the records' texts are read beforehand, each shard once
// (RecordTexts.preload), and handed to planJobs through `recordAwareReader`.
import { isAbsolute, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { parseRecordRef, readRecordTextSync } from '../corpus/record-ref';
import { readDocuments } from '../corpus/readers';
import type { JobSpec } from './sources';

interface ShardTexts {
  mtimeMs: number;
  size: number;
  texts: Map<number, string>;
  /** Why a record could not be read, by line. */
  problems: Map<number, string>;
}

/** Texts of shard records, read a shard at a time (only the lines asked for) and kept while the shard is unchanged. */
export class RecordTexts {
  private readonly shards = new Map<string, ShardTexts>();

  constructor(private readonly textField?: string) {}

  /** Reads the records named by these absolute refs (a shard once, whatever the number of its records). */
  async load(absRefs: Iterable<string>): Promise<void> {
    const byShard = new Map<string, Set<number>>();
    for (const ref of absRefs) {
      const r = parseRecordRef(ref);
      if (!r) continue;
      let lines = byShard.get(r.path);
      if (!lines) byShard.set(r.path, (lines = new Set()));
      lines.add(r.line);
    }
    for (const [shard, lines] of byShard) {
      let st;
      try {
        st = await stat(shard);
      } catch {
        continue;
      }
      let s = this.shards.get(shard);
      if (!s || s.mtimeMs !== st.mtimeMs || s.size !== st.size) {
        s = { mtimeMs: st.mtimeMs, size: st.size, texts: new Map(), problems: new Map() };
        this.shards.set(shard, s);
      }
      const missing = new Set([...lines].filter((l) => !s.texts.has(l)));
      if (!missing.size) continue;
      for await (const ev of readDocuments(shard, { only: missing, textField: this.textField })) {
        if (ev.kind === 'doc' && ev.doc.line !== undefined) s.texts.set(ev.doc.line, ev.doc.text);
        else if (ev.kind === 'skip' && ev.skip.line !== undefined) s.problems.set(ev.skip.line, ev.skip.message);
      }
      for (const l of missing) if (!s.texts.has(l) && !s.problems.has(l)) s.problems.set(l, `${shard} has no record ${l}`);
    }
  }

  /** The text of a record loaded before (or, for an uncompressed JSONL shard, read now); throws with the reason when there is none. */
  get(absRef: string): string {
    const r = parseRecordRef(absRef);
    if (!r) throw new Error(`${absRef} names no record of a shard`);
    const s = this.shards.get(r.path);
    const t = s?.texts.get(r.line) ?? readRecordTextSync(absRef, this.textField);
    if (t === undefined) throw new Error(s?.problems.get(r.line) ?? `${absRef}: the record could not be read`);
    return t;
  }

  /** Reads the records among these job specs (paths relative to `baseDir`). */
  async preload(specs: readonly JobSpec[], baseDir: string): Promise<void> {
    await this.load(specs.filter((s) => s.path && parseRecordRef(s.path)).map((s) => (isAbsolute(s.path!) ? s.path! : resolve(baseDir, s.path!))));
  }
}

/** A planJobs source reader that reads records from `texts` and files with `files`. */
export function recordAwareReader(texts: RecordTexts, files: (abs: string) => { fileText: string; text: string }): (abs: string) => { fileText: string; text: string } {
  return (abs) => {
    if (!parseRecordRef(abs)) return files(abs);
    const t = texts.get(abs);
    return { fileText: t, text: t };
  };
}
