import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentText, splitSentences } from '../../src/core/review/segment';

const texts = (t: string) => segmentText(t).map((s) => s.text);

test('English sentences: abbreviations, initials, decimals and dates do not end a sentence', () => {
  const t =
    'Dr. Jane Goodall began studying chimpanzees in Tanzania on July 14, 1960. J. R. R. Tolkien published The Hobbit in 1937! ' +
    'The rate rose to 3.5 percent in the U.S. economy. Was it expected? Most analysts said no.';
  assert.deepEqual(texts(t), [
    'Dr. Jane Goodall began studying chimpanzees in Tanzania on July 14, 1960.',
    'J. R. R. Tolkien published The Hobbit in 1937!',
    'The rate rose to 3.5 percent in the U.S. economy.',
    'Was it expected?',
    'Most analysts said no.',
  ]);
});

test('Chinese sentences end at 。！？； and keep closing quotes', () => {
  const t = '长江是中国第一长河，全长约6300公里。它发源于青藏高原！你去过三峡吗？那里风景优美；游客很多。他说：“我明天出发。”然后离开了';
  assert.deepEqual(texts(t), [
    '长江是中国第一长河，全长约6300公里。',
    '它发源于青藏高原！',
    '你去过三峡吗？',
    '那里风景优美；',
    '游客很多。',
    '他说：“我明天出发。”',
    '然后离开了',
  ]);
});

test('offsets point at the segment text; paragraphs are numbered', () => {
  const t = 'First paragraph here. Second sentence.\n\n北京是中华人民共和国的首都。上海是最大的城市。\n\nLast one.';
  const segs = segmentText(t, 'r');
  for (const s of segs) assert.equal(t.slice(s.start, s.end), s.text);
  assert.deepEqual(segs.map((s) => s.para), [0, 0, 1, 1, 2]);
  assert.deepEqual(segs.map((s) => s.id), ['r0', 'r1', 'r2', 'r3', 'r4']);
});

test('Markdown: headings, list items, tables and fenced code blocks (kept whole)', () => {
  const t = [
    '# Installing the tool',
    '',
    'Run the installer. Then restart.',
    '',
    '- Download the archive. Unpack it.',
    '- Open a terminal',
    '',
    '```python',
    'import os',
    '',
    'print(os.getcwd()). Done.',
    '```',
    '',
    '| name | size |',
    '| a.txt | 3 KB |',
  ].join('\n');
  const segs = segmentText(t);
  assert.deepEqual(
    segs.map((s) => [s.kind, s.text]),
    [
      ['heading', '# Installing the tool'],
      ['sentence', 'Run the installer.'],
      ['sentence', 'Then restart.'],
      ['list-item', '- Download the archive.'],
      ['list-item', 'Unpack it.'],
      ['list-item', '- Open a terminal'],
      ['code', '```python\nimport os\n\nprint(os.getcwd()). Done.\n```'],
      ['table', '| name | size |'],
      ['table', '| a.txt | 3 KB |'],
    ],
  );
});

test('a wrapped line continues its sentence; splitSentences works on a range', () => {
  const t = 'The committee met on Monday and\ndiscussed the budget. It adjourned.';
  assert.deepEqual(texts(t), ['The committee met on Monday and\ndiscussed the budget.', 'It adjourned.']);
  const ranges = splitSentences('xx Alpha beta. Gamma delta. yy', 3, 27);
  assert.deepEqual(ranges, [[3, 14], [15, 27]]);
});
