import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { CURATOR_DIR, PROVENANCE_FILE, type ProvenanceRecord } from './types';
import { errorMessage } from '../util/errors';

export function provenancePath(root: string): string {
  return join(root, CURATOR_DIR, PROVENANCE_FILE);
}

/** A path relative to the workspace root with forward slashes (stable across platforms). */
export function toWorkspacePath(root: string, absPath: string): string {
  const rel = relative(root, absPath);
  return rel.split(sep).join('/');
}

/**
 * Appends one record as one line and flushes it to disk before returning, so a record that was
 * reported written survives a crash. Appends of a single write() are atomic enough for one writer;
 * the line is written with one system call.
 */
export function appendProvenance(root: string, record: ProvenanceRecord): void {
  const file = provenancePath(root);
  mkdirSync(dirname(file), { recursive: true });
  const line = JSON.stringify(record) + '\n';
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface ProvenanceReadResult {
  /** Shared between callers (the reader caches it): read it, never change it. */
  readonly records: readonly ProvenanceRecord[];
  /** Lines that could not be parsed: reported, skipped, never fatal. */
  readonly errors: readonly { line: number; message: string }[];
}

interface LogCache {
  ino: number;
  size: number;
  mtimeMs: number;
  /** Byte offset after the last newline read: what is parsed for good (the log is append-only). */
  complete: number;
  /** The bytes just before `complete`, to tell an appended log from a replaced one. */
  probe: Buffer;
  lines: number;
  records: ProvenanceRecord[];
  errors: { line: number; message: string }[];
  result: ProvenanceReadResult;
}

const PROBE_BYTES = 64;
const logCache = new Map<string, LogCache>();

function parseLines(text: string, firstLine: number, records: ProvenanceRecord[], errors: { line: number; message: string }[]): void {
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      const rec = JSON.parse(line) as ProvenanceRecord;
      if (!rec || typeof rec !== 'object' || (rec.type !== 'rewrite' && rec.type !== 'decision')) {
        errors.push({ line: firstLine + i, message: 'not a provenance record' });
        return;
      }
      records.push(rec);
    } catch (e) {
      errors.push({ line: firstLine + i, message: errorMessage(e) });
    }
  });
}

function readBytes(fd: number, from: number, to: number): Buffer {
  const buf = Buffer.alloc(Math.max(0, to - from));
  let got = 0;
  while (got < buf.length) {
    const n = readSync(fd, buf, got, buf.length - got, from + got);
    if (n <= 0) break;
    got += n;
  }
  return got === buf.length ? buf : buf.subarray(0, got);
}

/**
 * Reads the log. A torn last line (crash mid-append) or a bad line is reported and skipped. Cached by the
 * file's size and mtime: an unchanged log is not read again, and a log that grew (appends) is read from
 * where the last read ended; a replaced or shortened one is read whole.
 */
export function readProvenance(root: string): ProvenanceReadResult {
  const file = provenancePath(root);
  let st;
  try {
    st = statSync(file);
  } catch {
    logCache.delete(file);
    return { records: [], errors: [] };
  }
  const c = logCache.get(file);
  if (c && c.ino === st.ino && c.size === st.size && c.mtimeMs === st.mtimeMs) return c.result;
  const fd = openSync(file, 'r');
  try {
    let base: Pick<LogCache, 'complete' | 'lines' | 'records' | 'errors'> = { complete: 0, lines: 0, records: [], errors: [] };
    if (c && c.ino === st.ino && st.size >= c.complete && readBytes(fd, c.complete - c.probe.length, c.complete).equals(c.probe)) base = c;
    const buf = readBytes(fd, base.complete, st.size);
    const end = buf.lastIndexOf(0x0a) + 1;
    const records = base.records.slice();
    const errors = base.errors.slice();
    const done = buf.subarray(0, end).toString('utf8');
    parseLines(done, base.lines + 1, records, errors);
    const lines = base.lines + (end ? done.split('\n').length - 1 : 0);
    // The part after the last newline (a line being written, or torn by a crash) counts now, and is read again next time.
    const tailRecords = records.slice();
    const tailErrors = errors.slice();
    if (end < buf.length) parseLines(buf.subarray(end).toString('utf8'), lines + 1, tailRecords, tailErrors);
    const complete = base.complete + end;
    const result: ProvenanceReadResult = { records: Object.freeze(tailRecords), errors: Object.freeze(tailErrors) };
    logCache.set(file, {
      ino: st.ino,
      size: st.size,
      mtimeMs: st.mtimeMs,
      complete,
      probe: readBytes(fd, Math.max(0, complete - PROBE_BYTES), complete),
      lines,
      records,
      errors,
      result,
    });
    return result;
  } finally {
    closeSync(fd);
  }
}

/** Ensures `.curator/` exists with a .gitignore-free README so users know what it is. */
export function ensureCuratorDir(root: string): string {
  const dir = join(root, CURATOR_DIR);
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    appendFileSync(
      join(dir, 'README.md'),
      '# .curator\n\nCorpus Curator keeps its provenance log (provenance.jsonl), index, journals and prompt\n' +
        'templates (prompts/*.md) here. The provenance log is append-only: do not edit it by hand.\n',
    );
  }
  return dir;
}
