import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReview } from '../../src/core/review/review';
import { checkConsistency } from '../../src/core/review/consistency';
import type { Fact, ReviewModel } from '../../src/core/review/types';

const find = (m: ReviewModel, side: Fact['side'], text: string) => m.facts.find((f) => f.side === side && f.text === text);

const SOURCE = `GPT-3 was released by OpenAI in June 2020. The model has 175B parameters and was trained on 570 GB of text.

It did not support image input. Revenue increased by 3.2% in 2021.`;

test('English review: kept, altered (value and flipped negation / direction) and new facts, with offsets and pair ids', () => {
  const rewrite = `In June 2020, OpenAI released GPT-3, a model with 170B parameters trained on 570 GB of text.

It supported image input. Revenue decreased by 3.2% in 2021. Microsoft invested $1 billion.`;
  const m = buildReview(SOURCE, rewrite);
  assert.equal(find(m, 'source', 'June 2020')?.status, 'kept');
  assert.equal(find(m, 'source', 'OpenAI')?.status, 'kept');
  const p = find(m, 'source', '175B')!;
  assert.equal(p.status, 'altered');
  assert.equal(p.counterpart?.text, '170B');
  assert.equal(rewrite.slice(p.counterpart!.start, p.counterpart!.end), '170B');
  assert.equal(SOURCE.slice(p.start, p.end), '175B');
  assert.equal(find(m, 'source', 'not')?.status, 'altered');
  assert.equal(find(m, 'source', 'increased')?.status, 'altered');
  assert.equal(find(m, 'rewrite', '$1 billion')?.status, 'new');
  for (const f of m.facts) {
    const text = f.side === 'source' ? SOURCE : rewrite;
    assert.equal(text.slice(f.start, f.end), f.text);
    if (f.pairId) assert.ok(m.pairs.some((x) => x.id === f.pairId));
  }
  assert.equal(m.summary.verdict, 'needs-review');
  assert.ok(m.summary.altered >= 3 && m.summary.added >= 1);
  // the reasons in plain words, each decisive; the numbers mean what they say
  assert.deepEqual(m.verdict.reasons.map((r) => r.text), [
    'changes 175B → 170B',
    'drops the negation "not"',
    'changes "increased" → "decreased"',
    'adds a sentence with 1 fact not in the source ($1 billion)',
  ]);
  const sourceFacts = m.facts.filter((f) => f.side === 'source' && !['negation', 'polarity'].includes(f.kind));
  assert.equal(m.verdict.metrics.factsTotal, sourceFacts.length);
  assert.equal(m.verdict.metrics.factsKept, sourceFacts.filter((f) => f.status === 'kept').length);
  assert.equal(m.verdict.score, Math.round((m.verdict.metrics.factsKept / m.verdict.metrics.factsTotal) * 1000) / 1000);
  // the model is plain JSON
  assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
});

test('a faithful paraphrase is consistent; the same text scores 1', () => {
  const rewrite = `OpenAI released GPT-3 in June 2020. Trained on 570 GB of text, the model has 175 billion parameters.

It did not support image input. In 2021 revenue increased by 3.2%.`;
  const m = buildReview(SOURCE, rewrite);
  assert.equal(m.summary.altered, 0);
  assert.equal(m.summary.added, 0);
  assert.equal(m.summary.verdict, 'consistent');
  assert.equal(buildReview(SOURCE, SOURCE).summary.score, 1);
  // every segment of either side is in exactly one place: a pair, dropped or added
  const ids = [...m.pairs.flatMap((x) => [...x.source, ...x.rewrite]), ...m.dropped, ...m.added].sort();
  assert.deepEqual(ids, [...m.source.segments, ...m.rewrite.segments].map((s) => s.id).sort());
});

test('Chinese review: 1750亿 → 1700亿 is altered, a removed 没有 flips the claim, 150万 = 1.5 million kept', () => {
  const src = '2020年6月，OpenAI发布了GPT-3模型，参数量达1750亿。该模型没有开源。用户在一年内增长了150万。';
  const rw = '2020年6月，OpenAI推出GPT-3，参数量为1700亿。该模型已经开源。一年内用户增长了1.5 million。';
  const m = buildReview(src, rw);
  assert.equal(find(m, 'source', '1750亿')?.status, 'altered');
  assert.equal(find(m, 'source', '1750亿')?.counterpart?.text, '1700亿');
  assert.equal(find(m, 'source', '没有')?.status, 'altered');
  assert.equal(find(m, 'source', '150万')?.status, 'kept');
  assert.equal(find(m, 'source', '2020年6月')?.status, 'kept');
  assert.equal(m.lang.source, 'zh');
  assert.equal(m.summary.verdict, 'needs-review');
});

test('dropped and new passages are listed by segment id', () => {
  const src = 'The bridge opened in 1932. It spans 503 metres. Tolls were abolished in 1970.';
  const rw = 'The bridge opened in 1932. It spans 503 metres. Local artists painted a mural under the deck.';
  const m = buildReview(src, rw);
  assert.deepEqual(m.dropped, ['s2']);
  assert.deepEqual(m.added, ['r2']);
  assert.equal(find(m, 'source', '1970')?.status, 'dropped');
});

test('consistency check: supported summary passes, unsupported facts and flips fail', () => {
  const doc =
    'The city council voted on Tuesday to expand the bus network. The plan adds 12 new routes and costs $40 million. ' +
    'Mayor Karen Bass said the expansion would not raise fares. Construction starts in March 2025.';
  const good = checkConsistency(doc, 'The council voted to expand the bus network with 12 new routes costing $40 million.');
  assert.equal(good.consistent, true, JSON.stringify(good));
  const number = checkConsistency(doc, 'The council voted to expand the bus network with 15 new routes costing $40 million.');
  assert.equal(number.consistent, false);
  assert.ok(number.issues.some((i) => i.kind === 'unsupported-fact' && i.text === '15'));
  const neg = checkConsistency(doc, 'Mayor Karen Bass said the expansion would raise fares.');
  assert.ok(neg.features.negationRemoved >= 1, JSON.stringify(neg.features));
  assert.ok(neg.score < good.score);
  const name = checkConsistency(doc, 'Mayor Eric Adams said the expansion would not raise fares.');
  assert.equal(name.consistent, false);
});

test('consistency check in Chinese: changed organisation, number, direction and removed negation fail', () => {
  const doc = '2019年，北京大学的研究团队在《自然》杂志上发表论文，报告了一种新的催化剂。该催化剂能将反应效率提高30%，但目前还没有投入工业生产。研究人员表示，成本仍然是主要障碍。';
  assert.equal(checkConsistency(doc, '北京大学的团队在《自然》上报告了一种新催化剂，可将反应效率提高30%，尚未投入工业生产。').consistent, true);
  const org = checkConsistency(doc, '清华大学的团队在《自然》上报告了一种新催化剂，可将反应效率提高30%。');
  assert.ok(org.issues.some((i) => i.kind === 'unsupported-fact' && i.text === '清华大学'));
  assert.equal(checkConsistency(doc, '北京大学的团队报告的新催化剂可将反应效率提高50%。').consistent, false);
  assert.equal(checkConsistency(doc, '北京大学的团队报告的新催化剂可将反应效率降低30%。').consistent, false);
  const neg = checkConsistency(doc, '北京大学的团队报告的新催化剂已经投入工业生产。');
  assert.equal(neg.features.negationRemoved, 1);
  assert.equal(neg.consistent, false);
});
