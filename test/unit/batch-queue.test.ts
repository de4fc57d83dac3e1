import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, type DoneRecord } from '../../src/core/batch/journal';
import { bulkAcceptCandidates, decide, filterQueue, lastDecisionGroup, loadQueue, sortQueue, undoLastDecision } from '../../src/core/batch/queue';
import { VERDICT_VERSION } from '../../src/core/review/verdict';
import { readProvenance } from '../../src/core/provenance/log';
import type { DecisionRecord, FactSummary } from '../../src/core/provenance/types';

let ws = '';
beforeEach(() => {
  ws = mkdtempSync(join(tmpdir(), 'curator-batch-queue-'));
  mkdirSync(join(ws, 'docs'), { recursive: true });
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

const facts = (score: number, verdict: FactSummary['verdict']): FactSummary => ({ score, verdict, kept: 3, dropped: 0, altered: 0, added: 0, verdictVersion: VERDICT_VERSION });

async function seed(batchId: string, items: { id: string; score?: number; verdict?: FactSummary['verdict']; style?: string; audience?: string }[]): Promise<void> {
  const j = await Journal.open(ws, batchId);
  for (const [n, it] of items.entries()) {
    const out = `docs/${it.id}.out.md`;
    writeFileSync(join(ws, out), `rewrite of ${it.id}\n`);
    const rec: DoneRecord = {
      t: 'done',
      key: `k${batchId}${n}`,
      job: it.id,
      time: `2026-01-01T00:00:0${n}.000Z`,
      rewriteId: `r-${it.id}`,
      output: { path: out, sha256: 'o' },
      source: { path: `docs/${it.id}.md`, sha256: 's' },
      style: it.style ?? 'textbook',
      audience: it.audience ?? 'college',
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
      flags: [],
      ...(it.score !== undefined ? { facts: facts(it.score, it.verdict!), verdict: it.verdict } : {}),
    };
    await j.append(rec);
  }
  await j.close();
}

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

test('bulk accept selects consistent items at or above the threshold; undo reverts the whole group', async () => {
  await seed('b-1', [
    { id: 'a', score: 0.95, verdict: 'consistent' },
    { id: 'b', score: 0.79, verdict: 'consistent' },
    { id: 'c', score: 0.9, verdict: 'needs-review' },
    { id: 'd', score: 0.8, verdict: 'consistent' },
    { id: 'e' },
  ]);
  const picked = bulkAcceptCandidates(loadQueue(ws), 0.8);
  assert.deepEqual(picked.map((i) => i.jobId).sort(), ['a', 'd']);
  // One item decided by hand first, then the bulk accept.
  decide(ws, loadQueue(ws).filter((i) => i.jobId === 'c'), 'rejected', { now: new Date('2026-01-02T00:00:00Z') });
  assert.ok(!existsSync(join(ws, 'docs/c.out.md')), 'a rejected file leaves the corpus');
  assert.ok(existsSync(join(ws, '.curator/rejected/docs/c.out.md')), '… moved, never deleted');
  decide(ws, picked, 'accepted', { note: 'bulk: score ≥ 0.8', now: new Date('2026-01-02T00:01:00Z') });
  let q = loadQueue(ws);
  assert.deepEqual(q.filter((i) => i.state === 'accepted').map((i) => i.jobId).sort(), ['a', 'd']);
  assert.deepEqual(bulkAcceptCandidates(q, 0.8), [], 'decided items are not selected again');

  const undone = undoLastDecision(ws, new Date('2026-01-02T00:02:00Z'));
  assert.deepEqual(undone.map((r) => r.rewriteId).sort(), ['r-a', 'r-d']);
  assert.ok(undone.every((r) => r.decision === 'pending' && r.undoes === 'accepted@2026-01-02T00:01:00.000Z'));
  q = loadQueue(ws);
  assert.deepEqual(q.filter((i) => i.state === 'pending').map((i) => i.jobId).sort(), ['a', 'b', 'd', 'e']);
  // The next undo reverts the rejection and brings the file back.
  const second = undoLastDecision(ws, new Date('2026-01-02T00:03:00Z'));
  assert.deepEqual(second.map((r) => r.rewriteId), ['r-c']);
  assert.ok(existsSync(join(ws, 'docs/c.out.md')));
  assert.equal(loadQueue(ws).find((i) => i.jobId === 'c')!.state, 'pending');
  // Nothing left to undo.
  assert.deepEqual(undoLastDecision(ws), []);
  const decisions = readProvenance(ws).records.filter((r): r is DecisionRecord => r.type === 'decision');
  assert.equal(decisions.length, 6);
  assert.deepEqual(lastDecisionGroup(decisions), []);
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
