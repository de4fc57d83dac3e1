import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFacts } from '../../src/core/review/facts';
import { changedInPlace, surroundings, surroundingsByExpressions } from '../../src/core/review/anchored';
import { buildReview } from '../../src/core/review/review';

test('review: a number changed in its own place is altered, though the old and the new value both stand in the sentence before', () => {
  const src = 'In spring the shop sold 11 to 13 boats weekly. In summer the shop sold 11 to 13 boats daily, and the staff grew.';
  const rw = 'In spring the shop sold 11 to 13 boats weekly. In summer the shop sold 11 to 11 boats daily, and the staff grew.';
  const m = buildReview(src, rw);
  assert.equal(m.verdict.consistent, false);
  assert.ok(m.verdict.reasons.some((r) => r.code === 'altered' && r.text === 'changes 13 → 11'), JSON.stringify(m.verdict.reasons));
  // unchanged, the same text passes
  assert.equal(buildReview(src, src.replace('the staff grew', 'its staff grew')).verdict.consistent, true);
});

test('review: a Chinese range changed in its second sentence is altered, though both numbers stand in the first', () => {
  const src = '这种鱼的背鳍软条11至13枚，体长可达42公分。它的臀鳍软条11至13枚。白天在珊瑚礁区觅食，晚上钻沙而眠。';
  const rw = '这种鱼的背鳍软条11至13枚，体长可达42公分。它的臀鳍软条11至11枚。白天在珊瑚礁区觅食，晚上则钻沙而眠。';
  const m = buildReview(src, rw);
  assert.equal(m.verdict.consistent, false);
  assert.ok(m.verdict.reasons.some((r) => r.code === 'altered' && r.text.includes('13枚 → 11枚')), JSON.stringify(m.verdict.reasons));
});

test('changed in place: a rounding that fits, another order of sentences and a value the source also writes there say nothing', () => {
  const pairs: Array<[string, string]> = [
    // a rounding that fits stays the same value
    ['The hall seated about 1,482 people that night.', 'The hall seated about 1,500 people that night.'],
    // the sentence before changed place: the surroundings stop at the sentence's start
    ['Sales rose. In 2011 the firm opened in Lyon. It grew.', 'It grew. Sales rose. In 2011 the firm opened in Lyon.'],
    // the source itself writes both values in the same words
    ['In March the team won 3 games at home. In May the team won 5 games at home.', 'In May the team won 5 games at home.'],
  ];
  for (const [s, r] of pairs) assert.deepEqual(changedInPlace(s, r, extractFacts(s), extractFacts(r)), [], `${s} → ${r}`);
});

test('changed in place: surroundings need three tokens (two with letters) before the value and stop at a line or sentence end', () => {
  const text = 'Sales rose.\n42 stores opened in the north of the country.';
  const f = extractFacts(text).find((x) => x.text.startsWith('42'))!;
  assert.equal(surroundings(text, f), undefined, 'a value opening its line has no words before it there');
  const t2 = 'Last year they opened 42 stores in the north.';
  const g = extractFacts(t2).find((x) => x.text.startsWith('42'))!;
  assert.ok(surroundings(t2, g)?.startsWith('year\u0001they\u0001opened'), surroundings(t2, g));
});

test('changed in place: the scan of surroundings gives what the expressions give, on mixed scripts, marks, sentence ends and odd cases', () => {
  // seeded random texts from pieces that exercise every branch: Latin words, digits, Han runs (split into
  // characters), Han numerals (〇), marks, other punctuation, the sentence ends, white space of all kinds,
  // and the characters the scan leaves to the expressions (Σ, İ, a surrogate pair)
  const pieces = ['Sales', 'rose', 'the', 'İstanbul', 'ΣΟΦΙΑ', 'café', 'cafe\u0301', '\u0301', '42', '3.5', '〇〇', '二〇二〇', '中文', '软条', 'abc中', 'x', '—', ',', '(', ')', '%',
    '.', '. ', '.\u00a0', '.\u3000', '!', '?', '。', '！', '？', '；', '\n', ' ', '  ', '\t', '\u00a0', '\u3000', '𠀀', 'Ａ', '１２', '²'];
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  let checked = 0;
  for (let n = 0; n < 3000; n++) {
    let text = '';
    const len = 5 + Math.floor(rnd() * 40);
    for (let i = 0; i < len; i++) text += pieces[Math.floor(rnd() * pieces.length)]! + (rnd() < 0.5 ? ' ' : '');
    const start = Math.floor(rnd() * text.length);
    const end = Math.min(text.length, start + 1 + Math.floor(rnd() * 4));
    const f = { kind: 'number' as const, text: text.slice(start, end), normalized: '1', start, end };
    assert.equal(surroundings(text, f), surroundingsByExpressions(text, f), JSON.stringify({ text, start, end }));
    if (surroundings(text, f) !== undefined) checked++;
  }
  assert.ok(checked > 300, `only ${checked} texts had surroundings`);
  // and on the values of real-looking text in both languages
  for (const text of ['Last year they opened 42 stores in the north. In 2011, sales rose 5% to $3.2 million!', '2020年，该公司在上海开设了42家门店。它的臀鳍软条11至13枚；体长可达42公分。']) {
    for (const f of extractFacts(text)) assert.equal(surroundings(text, f), surroundingsByExpressions(text, f), `${text} @${f.start}`);
  }
});
