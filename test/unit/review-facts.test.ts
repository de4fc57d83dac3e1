import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFacts, type RawFact } from '../../src/core/review/facts';
import { sameFact } from '../../src/core/review/match';
import { parseChineseNumeral, sameQuantity, toHalfWidth, compatibleDates } from '../../src/core/review/normalize';

const of = (text: string, kind?: string) => extractFacts(text).filter((f) => !kind || f.kind === kind);
const one = (text: string, kind: string): RawFact => {
  const f = of(text, kind);
  assert.equal(f.length, 1, `${kind} facts in "${text}": ${JSON.stringify(f.map((x) => x.text))}`);
  return f[0]!;
};

test('every fact carries exact offsets into the original text (also with full-width digits)', () => {
  const t = '截至２０２３年底，全国共有三千五百万名学生。On Oct. 22, 2024, OpenAI said GPT-4 had 1.5 million users.';
  const facts = extractFacts(t);
  assert.ok(facts.length >= 5);
  for (const f of facts) assert.equal(t.slice(f.start, f.end), f.text);
  assert.equal(toHalfWidth('２０２４年１０月'), '2024年10月');
});

test('quantities normalise across spellings and scales', () => {
  const a = one('The city has 1,500,000 residents.', 'number');
  const b = one('The city has 1.5 million residents.', 'number');
  const c = one('该市有150万居民。', 'number');
  assert.equal(a.normalized, '1500000');
  assert.equal(b.normalized, '1500000');
  assert.equal(c.value, 1_500_000);
  assert.ok(sameFact(a, b) && sameFact(b, c));
  const gpt = one('GPT-3 has 175B parameters.', 'number');
  const zh = one('GPT-3 的参数量为1750亿。', 'number');
  assert.equal(gpt.value, 175e9);
  assert.ok(sameFact(gpt, zh));
  assert.ok(!sameFact(gpt, one('It has 170B parameters.', 'number')));
  assert.equal(one('Sales fell 3.2% last year.', 'number').normalized, '% 3.2');
  assert.equal(one('百分之三十的用户来自上海。', 'number').normalized, '% 30');
  assert.equal(one('They raised $4 bn.', 'number').normalized, 'usd 4000000000');
  assert.equal(parseChineseNumeral('一亿二千万'), 120_000_000);
  assert.equal(parseChineseNumeral('三千五百万'), 35_000_000);
});

test('a rounded quantity matches its precise form, a changed digit does not', () => {
  assert.ok(sameQuantity(1_500_000, 1_523_000));
  assert.ok(!sameQuantity(175e9, 170e9));
  assert.ok(!sameQuantity(3, 4));
});

test('dates normalise: 2024年10月22日 = Oct. 22, 2024 = 22 October 2024 = 2024-10-22', () => {
  const forms = ['2024年10月22日，新版本发布。', 'It shipped on Oct. 22, 2024.', 'It shipped on 22 October 2024.', 'Release: 2024-10-22.'];
  for (const t of forms) assert.equal(one(t, 'date').normalized, '2024-10-22', t);
  assert.equal(one('In March 2021 the law passed.', 'date').normalized, '2021-03');
  assert.equal(one('The war ended in 1945.', 'date').normalized, '1945');
  assert.ok(compatibleDates('2024-10', '2024-10-22'));
  assert.ok(!compatibleDates('2023', '2024-10-22'));
});

test('named entities: English capitalised runs (not sentence-initial common words), 《书名》, Chinese organisations', () => {
  const en = of('Yesterday the New York Times reported that Apple would open an office in Paris. The report was denied.', 'entity').map((f) => f.text);
  assert.deepEqual(en, ['New York Times', 'Apple', 'Paris']);
  const zh = of('刘慈欣的《三体》获得了雨果奖，北京大学为此举办了讲座。', 'entity').map((f) => f.normalized);
  assert.ok(zh.includes('三体'), JSON.stringify(zh));
  assert.ok(zh.includes('北京大学'), JSON.stringify(zh));
});

