import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReview } from '../../src/core/review/review';
import type { ReviewModel } from '../../src/core/review/types';
import { cellText, changeRanges, cutSpans, docToCell, toView } from '../../src/host/review/view.model';
import { orderPair } from '../../src/host/review/pairs.model';
import { checkClaims, readCachedClaims, toClaimView } from '../../src/host/review/claims.model';
import { keyAction } from '../../webview/review/keys';
import { STRING_KEYS } from '../../src/shared/review-protocol';
import type { Teacher } from '../../src/core/llm/types';
import { tempDir } from './tempdirs';

const EN_SOURCE = `# River Clean-Up

On Saturday morning, about eighty volunteers gathered at the old ferry landing. By early afternoon they had collected roughly two tonnes of waste.

The next clean-up is planned for October 3, 2024.`;
const EN_REWRITE = `# Lesson

On Saturday, about ninety volunteers met at the old ferry landing. They collected roughly two tonnes of waste.

This was reported by Reuters.`;

const text = (spans: { text: string }[] | undefined) => (spans ?? []).map((s) => s.text).join('');

test('every row cell spells its document text exactly, and every segment is shown once', () => {
  const m = buildReview(EN_SOURCE, EN_REWRITE);
  const v = toView(m, EN_SOURCE, EN_REWRITE);
  const shownS = v.rows.flatMap((r) => r.source?.segments ?? []).sort();
  const shownR = v.rows.flatMap((r) => r.rewrite?.segments ?? []).sort();
  assert.deepEqual(shownS, m.source.segments.map((s) => s.id).sort());
  assert.deepEqual(shownR, m.rewrite.segments.map((s) => s.id).sort());
  for (const r of v.rows) {
    if (r.source) assert.equal(text(r.source.spans), EN_SOURCE.slice(r.source.start, r.source.end));
    if (r.rewrite) assert.equal(text(r.rewrite.spans), EN_REWRITE.slice(r.rewrite.start, r.rewrite.end));
  }
});

test('rows: pairs in rewrite order, dropped and new segments as one-sided rows', () => {
  const m = buildReview(EN_SOURCE, EN_REWRITE);
  const v = toView(m, EN_SOURCE, EN_REWRITE);
  const dropped = v.rows.filter((r) => r.kind === 'dropped');
  const added = v.rows.filter((r) => r.kind === 'added');
  assert.equal(dropped.length, m.dropped.length);
  assert.equal(added.length, m.added.length);
  for (const r of dropped) assert.ok(r.source && !r.rewrite && r.changed);
  for (const r of added) assert.ok(r.rewrite && !r.source && r.changed);
  // the dropped date sentence comes after the pair holding the sentence before it
  const last = v.rows.findIndex((r) => r.source?.spans.some((s) => s.text.includes('October')));
  const pairBefore = v.rows.findIndex((r) => r.source && text(r.source.spans).includes('two tonnes'));
  assert.ok(last > pairBefore);
  // rewrite segments appear in rewrite order
  const rwOrder = v.rows.flatMap((r) => r.rewrite?.segments ?? []).map((id) => Number(id.slice(1)));
  assert.deepEqual(rwOrder, [...rwOrder].sort((a, b) => a - b));
});

test('word changes: del in the source column, ins in the rewrite column, facts marked with status', () => {
  const m = buildReview(EN_SOURCE, EN_REWRITE);
  const v = toView(m, EN_SOURCE, EN_REWRITE);
  const pair = v.rows.find((r) => r.kind === 'pair' && text(r.source?.spans).includes('eighty'))!;
  assert.ok(pair.changed && pair.problem);
  const del = pair.source!.spans.filter((s) => s.change === 'del').map((s) => s.text);
  const ins = pair.rewrite!.spans.filter((s) => s.change === 'ins').map((s) => s.text);
  assert.ok(del.includes('eighty') && del.includes('morning'), JSON.stringify(del));
  assert.ok(ins.includes('ninety'), JSON.stringify(ins));
  assert.ok(pair.source!.spans.every((s) => s.change !== 'ins'));
  assert.ok(pair.rewrite!.spans.every((s) => s.change !== 'del'));
  const eighty = pair.source!.spans.find((s) => s.text === 'eighty')!;
  assert.equal(eighty.status, 'altered');
  assert.ok(eighty.facts?.length === 1);
});

