// Where rewrites open (issue 17, item 6): src/host/rewrite/placement.model.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastUsedMark, rewriteColumn, waitingTarget } from '../../src/host/rewrite/placement.model';

test('a rewrite opens in the group beside the source and reuses it: no third column', () => {
  // One group with the source: a new group beside it.
  assert.equal(rewriteColumn([{ column: 1, hasSource: true, active: true }]), 'beside');
  // After the first rewrite the result's group (2) is active; rewriting the same source again reuses group 2.
  assert.equal(rewriteColumn([{ column: 1, hasSource: true }, { column: 2, hasSource: false, active: true }]), 2);
  assert.equal(rewriteColumn([{ column: 1, hasSource: true, active: true }, { column: 2, hasSource: false }]), 2);
  // The source in the rightmost group: the group left of it.
  assert.equal(rewriteColumn([{ column: 1, hasSource: false }, { column: 2, hasSource: true, active: true }]), 1);
  // From the Corpus view (source not open): a group other than the active one, else a new one.
  assert.equal(rewriteColumn([{ column: 1, hasSource: false, active: true }, { column: 2, hasSource: false }]), 2);
  assert.equal(rewriteColumn([{ column: 1, hasSource: false }, { column: 2, hasSource: false, active: true }]), 1);
  assert.equal(rewriteColumn([{ column: 1, hasSource: false, active: true }]), 'beside');
  assert.equal(rewriteColumn([]), 'beside');
});

test('the empty preview names the model and the host it waits for', () => {
  assert.deepEqual(waitingTarget('qwen2.5', 'http://localhost:8000/v1'), { model: 'qwen2.5', host: 'localhost:8000' });
  assert.deepEqual(waitingTarget('gpt-4o-mini', 'https://api.openai.com/v1'), { model: 'gpt-4o-mini', host: 'api.openai.com' });
  assert.deepEqual(waitingTarget('m', 'not a url'), { model: 'm', host: 'not a url' });
});

test('"last used" marks a choice only once one was made', () => {
  assert.equal(lastUsedMark('textbook', undefined), false);
  assert.equal(lastUsedMark('textbook', 'textbook'), true);
  assert.equal(lastUsedMark('qa', 'textbook'), false);
});
