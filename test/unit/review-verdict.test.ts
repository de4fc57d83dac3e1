// The one review verdict (src/core/review/verdict.ts) on small hand-made rewrites, English and Chinese:
// the faithful case passes, each corruption alone is caught with its reason in plain words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgePair } from '../../src/core/review/judge';
import { findLeaks } from '../../src/core/rewrite/checks';
import { extractFacts } from '../../src/core/review/facts';
import { zhNames, segmentZh } from '../../src/core/text/zh-words';
import { buildReview } from '../../src/core/review/review';

const EN = `The Hoover Dam was completed in 1936 on the Colorado River. It is 221 metres high and holds 35 billion cubic metres of water.

The dam was built by Six Companies Inc. during the Great Depression. More than 100 workers died during its construction.

Its power plant supplies electricity to Nevada, Arizona and California. The dam is not open to cars at night. Visitor numbers increased in 2019.`;

const EN_FAITHFUL = `# The Hoover Dam

Completed in 1936 on the Colorado River, the Hoover Dam is 221 metres high. It holds 35 billion cubic metres of water.

Six Companies Inc. built the dam during the Great Depression. More than 100 workers died while it was being constructed.

- Its power plant supplies electricity to Nevada, Arizona and California.
- At night the dam is not open to cars.
- Visitor numbers increased in 2019.`;

const ZH = `三峡大坝位于湖北省宜昌市，于2006年5月20日全线建成。大坝全长2309米，坝顶高程185米。

工程由中国长江三峡集团有限公司负责建设。李鹏曾多次视察工地。

大坝不允许游客在夜间进入。2019年的游客人数有所增加。`;

const ZH_FAITHFUL = `# 三峡大坝

三峡大坝坐落在湖北省宜昌市，2006年5月20日全线建成。大坝全长2309米，坝顶高程为185米。

中国长江三峡集团有限公司负责这项工程的建设，李鹏曾多次视察工地。

大坝不允许游客在夜间进入。2019年的游客人数有所增加。`;

const judge = (s: string, r: string, style?: string) => judgePair(s, r, { kind: 'rewrite', style });
const reasonsOf = (s: string, r: string, style?: string) => judge(s, r, style).reasons.map((x) => x.text);

test('faithful restylings pass, English and Chinese, with facts kept = kept / all source facts and full coverage', () => {
  for (const [s, r] of [[EN, EN_FAITHFUL], [ZH, ZH_FAITHFUL]] as const) {
    const v = judge(s, r);
    assert.deepEqual(v.reasons, [], JSON.stringify(v.reasons));
    assert.equal(v.consistent, true);
    assert.equal(v.metrics.factsKept, v.metrics.factsTotal);
    assert.ok(v.metrics.factsTotal >= 6);
    assert.equal(v.metrics.coverageSentences, 1);
    assert.equal(v.score, 1);
  }
});

test('half the sentences dropped: needs review, "drops N of M source passages", and the numbers say what is left', () => {
  const en = EN_FAITHFUL.split('\n\n').slice(0, 2).join('\n\n');
  const v = judge(EN, en);
  assert.equal(v.consistent, false);
  assert.match(v.reasons[0]!.text, /^drops 5 of 7 source passages \(\d+% of the text\)$/);
  assert.ok(v.metrics.factsKept < v.metrics.factsTotal);
  assert.ok(v.score <= v.metrics.factsKept / v.metrics.factsTotal + 1e-9, 'the score is never above the share of facts kept');
  const zh = ZH_FAITHFUL.split('\n\n').slice(0, 2).join('\n\n');
  const z = judge(ZH, zh);
  assert.equal(z.consistent, false);
  assert.match(z.reasons.map((r) => r.text).join('\n'), /drops 4 of 6 source passages/);
  // a condensing style may leave detail out, but may not change what it keeps
  assert.equal(judge(EN, en, 'distill').consistent, true);
  assert.equal(judge(EN, en.replace('221', '231'), 'distill').consistent, false);
});

test('one number or date changed: "changes 221 metres → 231 metres", whatever the score', () => {
  assert.deepEqual(reasonsOf(EN, EN_FAITHFUL.replace('221 metres', '231 metres')), ['changes 221 metres → 231 metres']);
  assert.deepEqual(reasonsOf(EN, EN_FAITHFUL.replace('in 1936', 'in 1938')), ['changes 1936 → 1938']);
  assert.deepEqual(reasonsOf(ZH, ZH_FAITHFUL.replace('2309米', '2390米')), ['changes 2309米 → 2390米']);
  assert.deepEqual(reasonsOf(ZH, ZH_FAITHFUL.replace('5月20日', '5月21日')), ['changes 2006年5月20日 → 2006年5月21日']);
  // more precise than the source is a change, not a rounding
  assert.equal(judge('About 4,000 people came.', 'About 4,004 people came.').consistent, false);
  assert.equal(judge('Exactly 4,004 people came to the fair.', 'About 4,000 people came to the fair.').consistent, true);
});

