// Search by words: Chinese queries segmented with jieba over the character-pair index, all-words
// ranking, quoted phrases, and the hit ranges of snippets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchIndex } from '../../src/core/corpus/search/search-index';
import { parseSearchQuery } from '../../src/core/corpus/search/query';
import { hitRanges, markHits, snippetWithHits } from '../../src/core/corpus/search/snippet';

function index(docs: Record<string, string>): SearchIndex {
  const idx = new SearchIndex();
  idx.add(Object.entries(docs).map(([id, text]) => ({ id, text })));
  return idx;
}

const ids = (idx: SearchIndex, q: string) => idx.search(q).map((h) => h.id);

test('a Chinese word matches the word, not a document sharing one of its characters (战役 / 退役)', () => {
  const idx = index({
    battle: '这场战役持续了三个月，双方伤亡惨重。',
    retired: '他去年从部队退役，回到家乡当了老师。',
    both: '老兵退役以后，常常讲起当年的战役。',
  });
  assert.deepEqual(ids(idx, '战役').sort(), ['battle', 'both']);
  assert.deepEqual(ids(idx, '退役').sort(), ['both', 'retired']);
  // One character still finds every document holding it.
  assert.deepEqual(ids(idx, '役').sort(), ['battle', 'both', 'retired']);
});

test('a name matches whole (织田信长 does not find 田岛信号场)', () => {
  const idx = index({
    nobunaga: '织田信长在桶狭间之战中击败了今川义元。',
    station: '田岛信号场是日本的一个铁路信号场。',
    short: '信长的野心很大。',
  });
  assert.deepEqual(parseSearchQuery('织田信长').units.map((u) => u.text), ['织田信长']);
  assert.deepEqual(ids(idx, '织田信长'), ['nobunaga']);
  // Two words, each in one document: both match one word of two, the station none.
  const hits = idx.search('织田信长 野心');
  assert.deepEqual(hits.map((h) => h.id).sort(), ['nobunaga', 'short']);
  assert.ok(hits.every((h) => h.matched === 1 && h.terms === 2));
});

test('English: documents holding every query word rank before those holding some, however often', () => {
  const idx = index({
    all: 'Tea was first grown on these hills. The garden behind the house has a long history.',
    pairOnly: 'Tea garden, tea garden, tea garden: the tea garden is the best tea garden in the tea garden district.',
    one: 'A history of the region.',
  });
  const hits = idx.search('tea garden history');
  assert.equal(hits[0]!.id, 'all');
  assert.equal(hits[0]!.matched, 3);
  assert.equal(hits[0]!.terms, 3);
  assert.deepEqual(hits.map((h) => h.id), ['all', 'pairOnly', 'one']);
  // Words in the query's order add to the score among documents with all words.
  const idx2 = index({ apart: 'The garden of the tea house.', together: 'A tea garden by the house.' });
  assert.equal(idx2.search('tea garden')[0]!.id, 'together');
});

test('"quoted phrases" need their words side by side, in English and in Chinese', () => {
  const idx = index({
    en1: 'The lighthouse keeper wrote letters about storms and ships.',
    en2: 'Storms damaged the ships and the harbour last winter.',
    zh1: '上海是中国的经济中心。',
    zh2: '中国经济的发展很快，上海也是。',
  });
  assert.deepEqual(ids(idx, '"storms and ships"'), ['en1']);
  assert.deepEqual(ids(idx, 'storms ships').sort(), ['en1', 'en2']);
  assert.deepEqual(ids(idx, '"中国的经济"'), ['zh1']);
  assert.deepEqual(ids(idx, '中国 经济').sort(), ['zh1', 'zh2']);
  // A phrase with a plain word beside it: the word is a unit of its own.
  const q = parseSearchQuery('"storms and ships" keeper');
  assert.deepEqual(q.units.map((u) => [u.text, u.phrase]), [['storms and ships', true], ['keeper', false]]);
  assert.deepEqual(ids(idx, '"storms and ships" harbour').sort(), ['en1', 'en2']);
  assert.deepEqual(ids(idx, '"storms and ships" lighthouse'), ['en1']);
});

test('hit ranges: whole words, Chinese words, phrases across punctuation; snippet offsets follow the cut', () => {
  assert.deepEqual(hitRanges('这场战役持续了三个月，老兵退役后回乡。', '战役'), [[2, 4]]);
  assert.deepEqual(hitRanges('Tea, gardens and the Garden of tea.', 'garden tea'), [[0, 3], [21, 27], [31, 34]]);
  assert.deepEqual(hitRanges('熊猫生活在竹林中，是中国的国宝。', '"竹林中，是中国"'), [[5, 12]]);
  assert.deepEqual(hitRanges('storms and ships; storms, and ships', '"storms and ships"'), [[0, 16], [18, 35]]);
  assert.deepEqual(hitRanges('nothing here', '战役'), []);
  const long = 'x '.repeat(200) + 'the lighthouse keeper wrote letters' + ' y'.repeat(200);
  const s = snippetWithHits(long, 'lighthouse', 60);
  assert.ok(s.text.startsWith('…') && s.text.endsWith('…'));
  assert.equal(s.highlights.length, 1);
  const [a, b] = s.highlights[0]!;
  assert.equal(s.text.slice(a, b), 'lighthouse');
  assert.equal(markHits(snippetWithHits('这场战役很长', '战役'), '[', ']'), '这场[战役]很长');
});
