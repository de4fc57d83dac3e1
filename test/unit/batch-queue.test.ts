import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterQueue, loadQueue, sortQueue } from '../../src/core/batch/queue';
import { seedBatch, type SeedItem } from './queue-fixtures';

let ws = '';
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'curator-batch-queue-'));
  mkdirSync(join(ws, 'docs'), { recursive: true });
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

const seed = (batchId: string, items: SeedItem[]) => seedBatch(ws, batchId, items);

test('the queue: results of every batch with their decision, filtered and sorted', async () => {
  await seed('b-1', [
    { id: 'a', score: 0.95, verdict: 'consistent' },
    { id: 'b', score: 0.5, verdict: 'needs-review', style: 'qa' },
    { id: 'c' },
  ]);
  await seed('b-2', [{ id: 'd', score: 0.85, verdict: 'consistent', audience: 'high-school' }]);
  const q = loadQueue(ws);
  assert.deepEqual(q.map((i) => i.jobId).sort(), ['a', 'b', 'c', 'd']);
  assert.ok(q.every((i) => i.state === 'pending'));
  assert.deepEqual(sortQueue(q, 'score').map((i) => i.jobId), ['c', 'b', 'd', 'a'], 'unscored first when ascending');
  assert.deepEqual(sortQueue(q, 'score', 'desc').map((i) => i.jobId), ['a', 'd', 'b', 'c']);
  assert.deepEqual(filterQueue(q, { verdict: 'consistent' }).map((i) => i.jobId).sort(), ['a', 'd']);
  assert.deepEqual(filterQueue(q, { verdict: 'unscored' }).map((i) => i.jobId), ['c']);
  assert.deepEqual(filterQueue(q, { style: 'qa' }).map((i) => i.jobId), ['b']);
  assert.deepEqual(filterQueue(q, { audience: 'high-school' }).map((i) => i.jobId), ['d']);
  assert.deepEqual(filterQueue(q, { minScore: 0.6, maxScore: 0.9 }).map((i) => i.jobId), ['d']);
  assert.deepEqual(filterQueue(q, { source: 'DOCS/A' }).map((i) => i.jobId), ['a']);
  assert.deepEqual(filterQueue(q, { batchId: 'b-2' }).map((i) => i.jobId), ['d']);
  assert.equal(loadQueue(ws, { batchId: 'b-1' }).length, 3);
});
