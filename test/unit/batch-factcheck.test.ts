import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FactCheckPool, defaultFactCheckWorker } from '../../src/core/batch/factcheck-pool';
import { buildReview } from '../../src/core/review/review';

test('the fact-check worker pool gives buildReview’s summary, in parallel, and closes', async () => {
  const file = defaultFactCheckWorker();
  assert.equal(file, join(__dirname, '../../src/core/batch/factcheck.worker.ts'));
  const pool = new FactCheckPool(file!, 2);
  try {
    const pairs: [string, string][] = [
      ['The bridge is 120 m long. It opened in 1932.', 'The bridge, opened in 1932, is 120 m long.'],
      ['The bridge is 120 m long. It opened in 1932.', 'The bridge is 150 m long. It opened in 1932.'],
      ['长江全长约6300公里。', '长江全长约6300公里，是中国最长的河流。'],
    ];
    const got = await Promise.all(pairs.map(([s, r]) => pool.check(s, r)));
    assert.deepEqual(got, pairs.map(([s, r]) => buildReview(s, r).summary));
    assert.equal(got[1]!.verdict, 'needs-review', 'a changed number is caught');
  } finally {
    await pool.close();
  }
  await assert.rejects(pool.check('a', 'b'), /closed/);
});

test('checks asked for in one tick travel together, and each gets its own answer', async () => {
  const pool = new FactCheckPool(defaultFactCheckWorker()!, 1);
  try {
    const pairs = Array.from({ length: 40 }, (_, i): [string, string] => [`The dam is ${100 + i} m high.`, i % 2 ? `The dam stands ${100 + i} m high.` : `The dam is ${200 + i} m high.`]);
    const got = await Promise.all(pairs.map(([s, r]) => pool.check(s, r)));
    assert.deepEqual(got, pairs.map(([s, r]) => buildReview(s, r).summary));
    assert.deepEqual(got.map((g) => g.verdict), pairs.map((_, i) => (i % 2 ? 'consistent' : 'needs-review')));
    assert.equal(pool.messages, 1, 'forty small checks of one tick go as one message');
    // a long pair is not held back behind more than one message's worth of others
    const long = 'The dam is 100 m high. '.repeat(3000);
    await Promise.all([pool.check(long, long), pool.check(long, long), pool.check('a', 'a')]);
    assert.equal(pool.messages, 1 + 3);
  } finally {
    await pool.close();
  }
});
