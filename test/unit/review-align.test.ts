import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignSegments } from '../../src/core/review/align';
import { diffPair, tokenize, TokenTable } from '../../src/core/review/worddiff';

const SRC = [
  'The Amazon River flows through Brazil, Peru and Colombia.',
  'It carries more water than any other river in the world.',
  'The river basin covers about seven million square kilometres.',
  'Scientists estimate that the rainforest holds 390 billion trees.',
  'Deforestation has accelerated since the 1970s.',
  'Cattle ranching is the leading cause of forest loss.',
];

test('1:1 alignment with paraphrase and moderate reordering', () => {
  const rw = [
    'More water flows through the Amazon than through any other river in the world.',
    'Flowing through Brazil, Peru and Colombia, the Amazon River is huge.',
    'Its basin covers roughly seven million square kilometres.',
    'Since the 1970s, deforestation has accelerated.',
    'The rainforest holds an estimated 390 billion trees, scientists say.',
    'The leading cause of forest loss is cattle ranching.',
  ];
  const al = alignSegments(SRC, rw);
  const map = al.groups.map((g) => [g.source, g.rewrite]);
  assert.deepEqual(map, [[[1], [0]], [[0], [1]], [[2], [2]], [[4], [3]], [[3], [4]], [[5], [5]]]);
  assert.deepEqual(al.droppedSource, []);
  assert.deepEqual(al.newRewrite, []);
  for (const g of al.groups) assert.ok(g.similarity > 0.3 && g.similarity <= 1);
});

test('merges, splits, dropped source sentences and new rewrite sentences', () => {
  const rw = [
    'The Amazon River flows through Brazil, Peru and Colombia and carries more water than any other river in the world.',
    'The basin is large.',
    'It covers about seven million square kilometres.',
    'Many tourists visit Manaus every summer for the opera festival.',
    'Cattle ranching is the leading cause of forest loss.',
  ];
  const al = alignSegments(SRC, rw);
  const groupOf = (r: number) => al.groups.find((g) => g.rewrite.includes(r));
  assert.deepEqual(groupOf(0)!.source, [0, 1]); // merge
  assert.deepEqual(groupOf(2)!.source, [2]); // split: r1 and r2 both from s2
  assert.deepEqual(groupOf(2)!.rewrite, [1, 2]);
  assert.deepEqual(al.newRewrite, [3]);
  assert.deepEqual(al.droppedSource, [3, 4]);
});

test('Chinese sentences align by character bigrams', () => {
  const src = ['长江是中国第一长河，全长约6300公里。', '它发源于青藏高原的唐古拉山脉。', '长江流域人口众多，经济发达。'];
  const rw = ['长江流域经济发达，人口众多。', '作为中国最长的河流，长江全长约6300公里。', '长江发源于青藏高原唐古拉山脉。'];
  const al = alignSegments(src, rw);
  assert.deepEqual(al.groups.map((g) => [g.source, g.rewrite]), [[[2], [0]], [[0], [1]], [[1], [2]]]);
});

test('word diff of a pair: eq + del rebuild the source, ins holds the new words', () => {
  const a = 'The model has 175B parameters and was released in 2020.';
  const b = 'The model, released in 2020, has 170B parameters.';
  const ops = diffPair(a, b);
  assert.equal(ops.filter((o) => o.op !== 'ins').map((o) => o.text).join(''), a);
  assert.ok(ops.some((o) => o.op === 'del' && o.text.includes('175B')));
  assert.ok(ops.some((o) => o.op === 'ins' && o.text.includes('170B')));
  assert.ok(ops.some((o) => o.op === 'eq' && o.text.includes('released in 2020')));
});

test('diff tokens: word runs keep inner apostrophes, decimal points and thousands commas; every other non-space character is a token', () => {
  const text = "Don't pay $1,500.50 — it's 3.5 times the price,\u00a0ok?\u3000北京，😀 Ωmega e\u0301";
  const t = tokenize(text, new TokenTable());
  const tokens = t.starts.map((s, k) => text.slice(s, k + 1 < t.starts.length ? t.starts[k + 1] : text.length).trimEnd());
  assert.deepEqual(tokens, ["Don't", 'pay', '$', '1,500.50', '—', "it's", '3.5', 'times', 'the', 'price', ',', 'ok', '?', '北', '京', '，', '😀', 'Ωmega', 'e', '\u0301']);
  // the same token text gets the same id, different texts different ids
  const again = tokenize('price pay 北 Don\'t', new TokenTable());
  const table = new TokenTable();
  const a = tokenize('price pay 北 price', table);
  assert.equal(a.ids[0], a.ids[3]);
  assert.notEqual(a.ids[0], a.ids[1]);
  assert.equal(again.ids.length, 4);
});

test('Chinese word diff is character level', () => {
  const ops = diffPair('北京是中华人民共和国的首都。', '北京是中国的首都。');
  assert.deepEqual(ops, [
    { op: 'eq', text: '北京是中' },
    { op: 'del', text: '华人民共和' },
    { op: 'eq', text: '国的首都。' },
  ]);
});

test('word diff keeps both sides whole on heavy edits with repeated and moved words', () => {
  const cases: Array<[string, string]> = [
    ['The river, the lake and the sea were cleaner in 1990 than in 2020, the report said.', 'The report said the sea, the lake and the river were dirtier in 2020 than in 1990.'],
    ['长江是中国第一长河，全长约6300公里，流经十一个省级行政区。', '流经11个省级行政区的长江，全长约6300公里，是中国最长的河流。'],
    ['a b c a b c a b c', 'c b a c b a'],
  ];
  for (const [a, b] of cases) {
    const ops = diffPair(a, b);
    assert.equal(ops.filter((o) => o.op !== 'ins').map((o) => o.text).join(''), a);
    const squash = (s: string) => s.replace(/\s+/g, '');
    assert.equal(squash(ops.filter((o) => o.op !== 'del').map((o) => o.text).join('')), squash(b));
  }
});

test('identical texts align one to one, also short sentences of function words and repeated boilerplate', () => {
  const sents = [
    'Hi Sarah,', 'I hope this email finds you well.', 'It is.', 'Our new plan costs $40 per month.', 'It is.',
    'The plan includes unlimited storage and priority support.', 'Best regards,', 'I hope this email finds you well.', 'Tom',
  ];
  const al = alignSegments(sents, sents);
  assert.deepEqual(al.droppedSource, []);
  assert.deepEqual(al.newRewrite, []);
  assert.deepEqual(al.groups.map((g) => [g.source, g.rewrite]), sents.map((_, i) => [[i], [i]]));
});

test('token ids: one id per distinct token, hash collisions ("Aa", "BB") kept apart, ids stable as the table grows', () => {
  const table = new TokenTable();
  const aa = table.idOf('Aa');
  const bb = table.idOf('BB');
  assert.notEqual(aa, bb);
  const words = Array.from({ length: 5000 }, (_, i) => `w${i}x`);
  const ids = words.map((w) => table.idOf(w));
  assert.equal(new Set(ids).size, words.length);
  assert.deepEqual(words.map((w) => table.idOf(w)), ids);
  assert.equal(table.idOf('Aa'), aa);
  assert.equal(table.idOf('BB'), bb);
  // a token inside a longer text gets the id of the same token on its own
  const { ids: t } = tokenize('Aa met BB; w42x too', table);
  assert.deepEqual([t[0], t[2], t[4]], [aa, bb, table.idOf('w42x')]);
});
