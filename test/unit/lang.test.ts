import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectLanguage, estimateTokens, countWordsOrChars } from '../../src/core/text/lang';

test('detects English, Chinese and other languages', () => {
  assert.equal(detectLanguage('The quick brown fox jumps over the lazy dog because it is late.'), 'en');
  assert.equal(detectLanguage('北京是中华人民共和国的首都，也是全国的政治和文化中心。'), 'zh');
  assert.equal(detectLanguage('2024年，OpenAI 发布了 GPT-4o 模型，它支持多种语言。'), 'zh');
  assert.equal(detectLanguage('東京は日本の首都であり、ひらがなとカタカナが使われています。'), 'other');
  assert.equal(detectLanguage('Der schnelle braune Fuchs springt über den faulen Hund und läuft weiter.'), 'other');
  assert.equal(detectLanguage('12345 !!!'), 'other');
});

test('estimates tokens: a Chinese character is not a word', () => {
  const zh = '人工智能是计算机科学的一个分支。';
  const en = 'Artificial intelligence is a branch of computer science.';
  assert.ok(estimateTokens(zh) >= 15, `zh tokens ${estimateTokens(zh)}`);
  assert.ok(estimateTokens(en) >= 8 && estimateTokens(en) <= 20, `en tokens ${estimateTokens(en)}`);
  assert.equal(estimateTokens(''), 0);
  assert.deepEqual(countWordsOrChars(en), { units: 8, unit: 'words' });
  assert.equal(countWordsOrChars(zh).unit, 'chars');
});
