import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './tempdirs';

function appender(shard: string, who: string, n: number): Promise<number> {
  const mod = join(__dirname, '..', '..', 'src', 'core', 'corpus', 'record-ref.ts');
  const code = `require(${JSON.stringify(require.resolve('tsx/cjs'))});
const { appendRecordRewrite } = require(${JSON.stringify(mod)});
const big = 'x'.repeat(200000);
for (let i = 0; i < ${n}; i++) appendRecordRewrite(${JSON.stringify(shard)}, ${JSON.stringify(who)} + ' ' + i + ' ' + (i % 7 === 0 ? big : ''), { style: 'textbook', audience: 'college', model: 'm', parentPath: 'x.jsonl:1' });`;
  return new Promise((res, rej) => {
    const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit'] });
    p.on('error', rej);
    p.on('exit', (c) => res(c ?? -1));
  });
}

test('two processes appending to one rewrites shard at once: every line whole, each id naming its own line', async () => {
  const root = tempDir('curator-records-lock-');
  const shard = join(root, 'x.rewrites.textbook.college.jsonl');
  const codes = await Promise.all([appender(shard, 'a', 60), appender(shard, 'b', 60)]);
  assert.deepEqual(codes, [0, 0]);
  const lines = readFileSync(shard, 'utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length, 120);
  const seen = new Set<string>();
  lines.forEach((l, i) => {
    const o = JSON.parse(l);
    assert.equal(o.id, `x.jsonl:1.textbook.college.${i + 1}`, `line ${i + 1}`);
    seen.add(o.text.split(' ').slice(0, 2).join(' '));
  });
  assert.equal(seen.size, 120, 'no rewrite lost or written twice');
});
