// Chinese query words match a document only where its own segmentation has them as words (zh-verify.ts):
// 战役 in 面对挑战役使他成长 (挑战 + 役使) is no match, in 这场战役持续了三个月 it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepZhWordHits, searchCheckingZhWords, zhQueryWords, zhWordIn } from '../../src/core/corpus/search/zh-verify';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';

test('a word counts where the segmentation around it has it as a word', () => {
  assert.equal(zhWordIn('这场战役持续了三个月。', '战役'), true);
  assert.equal(zhWordIn('他已经退役了。', '战役'), false);
  assert.equal(zhWordIn('面对挑战役使他成长。', '战役'), false, '挑战 + 役使');
  assert.equal(zhWordIn('新兵挑战役龄极限。', '战役'), false, '挑战 + 役龄');
  assert.equal(zhWordIn('面对挑战役使他成长，这场战役持续了三个月。', '战役'), true, 'one occurrence as a word is enough');
  // Inside a longer word, the dictionary words it holds count (search mode): a name's parts are found.
  assert.equal(zhWordIn('织田信长统一了尾张。', '信长'), true);
  assert.equal(zhWordIn('织田信长统一了尾张。', '织田信长'), true);
});

test('query words: Chinese words of two or more characters; a copied stretch of three or more keeps its inner words', () => {
  assert.deepEqual(zhQueryWords('战役'), ['战役']);
  assert.deepEqual(zhQueryWords('tea 战役'), ['战役']);
  assert.deepEqual(zhQueryWords('"挑战役"'), [], 'a quoted phrase is matched as typed');
  assert.deepEqual(zhQueryWords('harbour'), []);
  const copied = zhQueryWords('这场战役持续了三个月');
  assert.ok(copied.length >= 1 && !copied.includes('这场') && copied.includes('战役'), JSON.stringify(copied));
  const hits = [{ t: '这场战役持续了三个月。' }, { t: '面对挑战役使他成长。' }, { t: undefined }];
  assert.deepEqual(keepZhWordHits('战役', hits, (h) => h.t), [hits[0], hits[2]], 'a hit whose text is unknown stays');
  assert.deepEqual(keepZhWordHits('harbour', hits, (h) => h.t), hits);
});

test('search: the index finds 战役 in both documents by its character pair; the checked search keeps the one where it is a word', async () => {
  const root = mkdtempSync(join(tmpdir(), 'curator-zh-words-'));
  try {
    writeFileSync(join(root, 'a.md'), '这场战役持续了三个月，双方都损失惨重。\n');
    writeFileSync(join(root, 'b.md'), '面对挑战役使他成长，他后来成了一名教师。\n');
    writeFileSync(join(root, 'c.md'), '织田信长在桶狭间打败了今川义元。\n');
    const idx = await CorpusIndex.open(root);
    assert.deepEqual(idx.search('战役').map((r) => r.doc.path).sort(), ['a.md', 'b.md'], 'the pair index alone matches both');
    const run = (q: string) => searchCheckingZhWords(q, 10, (n) => idx.search(q, { limit: n }), (docs) => idx.readTexts(docs));
    const r = await run('战役');
    assert.deepEqual(r.results.map((x) => x.doc.path), ['a.md']);
    assert.match(r.texts.get(r.results[0]!.doc.id) ?? '', /战役/);
    assert.deepEqual((await run('织田信长')).results.map((x) => x.doc.path), ['c.md']);
    assert.deepEqual((await run('教师')).results.map((x) => x.doc.path), ['b.md']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
