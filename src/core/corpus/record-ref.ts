// One record of a shard (a JSONL line, a Parquet row) named as a path: `<file>:<n>`, n being the 1-based line
// or row, as the index names documents. Such a ref goes wherever a file path goes in the review and the
// provenance log (`source.path`, `output.path`), so a record is reviewed, decided and traced like a file.
// Rewrites of records are lines of one JSONL shard per source shard, style and audience
// (`<shard>.rewrites.<style>.<audience>.jsonl`), each line carrying its provenance in `metadata.curator`.
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { withFileLockSync } from '../util/file-lock';
import type { RawDocument } from './model';
import { fileKind, parseJsonLine, readDocuments } from './readers';

export interface RecordRef {
  /** The shard's path (as given: absolute or workspace-relative). */
  path: string;
  /** 1-based line (JSONL) or row (Parquet). */
  line: number;
}

/** True when a file of this name holds many records (JSONL, compressed JSONL, Parquet). */
export function isRecordFile(path: string): boolean {
  const k = fileKind(path);
  return k?.format === 'jsonl' || k?.format === 'parquet';
}

/** `x.parquet:12` → {path: 'x.parquet', line: 12}; undefined for a plain path (or a file name with a colon). */
export function parseRecordRef(ref: string): RecordRef | undefined {
  const m = /^(.*):(\d+)$/.exec(ref);
  if (!m || !isRecordFile(m[1]!)) return undefined;
  const line = Number(m[2]);
  return line >= 1 ? { path: m[1]!, line } : undefined;
}

export function formatRecordRef(path: string, line: number): string {
  return `${path}:${line}`;
}

/** A short human name for a ref: `x.parquet row 12`, `x.jsonl line 3`. */
export function recordLabel(r: RecordRef): string {
  return `${basename(r.path)} ${fileKind(r.path)?.format === 'parquet' ? 'row' : 'line'} ${r.line}`;
}

/** Reads one record through the same readers as the index; throws with path and line when it cannot. */
export async function readRecord(absPath: string, line: number, textField?: string): Promise<RawDocument> {
  for await (const ev of readDocuments(absPath, { only: new Set([line]), textField })) {
    if (ev.kind === 'doc' && ev.doc.line === line) return ev.doc;
    if (ev.kind === 'skip' && (ev.skip.line === line || ev.skip.line === undefined)) throw new Error(`${absPath}:${line}: ${ev.skip.message}`);
  }
  throw new Error(`${absPath} has no record ${line}`);
}

// ---------------------------------------------------------------------------------------------------------
// Reading a record synchronously (the review reads its two texts in one synchronous step). JSONL shards are
// read whole (gzip and zstd decompressed in memory); Parquet needs the asynchronous reader, so its records are
// read once by `primeRecord` (the command that opens a review calls it) and kept in a small cache.

const primed = new Map<string, string>();
const PRIMED_MAX = 64;

/** Reads a record asynchronously and keeps its text for `readRecordTextSync`. */
export async function primeRecord(ref: string, textField?: string): Promise<string> {
  const r = parseRecordRef(ref);
  if (!r) throw new Error(`${ref} names no record`);
  const doc = await readRecord(r.path, r.line, textField);
  primed.delete(ref);
  primed.set(ref, doc.text);
  while (primed.size > PRIMED_MAX) primed.delete(primed.keys().next().value as string);
  return doc.text;
}

/** The text of a record named by `ref` (absolute path); undefined when it cannot be read. */
export function readRecordTextSync(ref: string, textField?: string): string | undefined {
  const r = parseRecordRef(ref);
  if (!r) return undefined;
  const kind = fileKind(r.path);
  try {
    if (kind?.format === 'jsonl') {
      const st = statSync(r.path);
      const cached = primed.get(ref);
      if (cached !== undefined && st.size > 64 * 1024 * 1024) return cached;
      let bytes: Uint8Array = readFileSync(r.path);
      if (kind.compression === 'gzip') bytes = gunzipSync(bytes);
      else if (kind.compression === 'zstd') bytes = zstdDecompress(bytes);
      const line = nthLine(bytes, r.line);
      if (!line) return undefined;
      const ev = parseJsonLine(r.path, r.line, line, textField);
      return ev.kind === 'doc' ? ev.doc.text : undefined;
    }
  } catch {
    return primed.get(ref);
  }
  return primed.get(ref);
}

function nthLine(bytes: Uint8Array, n: number): Uint8Array | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const nl = bytes.indexOf(10, start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  if (start >= bytes.length) return undefined;
  const end = bytes.indexOf(10, start);
  return bytes.subarray(start, end < 0 ? bytes.length : end);
}

// ---------------------------------------------------------------------------------------------------------
// Rewrites of records

