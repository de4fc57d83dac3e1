import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { CURATOR_DIR, PROVENANCE_FILE, type ProvenanceRecord } from './types';

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
  records: ProvenanceRecord[];
  /** Lines that could not be parsed: reported, skipped, never fatal. */
  errors: { line: number; message: string }[];
}

/** Reads the whole log. A torn last line (crash mid-append) or a bad line is reported and skipped. */
export function readProvenance(root: string): ProvenanceReadResult {
  const file = provenancePath(root);
  const out: ProvenanceReadResult = { records: [], errors: [] };
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      const rec = JSON.parse(line) as ProvenanceRecord;
      if (!rec || typeof rec !== 'object' || (rec.type !== 'rewrite' && rec.type !== 'decision')) {
        out.errors.push({ line: i + 1, message: 'not a provenance record' });
        return;
      }
      out.records.push(rec);
    } catch (e) {
      out.errors.push({ line: i + 1, message: (e as Error).message });
    }
  });
  return out;
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
