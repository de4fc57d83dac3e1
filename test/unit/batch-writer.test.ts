import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWriterWorker, inProcessWriter, WorkerFileWriter, type FileWriter } from '../../src/core/batch/writer';

for (const [name, make] of [
  ['in a worker thread', () => new WorkerFileWriter(defaultWriterWorker()!)],
  ["on this thread's libuv pool", () => inProcessWriter],
] as Array<[string, () => FileWriter]>) {
  test(`file writer ${name}: new files whole, a taken name never replaced, missing folders made, no temp files left`, async () => {
    const ws = mkdtempSync(join(tmpdir(), 'curator-writer-'));
    const w = make();
    try {
      const dir = join(ws, 'out', 'deep');
      const names = Array.from({ length: 30 }, (_, i) => join(dir, `f${i}.md`));
      const got = await Promise.all(names.map((n, i) => w.writeNew(dir, n, `file ${i} 长江\n`)));
      assert.deepEqual(got, names.map(() => 'saved'));
      names.forEach((n, i) => assert.equal(readFileSync(n, 'utf8'), `file ${i} 长江\n`));
      writeFileSync(join(ws, 'taken.md'), 'somebody else’s\n');
      assert.equal(await w.writeNew(ws, join(ws, 'taken.md'), 'ours\n'), 'exists');
      assert.equal(readFileSync(join(ws, 'taken.md'), 'utf8'), 'somebody else’s\n');
      // Two saves racing for one name: exactly one gets it.
      const race = await Promise.all([w.writeNew(ws, join(ws, 'r.md'), 'a\n'), w.writeNew(ws, join(ws, 'r.md'), 'b\n')]);
      assert.deepEqual([...race].sort(), ['exists', 'saved']);
      assert.equal(readFileSync(join(ws, 'r.md'), 'utf8'), race[0] === 'saved' ? 'a\n' : 'b\n');
      assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.curator-tmp-')), []);
      assert.deepEqual(readdirSync(ws).filter((f) => f.startsWith('.curator-tmp-')), []);
      if (process.getuid?.() !== 0) {
        // An error (here: a folder it may not write in) rejects that save with the file system's code.
        const ro = join(ws, 'ro');
        await w.writeNew(ro, join(ro, 'x.md'), 'x\n');
        chmodSync(ro, 0o555);
        await assert.rejects(w.writeNew(ro, join(ro, 'y.md'), 'y\n'), (e: NodeJS.ErrnoException) => e.code === 'EACCES');
        chmodSync(ro, 0o755);
      }
    } finally {
      await w.close();
      rmSync(ws, { recursive: true, force: true });
    }
  });
}

test('saves asked for in one tick go to the worker as one message; a closed writer refuses more', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'curator-writer-'));
  const w = new WorkerFileWriter(defaultWriterWorker()!);
  try {
    await Promise.all(Array.from({ length: 20 }, (_, i) => w.writeNew(ws, join(ws, `a${i}.md`), 'a\n')));
    assert.equal(w.messages, 1);
    await w.writeNew(ws, join(ws, 'b.md'), 'b\n');
    assert.equal(w.messages, 2);
    // close waits for files in flight
    const late = w.writeNew(ws, join(ws, 'late.md'), 'late\n');
    await w.close();
    assert.equal(await late, 'saved');
    assert.equal(readFileSync(join(ws, 'late.md'), 'utf8'), 'late\n');
    await assert.rejects(w.writeNew(ws, join(ws, 'c.md'), 'c\n'), /closed/);
  } finally {
    await w.close();
    rmSync(ws, { recursive: true, force: true });
  }
});
