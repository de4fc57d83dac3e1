// Creating a new output file atomically and durably, never replacing anything: the content goes to a hidden
// temp file in the same folder (created exclusively, written, fsynced), which is then hard-linked under the
// wanted name (link fails when the name exists) and unlinked. So a file under an output name is always whole.
// Where hard links are not supported, the file is created exclusively under its name and written in place.
// Used in the file-writer worker (writer.worker.ts) and, without one, on this thread's libuv pool (save.ts).
import { close, fsync, open as openCb, readdirSync, statSync, unlinkSync, write } from 'node:fs';
import { link, mkdir, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** Names of the temp files: hidden, and with no extension the corpus reads. */
export const TEMP_PREFIX = '.curator-tmp-';

/**
 * Removes temp files left in `dir` by a process killed mid-save (before its link, or between link and unlink).
 * Only those untouched for `olderThanMs`: a temp file lives for milliseconds, and another batch may be
 * writing one in the same folder right now. Errors are ignored (best effort).
 */
export function removeStaleTemps(dir: string, olderThanMs = 60_000): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const p = join(dir, name);
    try {
      if (now - statSync(p).mtimeMs < olderThanMs) continue;
      unlinkSync(p);
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** 'saved': the file is on disk under `target`, whole and fsynced; 'exists': the name was taken, nothing written there. */
export type NewFileResult = 'saved' | 'exists';

/** Creates `path` exclusively with `content`, fsynced; false when it exists. */
export async function writeExclusive(path: string, content: string): Promise<boolean> {
  // Plain file descriptors with callbacks rather than fs/promises' FileHandle: the same calls on the thread
  // pool without a FileHandle object (and its close tracking) per output file.
  let fd: number;
  try {
    fd = await new Promise<number>((res, rej) => openCb(path, 'wx', 0o644, (e, f) => (e ? rej(e) : res(f))));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    const data = Buffer.from(content, 'utf8');
    for (let off = 0; off < data.length; ) {
      off += await new Promise<number>((res, rej) => write(fd, data, off, data.length - off, null, (e, n) => (e ? rej(e) : res(n))));
    }
    await new Promise<void>((res, rej) => fsync(fd, (e) => (e ? rej(e) : res())));
  } finally {
    await new Promise<void>((res) => close(fd, () => res()));
  }
  return true;
}

/** Error codes of a file system without hard links (or across devices): fall back to writing in place. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK']);

/** Writes `content` as the new file `target` in `dir` (created if missing): temp file + fsync + link. */
export async function createFileAtomic(dir: string, target: string, content: string): Promise<NewFileResult> {
  await mkdir(dir, { recursive: true });
  let tmp: string;
  for (;;) {
    tmp = join(dir, `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    if (await writeExclusive(tmp, content)) break;
  }
  try {
    try {
      await link(tmp, target);
      return 'saved';
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') return 'exists';
      if (!NO_LINKS.has(code)) throw e;
    }
    return (await writeExclusive(target, content)) ? 'saved' : 'exists';
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}
