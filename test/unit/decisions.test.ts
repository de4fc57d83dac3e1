// The decision service (src/core/provenance/decisions.ts): the one path of every accept, reject and undo,
// for the review panel, the review queue and the CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bulkAcceptCandidates, decisionTarget, loadQueue } from '../../src/core/batch/queue';
import { appendProvenance, readProvenance } from '../../src/core/provenance/log';
import {
  DecisionService,
  decisionRecord,
  lastDecisionGroup,
  latestDecision,
  rejectedPath,
  reviewedTarget,
  type DecisionEvent,
} from '../../src/core/provenance/decisions';
import { PROVENANCE_VERSION, type DecisionRecord, type RewriteRecord } from '../../src/core/provenance/types';
import { facts, seedBatch } from './queue-fixtures';
import { tempDir } from './tempdirs';

const seed = seedBatch;

test('queue decisions: bulk accept of the consistent items, a reject moves the file out, undo reverts the whole group and brings files back', async () => {
  const ws = tempDir('curator-decisions-');
  await seed(ws, 'b-1', [
    { id: 'a', score: 0.95, verdict: 'consistent' },
    { id: 'b', score: 0.79, verdict: 'consistent' },
    { id: 'c', score: 0.9, verdict: 'needs-review' },
    { id: 'd', score: 0.8, verdict: 'consistent' },
    { id: 'e' },
  ]);
  const svc = new DecisionService();
  const events: DecisionEvent[] = [];
  svc.onDidChange((e) => events.push(e));
  let q = loadQueue(ws);
  assert.ok(q.every((i) => i.state === 'pending' && i.batchId === 'b-1'));
  const picked = bulkAcceptCandidates(q, 0.8);
  assert.deepEqual(picked.map((i) => i.jobId).sort(), ['a', 'd']);
  // One item decided by hand first, then the bulk accept.
  const [rej] = await svc.decide(ws, q.filter((i) => i.jobId === 'c').map(decisionTarget), 'rejected', { now: new Date('2026-01-02T00:00:00Z') });
  assert.equal(rej!.movedTo, '.curator/rejected/docs/c.out.md');
  assert.ok(!existsSync(join(ws, 'docs/c.out.md')), 'a rejected file leaves the corpus');
  assert.equal(readFileSync(join(ws, '.curator/rejected/docs/c.out.md'), 'utf8'), 'rewrite of c\n', '… moved, never deleted');
  const acc = await svc.decide(ws, picked.map(decisionTarget), 'accepted', { note: 'bulk: score ≥ 0.8', now: new Date('2026-01-02T00:01:00Z') });
  assert.equal(acc.length, 2);
  assert.ok(acc.every((r) => r.v === PROVENANCE_VERSION && r.note === 'bulk: score ≥ 0.8' && r.facts?.verdict === 'consistent'));
  q = loadQueue(ws);
  assert.deepEqual(q.filter((i) => i.state === 'accepted').map((i) => i.jobId).sort(), ['a', 'd']);
  assert.deepEqual(bulkAcceptCandidates(q, 0.8), [], 'decided items are not selected again');

  const undone = await svc.undoLast(ws, new Date('2026-01-02T00:02:00Z'));
  assert.deepEqual(undone.map((r) => r.rewriteId).sort(), ['r-a', 'r-d']);
  assert.ok(undone.every((r) => r.decision === 'pending' && r.undoes === 'accepted@2026-01-02T00:01:00.000Z'));
  q = loadQueue(ws);
  assert.deepEqual(q.filter((i) => i.state === 'pending').map((i) => i.jobId).sort(), ['a', 'b', 'd', 'e']);
  // The next undo reverts the rejection and brings the file back.
  const second = await svc.undoLast(ws, new Date('2026-01-02T00:03:00Z'));
  assert.deepEqual(second.map((r) => r.rewriteId), ['r-c']);
  assert.equal(readFileSync(join(ws, 'docs/c.out.md'), 'utf8'), 'rewrite of c\n');
  assert.equal(loadQueue(ws).find((i) => i.jobId === 'c')!.state, 'pending');
  // Nothing left to undo.
  assert.deepEqual(await svc.undoLast(ws), []);
  const decisions = readProvenance(ws).records.filter((r): r is DecisionRecord => r.type === 'decision');
  assert.equal(decisions.length, 6, 'one provenance line per decision and per undo');
  assert.deepEqual(lastDecisionGroup(decisions), []);
  // One event per group that wrote something, in order, with its records.
  assert.deepEqual(events.map((e) => [e.kind, e.records.length]), [['decided', 1], ['decided', 2], ['undone', 2], ['undone', 1]]);
  assert.ok(events.every((e) => e.root === ws));
});

