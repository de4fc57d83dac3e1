// One record of a shard (a JSONL line, a Parquet row) named as a path: `<file>:<n>`, n being the 1-based line
// or row, as the index names documents. Such a ref goes wherever a file path goes in the review and the
// provenance log (`source.path`, `output.path`), so a record is reviewed, decided and traced like a file.
// Rewrites of records are lines of one JSONL shard per source shard, style and audience
// (`<shard>.rewrites.<style>.<audience>.jsonl`), each line carrying its provenance in `metadata.curator`.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
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
}

/**
 * Appends one rewrite as one JSON line (`{id, text, metadata: {curator: …}}`) and flushes it; returns the
 * 1-based line it was written at. A line cut off by a crash (no newline at the end) is completed first, so
 * the new line starts a line of its own. One writer at a time (the calls are synchronous).
 */
export function appendRecordRewrite(shard: string, text: string, meta: RecordRewriteMeta): number {
  let lines = 0;
  let needsNewline = false;
  if (existsSync(shard)) {
    const bytes = readFileSync(shard);
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
    if (bytes.length && bytes[bytes.length - 1] !== 10) {
      needsNewline = true;
      lines++;
    }
  }
  const line = lines + 1;
  const id = `${basename(meta.parentPath)}.${meta.style}.${meta.audience}.${line}`;
  const curator = {
    synthetic: true,
    kind: 'synthetic',
    style: meta.style,
    audience: meta.audience,
    model: meta.model,
    parent_path: meta.parentPath,
    ...(meta.parentId ? { parent_id: meta.parentId } : {}),
  };
  const json = JSON.stringify({ id, text, metadata: { curator } });
  const fd = openSync(shard, 'a');
  try {
    writeSync(fd, `${needsNewline ? '\n' : ''}${json}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return line;
}
