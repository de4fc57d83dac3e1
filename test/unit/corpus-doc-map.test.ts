import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocMap } from '../../src/core/corpus/index/doc-map';
import type { CorpusDocument } from '../../src/core/corpus/model';

const doc = (id: string, n = 0) => ({ id, chars: n }) as unknown as CorpusDocument;

test('doc map: order, replacement in place, deletes and packing agree with a Map', () => {
  const m = new DocMap();
  const ref = new Map<string, CorpusDocument>();
  let x = 99;
  const rnd = (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
  for (let step = 0; step < 40000; step++) {
    const id = `doc-${rnd(3000)}`;
    if (rnd(3) < 2) {
      const d = doc(id, step);
      m.set(id, d);
      ref.set(id, d);
    } else assert.equal(m.delete(id), ref.delete(id));
    if (step % 997 === 0) assert.deepEqual([...m.values()], [...ref.values()]);
  }
  assert.equal(m.size, ref.size);
  assert.deepEqual([...m.values()], [...ref.values()]);
  assert.deepEqual([...m.keys()], [...ref.keys()]);
  for (const [id, d] of ref) {
    assert.equal(m.get(id), d);
    assert.equal(m.has(id), true);
  }
  assert.equal(m.get('absent'), undefined);
  assert.throws(() => m.set('a', doc('b')));
  // Deleting while iterating, as a Map allows.
  for (const d of m.values()) if (d.chars % 2) m.delete(d.id);
  for (const d of ref.values()) if (d.chars % 2) ref.delete(d.id);
  assert.deepEqual([...m.values()], [...ref.values()]);
  assert.deepEqual(new DocMap([doc('a', 1), doc('b', 2), doc('a', 3)]).get('a')?.chars, 3);
});