test('the last decision group skips decisions already superseded', () => {
  const d = (id: string, decision: DecisionRecord['decision'], time: string, extra: Partial<DecisionRecord> = {}): DecisionRecord => ({ type: 'decision', v: 1, time, rewriteId: id, source: { path: 's' }, output: { path: 'o' }, decision, ...extra });
  assert.deepEqual(lastDecisionGroup([d('a', 'accepted', '1'), d('b', 'accepted', '2'), d('b', 'pending', '3', { undoes: 'accepted@2' })]).map((x) => x.rewriteId), ['a']);
  assert.deepEqual(lastDecisionGroup([d('a', 'accepted', '1'), d('a', 'rejected', '2')]).map((x) => x.decision), ['rejected']);
});

test('rejected files go to .curator/rejected/<same relative path>, numbered on a clash', () => {
  const root = '/w';
  assert.equal(rejectedPath(root, '/w/docs/a.textbook.md', () => false), '/w/.curator/rejected/docs/a.textbook.md');
  const taken = new Set(['/w/.curator/rejected/docs/a.textbook.md', '/w/.curator/rejected/docs/a.textbook.2.md']);
  assert.equal(rejectedPath(root, '/w/docs/a.textbook.md', (p) => taken.has(p)), '/w/.curator/rejected/docs/a.textbook.3.md');
  assert.equal(rejectedPath(root, '/elsewhere/x.md', () => false), '/w/.curator/rejected/x.md');
  // Workspace-relative paths (the queue's) land in the same place.
  assert.equal(rejectedPath(root, 'docs/a.textbook.md', () => false), '/w/.curator/rejected/docs/a.textbook.md');
});

test('decision records: workspace paths, hashes, facts summary, movedTo', () => {
  const root = tempDir('review-view-');
  const target = reviewedTarget({ root, source: join(root, 'docs/a.md'), rewrite: join(root, 'docs/a.t.md'), sourceText: 'x', rewriteText: 'y', facts: { score: 0.5, verdict: 'needs-review', kept: 1, dropped: 0, altered: 1, added: 0 } });
  const rec = decisionRecord(target, 'rejected', { movedTo: '.curator/rejected/docs/a.t.md', time: 't' });
  assert.equal(rec.type, 'decision');
  assert.equal(rec.v, PROVENANCE_VERSION);
  assert.equal(rec.decision, 'rejected');
  assert.equal(rec.source.path, 'docs/a.md');
  assert.equal(rec.output.path, 'docs/a.t.md');
  assert.equal(rec.movedTo, '.curator/rejected/docs/a.t.md');
  assert.equal(rec.output.sha256?.length, 64);
  assert.equal(rec.facts?.altered, 1);
  assert.equal(rec.rewriteId, undefined, 'no rewrite record, no id');
});

