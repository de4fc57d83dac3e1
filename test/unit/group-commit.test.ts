import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupCommitFile } from '../../src/core/util/group-commit';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('group commit: a tick’s lines share one fdatasync; under a stream lines gather; a lone append is written at once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'curator-gc-'));
  const path = join(dir, 'log.jsonl');
  const f = new GroupCommitFile(() => open(path, 'a'), true, 1000);
  try {
    // Each promise resolves only once its line is in the file.
    const onDisk = (line: string) => f.append(line).then(() => assert.ok(readFileSync(path, 'utf8').includes(line), `${line.trim()} on disk when its append resolves`));
    await Promise.all(Array.from({ length: 10 }, (_, i) => onDisk(`burst ${i}\n`)));
    assert.equal(f.syncs, 1, 'ten lines of one tick: one sync');
    // A stream (the last write carried several lines): a line 10 ms after the first joins its write
    // (the gathering time is long here so the test does not depend on the machine's speed).
    const a = onDisk('stream a\n');
    await sleep(10);
    const b = onDisk('stream b\n');
    await Promise.all([a, b]);
    assert.equal(f.syncs, 2, 'two lines 10 ms apart in a stream: one sync');
    // Lone appends, one awaited after the other, do not wait for company once the stream is over.
    await onDisk('lone 1\n');
    const t0 = performance.now();
    await onDisk('lone 2\n');
    await onDisk('lone 3\n');
    assert.equal(f.syncs, 5);
    // Had they waited for company, these two would have taken 2 × 1,000 ms.
    assert.ok(performance.now() - t0 < 1500, 'the last two lone appends did not wait the gathering time');
    assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 15);
  } finally {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
