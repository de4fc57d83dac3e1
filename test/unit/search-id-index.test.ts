import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdIndex } from '../../src/core/corpus/search/id-index';

test('id index: random sets, replacements and deletes agree with a Map, through growth and deleted slots', () => {
  // Values are rows of `keys`; a key may move to a new row (as a document to a later shard).
  const keys: string[] = [];
  const idx = new IdIndex((v) => keys[v]!);
  const ref = new Map<string, number>();
  let x = 12345;
  const rnd = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  for (let step = 0; step < 60000; step++) {
    const k = `id${rnd(5000).toString(16)}`;
    const op = rnd(10);
    if (op < 6) {
      keys.push(k);
      idx.set(k, keys.length - 1);
      ref.set(k, keys.length - 1);
    } else if (op < 9) {
      assert.equal(idx.delete(k), ref.get(k) ?? -1);
      ref.delete(k);
    } else assert.equal(idx.get(k), ref.get(k) ?? -1);
    assert.equal(idx.size, ref.size);
  }
  for (const [k, v] of ref) assert.equal(idx.get(k), v);
  assert.equal(idx.get('absent'), -1);
  assert.deepEqual([...idx.values()].sort((a, b) => a - b), [...ref.values()].sort((a, b) => a - b));
  idx.clear();
  assert.equal(idx.size, 0);
  assert.equal(idx.has(keys[0]!), false);
});
