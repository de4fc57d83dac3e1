import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffArrays } from 'diff';
import { myersRuns } from '../../src/core/review/myers';
import { rng } from '../../src/core/corpus/stats';

/** diffArrays' changes as runs (0 equal, 1 inserted, 2 deleted). */
function reference(a: number[], b: number[], maxEditLength: number): Array<{ op: number; count: number }> | undefined {
  const changes = diffArrays(a, b, { maxEditLength });
  return changes?.map((c) => ({ op: c.added ? 1 : c.removed ? 2 : 0, count: c.count ?? c.value.length }));
}

test('myersRuns: the same edit script as diffArrays, on random sequences and sub-ranges', () => {
  const r = rng(14);
  let compared = 0;
  for (let round = 0; round < 3000; round++) {
    const alphabet = 1 + Math.floor(r() * (round % 3 === 0 ? 3 : 30));
    const len = () => Math.floor(r() * (round % 10 === 0 ? 120 : 25));
    const a = Array.from({ length: len() }, () => Math.floor(r() * alphabet));
    // b: a edited (tokens replaced, dropped, inserted) or unrelated
    const b = r() < 0.2 ? Array.from({ length: len() }, () => Math.floor(r() * alphabet)) : a.flatMap((x) => (r() < 0.15 ? [] : r() < 0.15 ? [x, Math.floor(r() * alphabet)] : r() < 0.2 ? [Math.floor(r() * alphabet)] : [x]));
    const a0 = Math.floor(r() * 3);
    const b0 = Math.floor(r() * 3);
    const pad = (x: number[], k: number) => [...Array.from({ length: k }, () => 99), ...x, 98];
    const maxEdit = r() < 0.3 ? 1 + Math.floor(r() * 8) : 4000;
    assert.deepEqual(myersRuns(pad(a, a0), a0, a0 + a.length, pad(b, b0), b0, b0 + b.length, maxEdit), reference(a, b, maxEdit), `round ${round}`);
    compared++;
  }
  assert.equal(compared, 3000);
});

test('myersRuns: identical, empty and one-sided inputs', () => {
  assert.deepEqual(myersRuns([1, 2, 3], 0, 3, [1, 2, 3], 0, 3, 10), [{ op: 0, count: 3 }]);
  assert.deepEqual(myersRuns([], 0, 0, [4, 5], 0, 2, 10), [{ op: 1, count: 2 }]);
  assert.deepEqual(myersRuns([4, 5], 0, 2, [], 0, 0, 10), [{ op: 2, count: 2 }]);
  assert.deepEqual(myersRuns([1, 2], 0, 2, [3, 4], 0, 2, 1), undefined, 'more edits than allowed');
});
