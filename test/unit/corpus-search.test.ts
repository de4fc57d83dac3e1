import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachTermKey, termKey, tokenize } from '../../src/core/corpus/search/tokenize';
import { SearchIndex, SearchIndexBuilder, Shard } from '../../src/core/corpus/search/search-index';
import { parseQualityThresholds } from '../../src/core/corpus/search/filters';
import { snippet } from '../../src/core/corpus/search/snippet';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';
import { defaultDeps, zeroQuality } from '../../src/core/corpus/index/deps';
import { appendProvenance } from '../../src/core/provenance/log';

test('tokenizer: Latin words lowercased, Han unigrams and bigrams, full-width folded', () => {
  // Consecutive words also give their pair, across punctuation.
  assert.deepEqual(tokenize('Hello, WORLD! café'), ['hello', 'world', 'hello world', 'café', 'world café']);
  assert.deepEqual(tokenize('Big  red\nbus'), ['big', 'red', 'big red', 'bus', 'red bus']);
  assert.deepEqual(tokenize('人工智能'), ['人', '工', '人工', '智', '工智', '能', '智能']);
  // Full-width Latin and digits become ASCII; punctuation splits Han runs.
  assert.deepEqual(tokenize('ＧＰＴ－４模型。好'), ['gpt', '4', 'gpt 4', '模', '4 模', '型', '模型', '好', '型好']);
  // Pairs also join units of different scripts.
  assert.deepEqual(tokenize('在2024年发布'), ['在', '2024', '在 2024', '年', '2024 年', '发', '年发', '布', '发布']);
  // The streaming keys are exactly the keys of the string tokens.
  for (const s of ['北京是首都 and Beijing is the CAPITAL', 'ｆｕｌｌ　ｗｉｄｔｈ，全角', '𠀀𠀁 rare han', '']) {
    const keys: number[] = [];
    forEachTermKey(s, (k) => keys.push(k));
    assert.deepEqual(keys, tokenize(s).map(termKey));
  }
});

const DOCS = [
  { id: 'en1', text: 'The lighthouse keeper wrote letters about storms and ships.' },
  { id: 'en2', text: 'Storms damaged the ships in the harbour last winter.' },
  { id: 'en3', text: 'Gardening tips: water tomatoes early in the morning.' },
  { id: 'zh1', text: '长城是中国古代的军事防御工程，全长数千公里。' },
  { id: 'zh2', text: '熊猫生活在四川的竹林中，是中国的国宝。' },
  { id: 'zh3', text: '上海是中国的经济中心，人口超过两千万。' },
];

function ids(idx: SearchIndex, q: string): string[] {
  return idx.search(q).map((h) => h.id);
}

test('finds English words and Chinese phrases inside unsegmented text; all-terms matches rank first', () => {
  const idx = new SearchIndex();
  idx.add(DOCS);
  assert.deepEqual(ids(idx, 'lighthouse'), ['en1']);
  assert.equal(ids(idx, 'storms ships')[0] === 'en1' || ids(idx, 'storms ships')[0] === 'en2', true);
  assert.deepEqual(ids(idx, 'storms ships').slice(0, 2).sort(), ['en1', 'en2']);
  assert.deepEqual(ids(idx, 'STORMS keeper')[0], 'en1');
  assert.deepEqual(ids(idx, '军事防御'), ['zh1']);
  assert.deepEqual(ids(idx, '熊猫'), ['zh2']);
  // A phrase spanning a comma, copied from the text.
  assert.equal(ids(idx, '竹林中，是中国')[0], 'zh2');
  // One character finds every document with it.
  assert.deepEqual(ids(idx, '国').sort(), ['zh1', 'zh2', 'zh3']);
  // "中国" is in all three Chinese docs; zh3 alone holds both words 中国 and 经济 (the pair 国经 across
  // the word boundary only adds to the score).
  const hits = idx.search('中国经济');
  assert.equal(hits[0]!.id, 'zh3');
  assert.equal(hits[0]!.terms, 2);
  assert.equal(hits[0]!.matched, 2);
  assert.ok(hits.slice(1).every((h) => h.matched < hits[0]!.matched));
  assert.deepEqual(ids(idx, 'nonexistentword'), []);
  assert.deepEqual(ids(idx, '   '), []);
});

