// A lock file beside a file that more than one writer appends to: the extension, a `curator` process and the
// batch's writer thread may all add lines to the same rewrites shard, and each must count the shard's lines
// and append its own as one step. The lock is `<file>.lock`, created exclusively (O_EXCL), holding the
// owner's process id. A lock whose process is gone, or older than `staleMs` (an append takes milliseconds),
// is taken over. Synchronous, like the appends it guards.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

export interface FileLockOptions {
  /** How long to wait for another writer before giving up (default 30 s). */
  timeoutMs?: number;
  /** A lock older than this is left over from a writer that died (default 10 s). */
  staleMs?: number;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function processGone(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** True when the lock file was left by a writer that is no longer there (or it is older than `staleMs`). */
function isStale(lock: string, staleMs: number): boolean {
  try {
    const age = Date.now() - statSync(lock).mtimeMs;
    if (age > staleMs) return true;
    const pid = Number(readFileSync(lock, 'utf8').split(' ')[0]);
    return processGone(pid);
  } catch {
    return false; // gone already, or being written: try to take it again
  }
}

/** Runs `fn` holding `<path>.lock`; throws, naming the lock file, when another writer holds it past the timeout. */
export function withFileLockSync<T>(path: string, fn: () => T, o: FileLockOptions = {}): T {
  const lock = `${path}.lock`;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const staleMs = o.staleMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  let fd: number | undefined;
  for (let wait = 1; fd === undefined; wait = Math.min(wait * 2, 50)) {
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (isStale(lock, staleMs)) {
        try {
          unlinkSync(lock);
        } catch {
          // another waiter took it over first
        }
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`${path} is being written by another process (its lock ${lock} is held). Try again; if no Corpus Curator process is running, delete ${lock}.`);
      }
      sleepSync(wait);
    }
  }
  try {
    writeSync(fd, `${process.pid} ${threadId}\n`);
    closeSync(fd);
    fd = undefined;
    return fn();
  } finally {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(lock);
    } catch {
      // already removed as stale by another writer after staleMs: nothing to release
    }
  }
}
