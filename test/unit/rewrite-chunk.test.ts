import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkText, splitParagraphs, splitSentences } from '../../src/core/rewrite/chunk';
import { estimateTokens } from '../../src/core/text/lang';

const EN_PARA = [
  'The Amazon River in South America is the largest river by discharge volume of water in the world. It flows 6,400 km from the Andes to the Atlantic.',
  'The river system originates in the Andes of Peru. Dr. Smith measured its flow in 2019, e.g. at Óbidos, at 3.5 times that of the Congo.',
  '```python\ndef flow(q):\n\n    return q * 3.5\n```',
  'The Amazon basin covers about 7,000,000 km². Roughly 60% of it lies in Brazil.',
].join('\n\n');

const ZH_PARA = [
  '长江是亚洲第一长河，全长约6300公里，流经青海、西藏、四川等11个省级行政区。它发源于青藏高原的唐古拉山脉。',
  '长江流域面积达180万平方公里，约占中国陆地总面积的18.8%。三峡工程于1994年12月14日正式开工！2006年5月20日大坝全线建成。',
  '长江中下游平原是中国重要的粮食产区；这里河网密布，湖泊众多。',
].join('\n\n');

test('paragraphs split at blank lines and a fenced code block stays whole', () => {
  const ps = splitParagraphs(EN_PARA);
  assert.equal(ps.length, 4);
  assert.ok(ps[2]!.startsWith('```python') && ps[2]!.endsWith('```') && ps[2]!.includes('return q'));
});

test('English sentences: abbreviations and decimals are not boundaries', () => {
  const s = splitSentences('The river system originates in the Andes of Peru. Dr. Smith measured its flow in 2019, e.g. at Óbidos, at 3.5 times that of the Congo. It is vast!');
  assert.deepEqual(s, [
    'The river system originates in the Andes of Peru.',
    'Dr. Smith measured its flow in 2019, e.g. at Óbidos, at 3.5 times that of the Congo.',
    'It is vast!',
  ]);
});

test('Chinese sentences split at 。！？； without spaces', () => {
  const s = splitSentences('三峡工程于1994年12月14日正式开工！2006年5月20日大坝全线建成。这里河网密布；湖泊众多。');
  assert.deepEqual(s, ['三峡工程于1994年12月14日正式开工！', '2006年5月20日大坝全线建成。', '这里河网密布；', '湖泊众多。']);
});

test('a short text is one chunk; a long one fits the budget, in order, losing nothing', () => {
  assert.deepEqual(chunkText(EN_PARA, 5000), [EN_PARA]);
  const long = Array.from({ length: 12 }, () => EN_PARA).join('\n\n');
  const chunks = chunkText(long, 150);
  assert.ok(chunks.length > 4);
  for (const c of chunks) assert.ok(estimateTokens(c) <= 150, `chunk of ${estimateTokens(c)} tokens`);
  const squash = (s: string) => s.replace(/\s+/g, '');
  assert.equal(squash(chunks.join('')), squash(long));
});

test('Chinese chunks are measured per character and split at sentence ends', () => {
  const long = Array.from({ length: 6 }, () => ZH_PARA).join('\n\n');
  const chunks = chunkText(long, 80);
  assert.ok(chunks.length >= 6, `got ${chunks.length} chunks`);
  for (const c of chunks) {
    assert.ok(estimateTokens(c) <= 80);
    assert.match(c, /[。！？；]$/, `chunk ends mid-sentence: …${c.slice(-10)}`);
  }
  assert.equal(chunks.join('').replace(/\s+/g, ''), long.replace(/\s+/g, ''));
});

test('a single sentence over the budget is cut by force, nothing lost', () => {
  const sentence = 'word '.repeat(400).trim() + '.';
  const chunks = chunkText(sentence, 50);
  assert.ok(chunks.length >= 8);
  for (const c of chunks) assert.ok(estimateTokens(c) <= 50);
  assert.equal(chunks.join(' ').split(/\s+/).length, 400);
});