test('removal, replacement, shards and serialisation round-trip', () => {
  const b = new SearchIndexBuilder({ shardDocs: 2 });
  for (const d of DOCS) b.add(d.id, d.text);
  const shards = b.finish();
  assert.equal(shards.length, 3);
  const round = shards.map((s) => Shard.deserialize(Buffer.concat(s.serialize())));
  const idx = new SearchIndex(round);
  assert.deepEqual(ids(idx, '熊猫'), ['zh2']);
  idx.remove(['zh2']);
  assert.deepEqual(ids(idx, '熊猫'), []);
  idx.add([{ id: 'en3', text: 'Tomatoes and pandas 熊猫 in the garden.' }]);
  assert.deepEqual(ids(idx, '熊猫'), ['en3']);
  assert.deepEqual(ids(idx, 'gardening'), [], 'the old version of en3 is shadowed');
  // Tombstones survive persistence.
  const again = new SearchIndex(idx.shards.map((s) => Shard.deserialize(Buffer.concat(s.serialize()))), idx.deletedLists());
  assert.deepEqual(ids(again, '熊猫'), ['en3']);
  assert.equal(again.liveDocs, 5);
  // Compaction merges shards from postings alone: same answers, one shard, tombstones gone.
  const before = ['熊猫', 'storms', '长城', 'gardening', 'tomatoes'].map((q) => ids(again, q));
  assert.ok(again.shards.length > 1);
  assert.equal(again.compact(), true);
  assert.equal(again.shards.length, 1);
  assert.equal(again.shards[0]!.size, 5);
  assert.deepEqual(['熊猫', 'storms', '长城', 'gardening', 'tomatoes'].map((q) => ids(again, q)), before);
  assert.equal(again.compact(), false);
  // A damaged shard is refused, never half-read.
  const bytes = Buffer.concat(shards[0]!.serialize());
  assert.throws(() => Shard.deserialize(bytes.subarray(0, bytes.length - 2)), /truncated/);
  assert.throws(() => Shard.deserialize(Buffer.from('garbage garbage garbage')), /not a search shard/);
});

test('corpus search with filters: kind, language, status, domain, quality; titles by prefix', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'curator-search-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'science'));
  mkdirSync(join(root, 'travel'));
  writeFileSync(join(root, 'science', 'volcano.md'), '# Volcanoes of Iceland\n\nVolcanoes erupt when magma rises through the crust of the earth.');
  writeFileSync(join(root, 'science', 'volcano.simple.md'), 'Volcanoes are mountains that can erupt. Hot magma comes out of the top.');
  writeFileSync(join(root, 'travel', 'beijing.txt'), '北京的火山很少，但是长白山是一座休眠火山，风景非常美丽。');
  writeFileSync(join(root, 'travel', 'noisy.txt'), '<div>Volcanoes</div> &nbsp; <span>magma</span> <p>erupt</p> <b>now</b> <i>magma</i>');
  appendProvenance(root, {
    type: 'rewrite', v: 1, id: 'r1', time: '2026-01-01T00:00:00Z',
    source: { path: 'science/volcano.md', sha256: 'x', lang: 'en', chars: 1 },
    output: { path: 'science/volcano.simple.md', sha256: 'y', lang: 'en', chars: 1 },
    style: 'simplify', audience: 'children', model: 'm', endpointHost: 'h',
    template: { id: 't', sha256: 'z', origin: 'builtin' }, usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    chunks: 1, durationMs: 1, status: 'done', flags: [],
  });
  // Quality from a stand-in so the threshold test does not depend on the quality model's tuning.
  const deps = { ...defaultDeps, computeQuality: (text: string) => ({ ...zeroQuality(), markupPer1k: (text.match(/<[^>]+>/g)?.length ?? 0) * 10 }) };
  const idx = await CorpusIndex.open(root, { deps });
  const paths = (q: string, f?: Parameters<CorpusIndex['search']>[1]) => idx.search(q, f).map((r) => r.doc.path);
  assert.deepEqual(paths('magma erupt').sort(), ['science/volcano.md', 'science/volcano.simple.md', 'travel/noisy.txt']);
  assert.deepEqual(paths('magma erupt', { filters: { kind: 'synthetic' } }), ['science/volcano.simple.md']);
  assert.deepEqual(paths('magma erupt', { filters: { kind: 'natural', domain: 'science' } }), ['science/volcano.md']);
  assert.deepEqual(paths('magma', { filters: { style: 'simplify', audience: 'children', status: 'pending' } }), ['science/volcano.simple.md']);
  assert.deepEqual(paths('magma', { filters: { quality: { markupPer1k: { max: 5 } } } }).sort(), ['science/volcano.md', 'science/volcano.simple.md']);
  assert.deepEqual(paths('火山'), ['travel/beijing.txt']);
  assert.deepEqual(paths('火山', { filters: { lang: 'en' } }), []);
  assert.deepEqual(paths('休眠火山', { filters: { lang: 'zh' } }), ['travel/beijing.txt']);
  // Title / path words by prefix ("icel" → Iceland in the title).
  assert.equal(paths('icel')[0], 'science/volcano.md');
  // An empty query lists what the filters keep.
  assert.deepEqual(paths('', { filters: { domain: 'travel' } }), ['travel/beijing.txt', 'travel/noisy.txt']);
});

test('quality threshold parsing and snippets', () => {
  const known = Object.keys(zeroQuality());
  assert.deepEqual(parseQualityThresholds('markupPer1k<=2, tooShort=0, symbolRatio>=0.1', known), {
    markupPer1k: { max: 2 },
    tooShort: { min: 0, max: 0 },
    symbolRatio: { min: 0.1 },
  });
  assert.throws(() => parseQualityThresholds('markup<=2', known), /unknown quality signal/);
  assert.throws(() => parseQualityThresholds('markupPer1k~2', known), /bad quality threshold/);
  const text = 'x '.repeat(200) + '长城是中国古代的军事防御工程' + ' y'.repeat(200);
  const s = snippet(text, '军事');
  assert.ok(s.includes('军事防御'), s);
  assert.ok(s.length <= 170);
});
