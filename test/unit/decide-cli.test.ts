// `curator decide` and `curator queue` (issue 17): decisions from the command line through the one decision
// service, on the same records the extension writes, with a reason and a comment; the queue with its decisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/commands/types';
import { loadQueue } from '../../src/core/batch/queue';
import { DecisionService, decisionRecords } from '../../src/core/provenance/decisions';
import { appendProvenance, readProvenance } from '../../src/core/provenance/log';
import { PROVENANCE_VERSION, type RewriteRecord } from '../../src/core/provenance/types';
import { suggestReason } from '../../src/core/review/decision-reasons';
import { seedBatch } from './queue-fixtures';
import { tempDir } from './tempdirs';

function capture(cwd: string): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd }, out, err };
}

async function workspace(): Promise<string> {
  const ws = tempDir('curator-decide-');
  await seedBatch(ws, 'b-1', [
    { id: 'a', score: 0.95, verdict: 'consistent' },
    { id: 'b', score: 0.5, verdict: 'needs-review' },
    { id: 'c' },
  ]);
  for (const id of ['a', 'b', 'c']) writeFileSync(join(ws, `docs/${id}.md`), `source of ${id}\n`);
  return ws;
}

test('curator decide: accept and reject with reason and comment write the decision records the extension reads; reject moves the file', async () => {
  const ws = await workspace();
  const c = capture(ws);
  assert.equal(await main(['decide', 'docs/a.out.md', 'accept', '--comment', 'clean'], c.io), 0, c.err.join('\n'));
  assert.equal(c.out[0], 'accepted docs/a.out.md (clean)');
  assert.equal(await main(['decide', 'docs/b.out.md', 'reject', '--reason', 'facts-dropped', '--comment', 'lost the dates', '--json'], c.io), 0, c.err.join('\n'));
  const rec = JSON.parse(c.out[1]!) as Record<string, unknown>;
  assert.equal(rec.decision, 'rejected');
  assert.equal(rec.reason, 'facts-dropped');
  assert.equal(rec.comment, 'lost the dates');
  assert.equal(rec.rewriteId, 'r-b');
  assert.equal(rec.movedTo, '.curator/rejected/docs/b.out.md');
  assert.equal(rec.v, PROVENANCE_VERSION);
  assert.ok(!existsSync(join(ws, 'docs/b.out.md')) && existsSync(join(ws, '.curator/rejected/docs/b.out.md')), 'moved out of the corpus, not deleted');
  // the same lines the review queue reads
  const q = loadQueue(ws);
  const byId = new Map(q.map((i) => [i.jobId, i]));
  assert.equal(byId.get('a')!.state, 'accepted');
  assert.equal(byId.get('a')!.comment, 'clean');
  assert.equal(byId.get('b')!.state, 'rejected');
  assert.equal(byId.get('b')!.reason, 'facts-dropped');
  assert.equal(byId.get('c')!.state, 'pending');
  // the batch's fact summary was kept only while the text is the one it checked (the fixture's hash is not): reviewed afresh
  const recs = decisionRecords(ws);
  assert.equal(recs.length, 2);
  assert.ok(recs.every((r) => r.facts && typeof r.facts.score === 'number'));
  // an undo (as in VS Code) brings the rejected file back and the queue shows it pending again
  await new DecisionService().undoLast(ws);
  assert.ok(existsSync(join(ws, 'docs/b.out.md')));
  assert.equal(loadQueue(ws).find((i) => i.jobId === 'b')!.state, 'pending');
  assert.equal(loadQueue(ws).find((i) => i.jobId === 'b')!.reason, undefined, 'a pending item carries no reason');
});

test('curator decide: by rewrite id; errors: unknown rewrite, already rejected, bad decision or reason', async () => {
  const ws = await workspace();
  const c = capture(ws);
  assert.equal(await main(['decide', 'r-c', 'reject', '--reason', 'style'], c.io), 0, c.err.join('\n'));
  assert.match(c.out[0]!, /^rejected docs\/c\.out\.md → \.curator\/rejected\/docs\/c\.out\.md \(style\)$/);
  assert.equal(await main(['decide', 'docs/c.out.md', 'accept'], c.io), 1);
  assert.match(c.err.at(-1)!, /was rejected and moved to \.curator\/rejected\/docs\/c\.out\.md/);
  assert.equal(await main(['decide', 'docs/nothing.md', 'accept'], c.io), 1);
  assert.match(c.err.at(-1)!, /not a rewrite in the provenance log/);
  assert.equal(await main(['decide', 'docs/a.out.md', 'keep'], c.io), 2);
  assert.equal(await main(['decide', 'docs/a.out.md', 'reject', '--reason', 'boring'], c.io), 2);
  assert.match(c.err.at(-1)!, /--reason is one of facts-dropped, facts-altered, hallucination/);
  assert.equal(decisionRecords(ws).length, 1, 'nothing recorded by the failed calls');
});

