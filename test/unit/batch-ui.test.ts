import { VERDICT_VERSION } from '../../src/core/review/verdict';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCost, formatDuration, formatPlan, formatTokens, parsePlanText, priceFor, progressParts } from '../../src/host/batch/run.model';
import { describeFilter, nextPending, pendingView, previousPending, sortQueue } from '../../src/host/batch/queue.model';
import { bulkAcceptCandidates, queueProgress, type QueueItem } from '../../src/core/batch/queue';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

test('parsePlanText reads percent-first, percent-last, CLI and Chinese punctuation forms', () => {
  const want = [
    { style: 'textbook', audience: 'high-school', share: 50 },
    { style: 'qa', audience: 'college', share: 50 },
  ];
  assert.deepEqual(parsePlanText('50% textbook/high-school, 50% qa/college'), want);
  assert.deepEqual(parsePlanText('textbook/high-school 50%, qa/college 50%'), want);
  assert.deepEqual(parsePlanText('textbook/high-school:50,qa/college:50'), want);
  assert.deepEqual(parsePlanText('50％ textbook/high-school，50％ qa/college'), want);
  assert.deepEqual(parsePlanText('textbook/college'), [{ style: 'textbook', audience: 'college', share: 1 }]);
  assert.throws(() => parsePlanText('half textbook'), /cannot read/);
  assert.throws(() => parsePlanText('  '), /empty/);
  assert.equal(formatPlan(parsePlanText('1 textbook/high-school, 3 qa/college')), '25% textbook/high-school, 75% qa/college');
});

test('formatting of durations, tokens and costs', () => {
  assert.equal(formatDuration(42_000), '42 s');
  assert.equal(formatDuration(185_000), '3 min 05 s');
  assert.equal(formatDuration(3_720_000), '1 h 02 min');
  assert.equal(formatTokens(950), '950');
  assert.equal(formatTokens(1500), '1.5k');
  assert.equal(formatTokens(12_345), '12.3k');
  assert.equal(formatTokens(4_560_000), '4.56M');
  assert.equal(formatCost(0), '$0');
  assert.equal(formatCost(0.0042), '$0.0042');
  assert.equal(formatCost(1.234), '$1.23');
  assert.equal(formatCost(1234.4), '$1,234');
});

test('progressParts counts skipped as done and hides the ETA when nothing is left', () => {
  const base = { total: 10, done: 3, failed: 1, skipped: 2, running: 2, remaining: 4, retries: 0, tokens: { promptTokens: 1000, completionTokens: 500, totalTokens: 1500 }, elapsedMs: 1000, cancelled: false, event: 'job-done' as const };
  const p = progressParts({ ...base, costUsd: 0.01, etaMs: 65_000 });
  assert.equal(p.finished, 6);
  assert.equal(p.done, 5);
  assert.equal(p.tokens, '1.5k');
  assert.equal(p.cost, '$0.01');
  assert.equal(p.eta, '1 min 05 s');
  assert.equal(p.percent, 60);
  assert.equal(progressParts({ ...base, remaining: 0, etaMs: 0 }).eta, undefined);
});

test('priceFor: exact, longest prefix, wildcard', () => {
  const table = { 'gpt-4o': { promptPerMTok: 2.5, completionPerMTok: 10 }, 'gpt-4o-mini': { promptPerMTok: 0.15, completionPerMTok: 0.6 }, '*': { promptPerMTok: 1, completionPerMTok: 1 } };
  assert.deepEqual(priceFor('gpt-4o-mini', table), { promptPerMTok: 0.15, completionPerMTok: 0.6 });
  assert.deepEqual(priceFor('gpt-4o-mini-2024-07-18', table), { promptPerMTok: 0.15, completionPerMTok: 0.6 });
  assert.deepEqual(priceFor('gpt-4o-2024', table), { promptPerMTok: 2.5, completionPerMTok: 10 });
  assert.deepEqual(priceFor('qwen-plus', table), { promptPerMTok: 1, completionPerMTok: 1 });
  assert.equal(priceFor('qwen-plus', { 'gpt-4o': { promptPerMTok: 1, completionPerMTok: 1 } }), undefined);
  assert.equal(priceFor('x', undefined), undefined);
});

const item = (id: string, o: Partial<QueueItem> = {}): QueueItem => ({
  rewriteId: id,
  batchId: 'b-1',
  jobId: id,
  source: `docs/${id}.md`,
  output: `docs/${id}.textbook.college.md`,
  sourceSha256: 's',
  outputSha256: 'o',
  style: 'textbook',
  audience: 'college',
  score: 0.95,
  verdict: 'consistent',
  facts: { score: 0.95, verdict: 'consistent', kept: 3, dropped: 0, altered: 0, added: 0, verdictVersion: VERDICT_VERSION },
  time: `2026-01-01T00:00:0${id.length}Z`,
  state: 'pending',
  ...o,
});

