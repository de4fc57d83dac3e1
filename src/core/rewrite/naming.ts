// Output file names: `name.<style>.<audience>.<ext>` beside the source (or in an output folder), never
// overwriting anything: a clash gets a number (`name.textbook.college.2.md`). Files are created with the
// exclusive flag, so two rewrites finishing at once cannot take the same name.
import { closeSync, constants, openSync, writeSync, fsyncSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';

const TEXT_EXT = new Set(['.md', '.markdown', '.txt']);

export function outputBaseName(sourcePath: string, style: string, audience: string, selection = false): { stem: string; ext: string } {
  const ext0 = extname(sourcePath).toLowerCase();
  const ext = TEXT_EXT.has(ext0) ? ext0 : '.md';
  const name = basename(sourcePath, extname(sourcePath));
  const safe = (s: string) => s.replace(/[^\p{L}\p{N}_-]+/gu, '-');
  return { stem: `${name}${selection ? '.selection' : ''}.${safe(style)}.${safe(audience)}`, ext };
}

export function candidateName(dir: string, stem: string, ext: string, n: number): string {
  return join(dir, n <= 1 ? `${stem}${ext}` : `${stem}.${n}${ext}`);
}

/**
 * Writes `content` to a new file named after the source, in `outDir` (default: the source's folder).
 * Returns the path. Never replaces an existing file. The content is flushed to disk before returning.
 */
export function writeNewFile(sourcePath: string, style: string, audience: string, content: string, opts: { outDir?: string; outFile?: string; selection?: boolean } = {}): string {
  if (opts.outFile) {
    if (!writeExclusive(opts.outFile, content)) throw new Error(`${opts.outFile} already exists: Corpus Curator never overwrites a file`);
    return opts.outFile;
  }
  const dir = opts.outDir ?? dirname(sourcePath);
  const { stem, ext } = outputBaseName(sourcePath, style, audience, opts.selection);
  for (let n = 1; n < 10_000; n++) {
    const p = candidateName(dir, stem, ext, n);
    if (writeExclusive(p, content)) return p;
  }
  throw new Error(`no free file name for ${stem}${ext} in ${dir}`);
}

/** Creates `path` with `content` and flushes it; false when the file already exists. */
function writeExclusive(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}