test('curator decide: a single rewrite (no batch) by its provenance record; an old decision line without reason still reads', async () => {
  const ws = tempDir('curator-decide-single-');
  writeFileSync(join(ws, 'src.md'), 'The bridge opened in 1932 and spans 503 metres.\n');
  writeFileSync(join(ws, 'src.textbook.college.md'), 'The bridge opened in 1957 and spans 503 metres.\n');
  const rec: RewriteRecord = {
    type: 'rewrite', v: 1, id: 'rw1', time: '2026-01-01T00:00:00.000Z',
    source: { path: 'src.md', sha256: 'x', lang: 'en', chars: 49 },
    output: { path: 'src.textbook.college.md', sha256: 'y', lang: 'en', chars: 49 },
    style: 'textbook', audience: 'college', model: 'm', endpointHost: 'h', template: { id: 'textbook', sha256: 't', origin: 'builtin' },
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, chunks: 1, durationMs: 1, status: 'done', flags: [],
  };
  appendProvenance(ws, rec);
  // a decision line as written before issue 17 (no reason, no comment)
  appendProvenance(ws, { type: 'decision', v: 1, time: '2026-01-01T00:01:00.000Z', rewriteId: 'old', source: { path: 'x.md' }, output: { path: 'x.out.md' }, decision: 'accepted' });
  const c = capture(ws);
  assert.equal(await main(['decide', join(ws, 'src.textbook.college.md'), 'reject'], c.io), 0, c.err.join('\n'));
  assert.match(c.err[0]!, /the verdict suggests "facts-altered"/, 'the verdict (1932 → 1957) suggests a reason');
  const [, , last] = readProvenance(ws).records;
  assert.equal(last!.type, 'decision');
  assert.equal((last as { rewriteId?: string }).rewriteId, 'rw1');
  assert.ok(!('reason' in last!), 'no reason given, none written');
  assert.equal(readFileSync(join(ws, '.curator/rejected/src.textbook.college.md'), 'utf8'), 'The bridge opened in 1957 and spans 503 metres.\n');
});

test('curator queue: x of N reviewed, one line per item with its reason; --json; filters by state and reason', async () => {
  const ws = await workspace();
  const c = capture(ws);
  await main(['decide', 'docs/b.out.md', 'reject', '--reason', 'hallucination', '--comment', 'invents a mayor'], c.io);
  const q = capture(ws);
  assert.equal(await main(['queue', '.'], q.io), 0, q.err.join('\n'));
  assert.equal(q.out[0], '1 of 3 reviewed (0 accepted, 1 rejected, 2 pending)');
  assert.equal(q.out.length, 4);
  assert.match(q.out.find((l) => l.includes('docs/b.out.md'))!, /^rejected\s+0\.50\s+needs-review\s+docs\/b\.out\.md {2}\[hallucination: invents a mayor\]$/);
  const j = capture(ws);
  assert.equal(await main(['queue', ws, '--json', '--state', 'rejected'], j.io), 0);
  const parsed = JSON.parse(j.out[0]!) as { total: number; reviewed: number; items: { rewriteId: string; reason: string; comment: string; state: string }[] };
  assert.equal(parsed.total, 3);
  assert.equal(parsed.reviewed, 1);
  assert.deepEqual(parsed.items.map((i) => [i.rewriteId, i.state, i.reason, i.comment]), [['r-b', 'rejected', 'hallucination', 'invents a mayor']]);
  const r = capture(ws);
  assert.equal(await main(['queue', ws, '--json', '--reason', 'style'], r.io), 0);
  assert.deepEqual((JSON.parse(r.out[0]!) as { items: unknown[] }).items, []);
  assert.equal(await main(['queue', ws, '--state', 'done'], r.io), 2);
  assert.equal(await main(['queue', join(ws, 'missing')], r.io), 1);
});

test('suggested reason: from the verdict reasons in plain words and from output flags', () => {
  assert.equal(suggestReason({ texts: ['drops 4 of 9 source passages (40% of the text)'] }), 'facts-dropped');
  assert.equal(suggestReason({ texts: ['drops the negation "not"'] }), 'facts-altered');
  assert.equal(suggestReason({ texts: ['changes 1932 → 1957'] }), 'facts-altered');
  assert.equal(suggestReason({ texts: ['adds a sentence not in the source: "x"'] }), 'hallucination');
  assert.equal(suggestReason({ texts: ['the answer repeats the prompt'] }), 'leaked-prompt');
  assert.equal(suggestReason({ codes: ['coverage'] }), 'facts-dropped');
  assert.equal(suggestReason({ flags: ['wrong-language'], texts: ['changes 1 → 2'] }), 'language');
  assert.equal(suggestReason({ texts: ['something else'] }), undefined);
});