test('a review decision (the panel’s): the rewrite id from the provenance log, the move through the caller’s mover, the latest decision by path', async () => {
  const root = tempDir('curator-decide-panel-');
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'docs/river.md'), 'The river is 12 km long.\n');
  writeFileSync(join(root, 'docs/river.textbook.college.md'), 'The river is twelve kilometres long.\n');
  const rw: RewriteRecord = {
    type: 'rewrite', v: 1, id: 'rw-1', time: '2026-01-01T00:00:00.000Z',
    source: { path: 'docs/river.md', sha256: '', lang: 'en', chars: 1 }, output: { path: 'docs/river.textbook.college.md', sha256: '', lang: 'en', chars: 1 },
    style: 'textbook', audience: 'college', model: 'm', endpointHost: 'h', template: { id: 't', sha256: '', origin: 'builtin' },
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, chunks: 1, durationMs: 0, status: 'done', flags: [],
  };
  appendProvenance(root, rw);
  const moves: [string, string][] = [];
  const svc = new DecisionService({
    move: async (from, to) => {
      moves.push([from, to]);
      renameSync(from, to);
    },
  });
  const events: DecisionEvent[] = [];
  svc.onDidChange((e) => events.push(e));
  const rewrite = join(root, 'docs/river.textbook.college.md');
  const target = reviewedTarget({ root, source: join(root, 'docs/river.md'), rewrite, sourceText: 'a', rewriteText: 'b', facts: facts(0.4, 'needs-review') });
  assert.equal(target.rewriteId, 'rw-1', 'found by the rewrite record of that output');
  assert.equal(reviewedTarget({ root, source: join(root, 'docs/river.md'), rewrite, sourceText: 'a', rewriteText: 'b', facts: facts(1, 'consistent'), rewriteId: 'known' }).rewriteId, 'known', 'an id the caller knows wins, no look-up');
  const [rec] = await svc.decide(root, [target], 'rejected');
  assert.deepEqual(moves, [[rewrite, join(root, '.curator/rejected/docs/river.textbook.college.md')]], 'the rejected file went through the mover');
  assert.equal(rec!.rewriteId, 'rw-1');
  assert.equal(latestDecision(root, rewrite)?.decision, 'rejected');
  assert.equal(latestDecision(root, rewrite)?.movedTo, '.curator/rejected/docs/river.textbook.college.md');
  assert.equal(events.length, 1);
  assert.equal(events[0]!.records[0]!.output.path, 'docs/river.textbook.college.md');
  // Undo brings the file back, through the mover too.
  assert.equal((await svc.undoLast(root)).length, 1);
  assert.ok(existsSync(rewrite));
  assert.deepEqual(moves[1], [join(root, '.curator/rejected/docs/river.textbook.college.md'), rewrite]);
  // Accept leaves the file where it is.
  const [ok] = await svc.decide(root, [target], 'accepted');
  assert.equal(ok!.movedTo, undefined);
  assert.ok(existsSync(rewrite));
  assert.equal(moves.length, 2);
  // A reject of a file no longer there records the decision without a move.
  renameSync(rewrite, join(root, 'elsewhere.md'));
  const [gone] = await svc.decide(root, [target], 'rejected');
  assert.equal(gone!.movedTo, undefined);
  assert.equal(moves.length, 2);
  assert.equal(latestDecision(root, rewrite)?.decision, 'rejected');
  assert.deepEqual(events.map((e) => e.kind), ['decided', 'undone', 'decided', 'decided']);
});

test('a listener that throws does not stop the others, nor the decision', async () => {
  const root = tempDir('curator-decide-listeners-');
  const svc = new DecisionService();
  let seen = 0;
  svc.onDidChange(() => {
    throw new Error('a broken view');
  });
  const sub = svc.onDidChange(() => seen++);
  const t = { source: { path: 'a.md' }, output: { path: 'a.t.md' } };
  assert.equal((await svc.decide(root, [t], 'accepted')).length, 1);
  assert.equal(seen, 1);
  sub.dispose();
  await svc.decide(root, [t], 'accepted');
  assert.equal(seen, 1, 'a disposed listener hears nothing');
  assert.equal(readProvenance(root).records.length, 2);
});