test('facts list: altered, dropped, new, kept; altered listed once with its counterpart id', () => {
  const m = buildReview(EN_SOURCE, EN_REWRITE);
  const v = toView(m, EN_SOURCE, EN_REWRITE);
  const order = { altered: 0, dropped: 1, new: 2, kept: 3 } as const;
  for (let i = 1; i < v.facts.length; i++) assert.ok(order[v.facts[i - 1]!.status] <= order[v.facts[i]!.status]);
  const alt = v.facts.find((f) => f.status === 'altered' && f.text === 'eighty')!;
  assert.equal(alt.counterpart, 'ninety');
  const cp = m.facts.find((f) => f.id === alt.counterpartId)!;
  assert.equal(cp.text, 'ninety');
  assert.ok(!v.facts.some((f) => f.id === alt.counterpartId), 'the rewrite side of an altered fact is not listed twice');
  assert.ok(v.facts.some((f) => f.status === 'new' && f.text === 'Reuters' && f.problem));
  const rowIds = new Set(v.rows.map((r) => r.id));
  for (const f of v.facts) assert.ok(rowIds.has(f.row), `fact ${f.id} has no row`);
  assert.deepEqual(v.summary, m.summary);
});

test('Chinese: character-level changes from the model ops', () => {
  const s = '陆羽在公元780年左右写成《茶经》。茶叶最早产于中国西南。';
  const r = '公元760年左右，陆羽写成了《茶经》。茶最早产于中国西南地区。';
  const v = toView(buildReview(s, r), s, r);
  const ins = v.rows.flatMap((row) => row.rewrite?.spans ?? []).filter((x) => x.change === 'ins').map((x) => x.text);
  assert.ok(ins.includes('地区'), JSON.stringify(ins));
  assert.ok(v.facts.some((f) => f.status === 'altered' && f.text.includes('780')));
});

test('changeRanges places ops by non-space characters (white space may differ) and refuses a mismatch', () => {
  const t = 'On  Saturday,\nabout ninety volunteers';
  const ops = [
    { op: 'eq' as const, text: 'On Saturday, about ' },
    { op: 'del' as const, text: 'eighty ' },
    { op: 'ins' as const, text: 'ninety ' },
    { op: 'eq' as const, text: 'volunteers' },
  ];
  const r = changeRanges(t, ops, 'rewrite');
  assert.deepEqual(r.map(([a, b]) => t.slice(a, b)), ['ninety']);
  assert.deepEqual(changeRanges('something else entirely', ops, 'rewrite'), []);
});

test('cellText and docToCell map offsets for non-contiguous segments joined by a space', () => {
  const doc = 'Alpha one. Beta two. Gamma three.';
  const segs = [
    { id: 's0', start: 0, end: 10, para: 0, kind: 'sentence' as const, text: 'Alpha one.' },
    { id: 's2', start: 21, end: 33, para: 0, kind: 'sentence' as const, text: 'Gamma three.' },
  ];
  const c = cellText(doc, segs);
  assert.equal(c.text, 'Alpha one. Gamma three.');
  const [a, b] = docToCell(c.pieces, 27, 32)!;
  assert.equal(c.text.slice(a, b), 'three');
  assert.equal(docToCell(c.pieces, 11, 15), undefined);
});