/** `<dir>/<shard stem>.rewrites.<style>.<audience>.jsonl` beside the source shard (or in `outDir`). */
export function rewritesShardPath(shardPath: string, style: string, audience: string, outDir?: string): string {
  const name = basename(shardPath).replace(/\.(jsonl|ndjson|json)(\.(gz|zstd?))?$/i, '').replace(/\.parquet$/i, '');
  const safe = (s: string) => s.replace(/[^\p{L}\p{N}_-]+/gu, '-');
  return join(outDir ?? dirname(shardPath), `${name}.rewrites.${safe(style)}.${safe(audience)}.jsonl`);
}

/** Provenance written into each rewrite line (read back by the index as `metadata.curator`). */
export interface RecordRewriteMeta {
  style: string;
  audience: string;
  model: string;
  /** The source record, workspace-relative: `shard.parquet:12`. */
  parentPath: string;
  /** The source record's own id, when it has one. */
  parentId?: string;
  /** The batch and job that wrote it (a batch finds its own line again after a crash: see findRecordRewrite). */
  batchId?: string;
  jobId?: string;
}

/** What is known of a rewrites shard this process appends to: its size and line count (re-counted when the size differs). */
const shardTails = new Map<string, { size: number; lines: number }>();

/**
 * Makes the shard end with a whole line and returns its line count. A tail without a newline is the line a
 * killed process was writing: when it is not JSON it is cut off (its text was never acknowledged: a batch
 * has it in its journal and appends it again), when it is whole JSON only the newline was missing and one is
 * added. So a crash never leaves a half line in the middle of the shard.
 */
function wholeLines(shard: string): number {
  if (!existsSync(shard)) {
    shardTails.delete(shard);
    return 0;
  }
  const size = statSync(shard).size;
  const known = shardTails.get(shard);
  if (known && known.size === size) return known.lines;
  const bytes = readFileSync(shard);
  let lines = 0;
  let lastNl = -1;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) {
    lines++;
    lastNl = i;
  }
  if (bytes.length && lastNl !== bytes.length - 1) {
    const tail = bytes.subarray(lastNl + 1);
    let whole = false;
    try {
      JSON.parse(tail.toString('utf8'));
      whole = true;
    } catch {
      whole = false;
    }
    const fd = openSync(shard, 'r+');
    try {
      if (whole) {
        writeSync(fd, '\n', bytes.length);
        lines++;
      } else ftruncateSync(fd, lastNl + 1);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  shardTails.set(shard, { size: statSync(shard).size, lines });
  return lines;
}

/**
 * Appends one rewrite as one JSON line (`{id, text, metadata: {curator: …}}`) and flushes it (fsync) before
 * returning the 1-based line it was written at. A torn tail left by a killed writer is repaired first
 * (wholeLines). One writer at a time per shard, across processes and threads: the extension, `curator` and
 * the batch's writer thread take the shard's lock file (`<shard>.lock`) for the count and the append.
 */
export function appendRecordRewrite(shard: string, text: string, meta: RecordRewriteMeta): number {
  return withFileLockSync(shard, () => appendLocked(shard, text, meta));
}

function appendLocked(shard: string, text: string, meta: RecordRewriteMeta): number {
  const line = wholeLines(shard) + 1;
  const id = `${basename(meta.parentPath)}.${meta.style}.${meta.audience}.${line}`;
  const curator = {
    synthetic: true,
    kind: 'synthetic',
    style: meta.style,
    audience: meta.audience,
    model: meta.model,
    parent_path: meta.parentPath,
    ...(meta.parentId ? { parent_id: meta.parentId } : {}),
    ...(meta.batchId ? { batch_id: meta.batchId } : {}),
    ...(meta.jobId ? { job_id: meta.jobId } : {}),
  };
  const data = Buffer.from(JSON.stringify({ id, text, metadata: { curator } }) + '\n', 'utf8');
  const fd = openSync(shard, 'a');
  try {
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const size = statSync(shard).size;
  shardTails.set(shard, { size, lines: line });
  return line;
}

/**
 * The line of `shard` written by this batch job with this text (its metadata names the batch and job), if
 * any: after a crash between the append and the journal's 'done' line, the result is found, not requested
 * again.
 */
export function findRecordRewrite(shard: string, batchId: string, jobId: string, text: string): number | undefined {
  if (!existsSync(shard)) return undefined;
  const lines = readFileSync(shard, 'utf8').split('\n');
  const needle = JSON.stringify(jobId);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.includes(needle)) continue;
    try {
      const o = JSON.parse(l) as { text?: unknown; metadata?: { curator?: { batch_id?: unknown; job_id?: unknown } } };
      const c = o.metadata?.curator;
      if (c?.batch_id === batchId && c.job_id === jobId && o.text === text) return i + 1;
    } catch {
      // a torn line is no result
    }
  }
  return undefined;
}