test('queue view: filter, sort, bulk selection and next item', () => {
  const items = [item('a', { score: 0.5, verdict: 'needs-review' }), item('b', { score: 0.99 }), item('c', { score: 0.9, style: 'qa' }), item('d', { score: undefined, verdict: undefined }), item('e', { state: 'accepted' })];
  assert.deepEqual(pendingView(items, {}, 'score-asc').map((i) => i.rewriteId), ['d', 'a', 'c', 'b']);
  assert.deepEqual(pendingView(items, {}, 'score-desc').map((i) => i.rewriteId), ['b', 'c', 'a', 'd']);
  assert.deepEqual(pendingView(items, { minScore: 0.9 }, 'source').map((i) => i.rewriteId), ['b', 'c']);
  assert.deepEqual(pendingView(items, { verdict: 'needs-review' }, 'source').map((i) => i.rewriteId), ['a']);
  assert.deepEqual(pendingView(items, { verdict: 'unscored' }, 'source').map((i) => i.rewriteId), ['d']);
  assert.deepEqual(pendingView(items, { style: 'qa' }, 'source').map((i) => i.rewriteId), ['c']);
  assert.deepEqual(pendingView(items, { source: 'DOCS/B' }, 'source').map((i) => i.rewriteId), ['b']);
  assert.deepEqual(sortQueue(items, 'style').map((i) => i.rewriteId)[0], 'c');
  assert.deepEqual(bulkAcceptCandidates(items, 0.9).map((i) => i.rewriteId), ['b', 'c']);
  assert.deepEqual(bulkAcceptCandidates(items, 0.95).map((i) => i.rewriteId), ['b']);
  assert.equal(describeFilter({ minScore: 0.8, verdict: 'needs-review', style: 'qa' }), 'score ≥ 0.8 · needs-review · style qa');
  const view = pendingView(items, {}, 'score-asc');
  const order = view.map((i) => i.rewriteId);
  // After deciding "a", the next is the one after it in the order the user saw.
  assert.equal(nextPending(view.filter((i) => i.rewriteId !== 'a'), 'a', order)?.rewriteId, 'c');
  assert.equal(nextPending(view.filter((i) => i.rewriteId !== 'b'), 'b', order)?.rewriteId, 'd');
  assert.equal(nextPending([], 'b', order), undefined);
});

test('queue view (issue 17): filtered by decision and reason; previous pending; x of N reviewed', () => {
  const items = [
    item('a', { score: 0.5 }),
    item('b', { score: 0.6, state: 'rejected', reason: 'facts-dropped', comment: 'lost dates' }),
    item('c', { score: 0.7, state: 'rejected', reason: 'hallucination' }),
    item('d', { score: 0.8, state: 'accepted' }),
    item('e', { score: 0.9 }),
  ];
  assert.deepEqual(pendingView(items, {}, 'score-asc').map((i) => i.rewriteId), ['a', 'e'], 'pending by default');
  assert.deepEqual(pendingView(items, { state: 'rejected' }, 'score-asc').map((i) => i.rewriteId), ['b', 'c']);
  assert.deepEqual(pendingView(items, { state: 'any' }, 'score-asc').map((i) => i.rewriteId), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(pendingView(items, { reason: 'hallucination' }, 'score-asc').map((i) => i.rewriteId), ['c'], 'a reason alone looks at decided items');
  assert.deepEqual(pendingView(items, { reason: 'none' }, 'score-asc').map((i) => i.rewriteId), ['d'], 'decided without a reason');
  assert.deepEqual(pendingView(items, { state: 'accepted', reason: 'facts-dropped' }, 'score-asc'), []);
  assert.equal(describeFilter({ state: 'rejected', reason: 'facts-dropped' }), 'rejected · reason facts-dropped');
  assert.deepEqual(queueProgress(items), { total: 5, reviewed: 3, accepted: 1, rejected: 2, pending: 2 });
  const order = ['a', 'b', 'c', 'd', 'e'];
  const pending = items.filter((i) => i.state === 'pending');
  assert.equal(previousPending(pending, 'e', order)?.rewriteId, 'a');
  assert.equal(previousPending(pending, 'c', order)?.rewriteId, 'a', 'from a decided item, the pending one before it');
  assert.equal(nextPending(pending, 'c', order)?.rewriteId, 'e', '… and the one after it');
  assert.equal(previousPending(pending, 'a', order)?.rewriteId, 'e', 'wraps round to the last');
});

test('keybindings (issue 17): every one names a command of the table and has a when clause', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { contributes: { keybindings: { command: string; key: string; when?: string }[]; commands: { command: string }[] } };
  const ids = new Set(pkg.contributes.commands.map((c) => c.command));
  const kb = pkg.contributes.keybindings;
  for (const k of kb) {
    assert.ok(ids.has(k.command), `${k.command} is a contributed command`);
    assert.ok(k.when && /corpusCurator\.(reviewQueue|review)\b/.test(k.when), `${k.command} (${k.key}) only in the queue or the review panel`);
  }
  assert.deepEqual(kb.map((k) => k.key).sort(), ['alt+a', 'alt+n', 'alt+p', 'alt+r', 'alt+u']);
});