test('cutSpans: a run per distinct set of marks, the worst fact status wins', () => {
  const f = (id: string, status: 'kept' | 'altered') => ({ id, status }) as unknown as ReviewModel['facts'][number];
  const spans = cutSpans('abcdef', [
    { start: 1, end: 3, change: 'del' },
    { start: 2, end: 5, fact: f('a', 'kept') },
    { start: 2, end: 4, fact: f('b', 'altered') },
  ]);
  assert.deepEqual(spans.map((s) => s.text), ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.equal(spans[2]!.change, 'del');
  assert.deepEqual(spans[2]!.facts, ['a', 'b']);
  assert.equal(spans[2]!.status, 'altered');
  assert.equal(spans[4]!.status, 'kept');
});

test('hostile markup stays text in the spans', () => {
  const s = 'Hello <script>alert(1)</script> world. An <img src=x onerror=alert(2)> here.';
  const r = 'Hello <script>alert(1)</script> world! An <img src=x onerror=alert(3)> there. </textarea>';
  const v = toView(buildReview(s, r), s, r);
  const all = v.rows.flatMap((row) => [text(row.source?.spans), text(row.rewrite?.spans)]).join('\n');
  assert.ok(all.includes('<script>alert(1)</script>'));
  assert.ok(all.includes('</textarea>'));
});

test('orderPair: the file whose name extends the other is the rewrite', () => {
  const root = tempDir('review-pair-');
  const a = join(root, 'docs/river.md');
  const b = join(root, 'docs/river.textbook.college.md');
  assert.deepEqual(orderPair(root, b, a), { source: a, rewrite: b });
  assert.equal(orderPair(root, join(root, 'x.md'), join(root, 'y.md')), undefined);
});

test('claim check: through the core parser, cached by content under .curator/cache', async () => {
  const root = tempDir('review-claims-');
  let calls = 0;
  const teacher: Teacher = {
    model: 'judge',
    endpointHost: 'x',
    complete: async () => {
      calls++;
      return {
        text: '```json\n{"consistent": false, "claims": [{"claim":"about ninety volunteers","evidence":"about eighty volunteers","type":"contradicted"},{"claim":"reported by Reuters","evidence":"","type":"unsupported"}]}\n```',
        finishReason: 'stop', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, usageEstimated: false, model: 'judge', attempts: 1,
      };
    },
  };
  const v = await checkClaims(root, EN_SOURCE, EN_REWRITE, 'en', teacher);
  assert.equal(v.consistent, false);
  assert.deepEqual(v.claims.map((c) => c.verdict), ['contradicted', 'unsupported']);
  assert.equal(v.claims[0]!.evidence, 'about eighty volunteers');
  assert.equal(v.claims[1]!.evidence, undefined);
  const again = await checkClaims(root, EN_SOURCE, EN_REWRITE, 'en', teacher);
  assert.equal(calls, 1);
  assert.equal(again.cached, true);
  assert.ok(readFileSync(join(root, '.curator/cache/claim-check.json'), 'utf8').includes('Reuters'));
  assert.equal(readCachedClaims(root, EN_SOURCE, EN_REWRITE, 'judge')?.claims.length, 2);
  assert.equal(readCachedClaims(root, EN_SOURCE, EN_REWRITE + ' ', 'judge'), undefined);
  const bad: Teacher = { ...teacher, complete: async () => ({ ...(await teacher.complete([])), text: 'no json here' }) };
  await assert.rejects(checkClaims(root, 'a', 'b', 'en', bad), /JSON/);
  assert.equal(toClaimView({ ok: true, consistent: true, claims: [] }, 'm').consistent, true);
});

test('keyboard: letters without modifiers only', () => {
  assert.equal(keyAction({ key: 'j' }), 'nextDiff');
  assert.equal(keyAction({ key: 'k' }), 'prevDiff');
  assert.equal(keyAction({ key: ']' }), 'nextProblem');
  assert.equal(keyAction({ key: '[' }), 'prevProblem');
  assert.equal(keyAction({ key: 'a' }), 'accept');
  assert.equal(keyAction({ key: 'A' }), 'acceptWithNote', 'Shift+A: accept with a reason or comment');
  assert.equal(keyAction({ key: 'r' }), 'reject');
  assert.equal(keyAction({ key: 'e' }), 'edit');
  assert.equal(keyAction({ key: 'a', ctrlKey: true }), undefined);
  assert.equal(keyAction({ key: 'x' }), undefined);
});

test('the strings sent to the webview: one per key', async () => {
  const src = readFileSync(join(__dirname, '../../src/host/review/strings.ts'), 'utf8');
  for (const k of STRING_KEYS) assert.ok(src.includes(`${/^[a-z]+$/i.test(k) ? k : `'${k}'`}: vscode.l10n.t(`), `strings.ts lacks ${k}`);
});