test('English names that open with New or Old stay whole, and place names are typed as places', () => {
  const names = (text: string) => of(text, 'entity').map((f) => [f.text, f.type]);
  assert.deepEqual(names('They met in New York City on Friday.'), [['New York City', 'place']]);
  assert.deepEqual(names('New Zealand and North Korea signed; the United States did not.'), [
    ['New Zealand', 'place'],
    ['North Korea', 'place'],
    ['United States', 'place'],
  ]);
  assert.deepEqual(names('The Hudson River froze.'), [['Hudson River', 'place']]);
  // a lone New opening a sentence is still no name
  assert.deepEqual(names('New research shows that sleep matters.'), []);
});

test('a four-digit number before a unit is a quantity, not a year: 1931 kilometers = 1,931 kilometers', () => {
  const n = one('The cat travelled 1931 kilometers from Oregon.', 'number');
  assert.equal(n.text, '1931 kilometers');
  assert.ok(sameFact(n, one('The cat travelled 1,931 kilometers from Oregon.', 'number')));
  assert.equal(of('It took 1500 hours.', 'date').length, 0);
  assert.equal(one('It opened in 1931 and closed later.', 'date').text, '1931');
});

test('URLs, e-mail addresses and code identifiers', () => {
  const t = 'See https://nodejs.org/api/fs.html, write to press@example.org, call `buildReview` or json.loads() on snake_case_name and camelCaseName.';
  const facts = extractFacts(t);
  const by = (k: string) => facts.filter((f) => f.kind === k).map((f) => f.normalized);
  assert.deepEqual(by('url'), ['nodejs.org/api/fs.html']);
  assert.deepEqual(by('email'), ['press@example.org']);
  assert.deepEqual(by('code'), ['buildReview', 'json.loads()', 'snake_case_name', 'camelCaseName']);
});

test('negations in English and Chinese, without words that only contain a negation character', () => {
  assert.deepEqual(of('The drug did not reduce mortality and never reached phase three.', 'negation').map((f) => f.text), ['not', 'never']);
  assert.equal(of("The company doesn't plan layoffs.", 'negation').length, 1);
  assert.deepEqual(of('该模型没有开源，也不支持中文。', 'negation').map((f) => f.text), ['没有', '不']);
  assert.equal(of('未来的发展非常迅速，不断创新。', 'negation').length, 0);
});

test('polarity words carry their axis', () => {
  const up = one('Prices increased sharply.', 'polarity');
  const down = one('价格大幅下降。', 'polarity');
  assert.equal(up.normalized, 'dir:up');
  assert.equal(down.normalized, 'dir:down');
});

test('e-mail addresses, code identifiers and polarity phrases are found wherever they stand in a sentence', () => {
  const pick = (t: string, kinds: string[]) => extractFacts(t).filter((f) => kinds.includes(f.kind)).map((f) => `${f.kind}:${f.text}`);
  assert.deepEqual(pick('Write to jane.doe@example.org or ops+alerts@mail.example.co.uk now; not to a_b@x.', ['email']), [
    'email:jane.doe@example.org',
    'email:ops+alerts@mail.example.co.uk',
  ]);
  assert.deepEqual(pick('Call obj.method() and then run_all_tests, or parseJSON twice; e.g. the U.S. and 3.x.y are no code.', ['code']), [
    'code:obj.method()',
    'code:run_all_tests',
    'code:parseJSON',
  ]);
  // every axis for the summary check; for the review only the words whose swap changes a claim
  const all = extractFacts('Prices rose prior to the vote; she failed to win.', { directions: 'all' }).filter((f) => f.kind === 'polarity' || f.kind === 'negation').map((f) => `${f.kind}:${f.text}`);
  assert.deepEqual(all, ['polarity:rose', 'polarity:prior to', 'polarity:she', 'negation:failed to', 'polarity:win']);
  assert.deepEqual(pick('Prices rose prior to the vote; she failed to win.', ['polarity', 'negation']), ['polarity:rose', 'negation:failed to', 'polarity:win']);
  // a lone capitalised word opening a sentence is a name only when it also stands capitalised mid-sentence
  assert.deepEqual(pick('Paris was cold. In Paris, Marie Curie met us. Cold was the wind.', ['entity']), ['entity:Paris', 'entity:Paris', 'entity:Marie Curie']);
});
