import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { withFileLockSync } from '../../src/core/util/file-lock';
import { tempDir } from './tempdirs';

test('a lock left by a process that is gone, or an old one, is taken over; the lock file is removed after use', () => {
  const dir = tempDir('curator-lock-');
  const file = join(dir, 'x.jsonl');
  // The process id of a process that has exited.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  writeFileSync(`${file}.lock`, `${dead} 0\n`);
  assert.equal(withFileLockSync(file, () => 'ran', { timeoutMs: 2000 }), 'ran');
  assert.equal(existsSync(`${file}.lock`), false);
  // Our own process id (another thread of ours), but older than staleMs.
  writeFileSync(`${file}.lock`, `${process.pid} 1\n`);
  const old = new Date(Date.now() - 60_000);
  utimesSync(`${file}.lock`, old, old);
  assert.equal(withFileLockSync(file, () => 'ran again', { timeoutMs: 2000 }), 'ran again');
});

test('a lock held by a live writer makes the next one wait, then give up with a message naming the lock', () => {
  const dir = tempDir('curator-lock-');
  const file = join(dir, 'x.jsonl');
  writeFileSync(`${file}.lock`, `${process.pid} 1\n`);
  let ran = false;
  assert.throws(() => withFileLockSync(file, () => (ran = true), { timeoutMs: 200 }), (e: Error) => e.message.includes(`${file}.lock`) && /another process/.test(e.message));
  assert.equal(ran, false);
  assert.equal(existsSync(`${file}.lock`), true, "someone else's lock is left alone");
});
