import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filterQueue, loadQueue, sortQueue } from '../../src/core/batch/queue';
import { seedBatch, type SeedItem } from './queue-fixtures';
import { bulkAcceptCandidates } from '../../src/core/batch/queue';
import { VERDICT_VERSION } from '../../src/core/review/verdict';
import type { FactSummary } from '../../src/core/provenance/types';

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

test('bulk accept trusts only the one verdict: an item scored by an older check, or needing review for a reason, stays', () => {
  const item = (id: string, f: Partial<FactSummary>) => ({
    rewriteId: id, batchId: 'b', jobId: id, source: `${id}.md`, output: `${id}.out.md`, sourceSha256: 's', outputSha256: 'o', style: 'textbook', audience: 'college',
    score: f.score ?? 0.95, verdict: f.verdict ?? 'consistent', facts: { score: 0.95, verdict: 'consistent' as const, kept: 3, dropped: 0, altered: 0, added: 0, ...f }, time: '2026-01-01T00:00:00Z', state: 'pending' as const,
  });
  const items = [
    item('now', { verdictVersion: VERDICT_VERSION }),
    item('old', {}), // an older check's "consistent" (it let a quarter of the source go)
    item('leak', { verdict: 'needs-review', verdictVersion: VERDICT_VERSION, reasons: ['the answer opens with a preamble ("Here is the rewritten text:")'] }),
  ];
  assert.deepEqual(bulkAcceptCandidates(items, 0.9).map((i) => i.rewriteId), ['now']);
});