test('one name swapped for another of the same kind is caught', () => {
  const en = reasonsOf(EN, EN_FAITHFUL.replace('to Nevada, Arizona', 'to Nevada, Oregon'));
  assert.deepEqual(en, ['changes Arizona → Oregon']);
  const zh = reasonsOf(ZH, ZH_FAITHFUL.replace('李鹏', '朱镕基'));
  assert.deepEqual(zh, ['changes 李鹏 → 朱镕基']);
});

test('one negation flipped is caught, English and Chinese', () => {
  assert.deepEqual(reasonsOf(EN, EN_FAITHFUL.replace('is not open', 'is open')), ['drops the negation "not"']);
  assert.deepEqual(reasonsOf(ZH, ZH_FAITHFUL.replace('不允许', '允许')), ['drops the negation "不"']);
  assert.deepEqual(reasonsOf(EN, EN_FAITHFUL.replace('Visitor numbers increased', 'Visitor numbers decreased')), ['changes "increased" → "decreased"']);
});

test('a sentence of another text inserted: with facts it names them, without facts it quotes the sentence', () => {
  const withFacts = EN_FAITHFUL.replace('Six Companies Inc.', 'In 1931 Herbert Hoover visited Las Vegas. Six Companies Inc.');
  assert.deepEqual(reasonsOf(EN, withFacts), ['adds a sentence with 3 facts not in the source (1931, Herbert Hoover, Las Vegas)']);
  const plain = EN_FAITHFUL.replace('Six Companies Inc.', 'Engineers still argue about whether concrete cools evenly in such large pours. Six Companies Inc.');
  assert.deepEqual(reasonsOf(EN, plain).map((r) => r.slice(0, 60)), ['adds a sentence not in the source: "Engineers still argue ab']);
  const zh = ZH_FAITHFUL.replace('大坝不允许', '葛洲坝水电站位于宜昌市区的长江干流上，是长江上第一座大型水电站。大坝不允许');
  const z = reasonsOf(ZH, zh);
  assert.equal(z.length, 1);
  assert.match(z[0]!, /^adds a sentence (?:with \d facts? not in the source \(.*葛洲坝.*\)|not in the source)/);
  // a sentence that only frames the text is no addition
  assert.equal(judge(EN, EN_FAITHFUL.replace('# The Hoover Dam', '# The Hoover Dam\n\nIn this section we explain the following material step by step.')).consistent, true);
});

test('a leaked prompt is flagged in the verdict and by the output check', () => {
  assert.match(reasonsOf(EN, `Here is the rewritten text:\n\n${EN_FAITHFUL}`)[0]!, /^the answer opens with a preamble/);
  assert.match(reasonsOf(ZH, `请改写下面的文档。<document>${ZH_FAITHFUL}</document>`).join('\n'), /repeats the prompt's instructions \("请改写下面的文档。"\)[\s\S]*keeps the prompt's tag <document>/);
  assert.deepEqual(reasonsOf(ZH, ZH), ['the answer repeats the source verbatim instead of rewriting it']);
  assert.deepEqual(findLeaks('以下是改写后的文档：\n\n三峡大坝位于湖北省。').map((l) => l.kind), ['preamble']);
  assert.deepEqual(findLeaks('Rules:\n- Keep every fact of the document: every number …').map((l) => l.kind), ['instructions', 'instructions']);
  assert.deepEqual(findLeaks(EN_FAITHFUL), [], 'a plain answer has no leak');
  assert.deepEqual(findLeaks(ZH_FAITHFUL), []);
});

test('summary kind: leaving content out is fine; an unsupported number is not', () => {
  const s = judgePair(EN, 'The Hoover Dam, completed in 1936, is 221 metres high.', { kind: 'summary' });
  assert.equal(s.consistent, true);
  const bad = judgePair(EN, 'The Hoover Dam, completed in 1936, is 250 metres high.', { kind: 'summary' });
  assert.equal(bad.consistent, false);
  assert.match(bad.reasons.map((r) => r.text).join('\n'), /250 metres/);
});

test('Chinese negation is a word of its own: not inside 无双, 不得不, 无论, 毫无疑问', () => {
  const neg = (t: string) => extractFacts(t).filter((f) => f.kind === 'negation').map((f) => f.text);
  assert.deepEqual(neg('《战国无双3》中不得不提的是武田信玄，无论如何这毫无疑问是一部名作。'), []);
  assert.deepEqual(neg('该模型没有开源，他不是学生，也从未去过上海。'), ['没有', '不是', '从未']);
  // direction words only as whole words: 男女 and 开始 are no direction facts
  assert.deepEqual(extractFacts('男女主角开始排队，人数增加了。').filter((f) => f.kind === 'polarity').map((f) => f.text), ['增加']);
});

test('Chinese names from jieba\'s part-of-speech tags, typed; no names made of function words', () => {
  const names = zhNames('武田信玄与丰臣秀吉在战国时代争霸。张伟和李娜在北京大学见面，请至战国无双系列。查商品房地价国土局。');
  const got = names.map((n) => `${n.text}:${n.type}`);
  for (const want of ['武田信玄:person', '丰臣秀吉:person', '张伟:person', '李娜:person', '北京大学:organisation']) assert.ok(got.includes(want), `${want} in ${got.join(' ')}`);
  for (const bad of ['请至战国', '查商品房地价国', '战国无双']) assert.ok(!got.some((g) => g.startsWith(bad)), `${bad} is no name`);
  // offsets index the text
  const t = '他说：李娜在北京。';
  for (const w of segmentZh(t)) assert.equal(t.slice(w.start, w.end), w.word);
  // a title is kept only where the rewrite has it, never for a shorter lookalike
  const v = judgePair('《战国三杰》讲述了织田信长的故事。', '《战国》讲述了织田信长的故事。');
  assert.equal(v.consistent, false);
});

test('Chinese person names of issue 14 in running text: 织田信长 and 石田三成 whole, 三杰 and 成都 no names there', () => {
  const got = zhNames('武田信玄与织田信长、石田三成都是战国时代的著名人物，被称为战国三杰。').map((n) => `${n.text}:${n.type}`);
  for (const want of ['武田信玄:person', '织田信长:person', '石田三成:person']) assert.ok(got.includes(want), `${want} in ${got.join(' ')}`);
  for (const bad of ['成都', '三杰', '石田:']) assert.ok(!got.some((g) => g.startsWith(bad)), `${bad} is no name here: ${got.join(' ')}`);
  assert.ok(zhNames('石田三成在关原之战中失败。').some((n) => n.text === '石田三成' && n.type === 'person'));
  // a count after a name stays a count (张伟三十岁)
  assert.ok(!zhNames('张伟三十岁了。').some((n) => n.text.includes('三十')));
  // a title the rewrite does not write is dropped, not kept by its pieces elsewhere
  const model = buildReview('《战国三杰》讲述了织田信长的故事。战国时代有三位英杰。', '这本书讲述了织田信长的故事。战国时代有三位英杰。');
  assert.equal(model.facts.find((f) => f.text === '《战国三杰》')?.status, 'dropped');
});

test('English names stay whole and units stay with their numbers', () => {
  const facts = extractFacts('Protesters from Led By Donkeys said the tank holds 170 litres. The Bank of England met Mr Smith in Paris.');
  const txt = facts.filter((f) => f.kind === 'entity' || f.kind === 'number').map((f) => `${f.kind}:${f.text}${f.type ? '/' + f.type : ''}`);
  assert.ok(txt.includes('entity:Led By Donkeys/other'), txt.join(' '));
  assert.ok(txt.includes('number:170 litres'), txt.join(' '));
  assert.ok(txt.includes('entity:Bank of England/organisation'), txt.join(' '));
  assert.ok(txt.includes('entity:Smith/person'), txt.join(' '));
  assert.ok(txt.includes('entity:Paris/place'), txt.join(' '));
  // plain adjectives are no direction facts in the review
  assert.deepEqual(extractFacts('Many people see a growing, large and new market.').filter((f) => f.kind === 'polarity').map((f) => f.text), []);
  assert.deepEqual(extractFacts('Growing numbers of people joined many growing firms.').filter((f) => f.kind === 'polarity').map((f) => f.text), []);
  assert.deepEqual(extractFacts('Sales are growing; prices fell.').filter((f) => f.kind === 'polarity').map((f) => f.text), ['growing', 'fell']);
});
