// The corpus index over Parquet and zstd shards (fixtures made by DuckDB and the zstd tool), token counts in
// a chosen tokenizer with the content-hash cache, and the text field recorded in the index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusIndex, docRef, indexDir } from '../../src/core/corpus/index/corpus-index';
import { getTokenizer } from '../../src/core/text/tokenizers';
import { estimateTokens } from '../../src/core/text/lang';
import { tempDir } from './tempdirs';
import { countingDeps } from './counting-deps';

const FIX = join(__dirname, '..', 'fixtures', 'readers');

function shardFolder(): string {
  const root = tempDir('curator-shards-index-');
  copyFileSync(join(FIX, 'fineweb-zstd.parquet'), join(root, 'fineweb.parquet'));
  copyFileSync(join(FIX, 'shard.jsonl.zst'), join(root, 'dclm.jsonl.zst'));
  writeFileSync(join(root, 'broken.parquet'), readFileSync(join(FIX, 'fineweb-snappy.parquet')).subarray(0, 3000));
  writeFileSync(join(root, 'note.txt'), 'A plain text note about the harbour and its lighthouse.');
  return root;
}


test('the index reads Parquet rows and zstd lines as documents named path:row / path:line; a broken shard is reported', async () => {
  const root = shardFolder();
  const idx = await CorpusIndex.build(root);
  const docs = idx.documents();
  assert.equal(docs.length, 5000 + 12 + 1);
  const refs = new Set(docs.map(docRef));
  for (const r of ['fineweb.parquet:1', 'fineweb.parquet:5000', 'dclm.jsonl.zst:12', 'note.txt']) assert.ok(refs.has(r), r);
  const row = docs.find((d) => docRef(d) === 'fineweb.parquet:2050')!;
  assert.equal(row.format, 'parquet');
  assert.equal(row.externalId, '<urn:uuid:doc-2050>');
  assert.equal(row.meta?.url, `https://example.org/${row.lang === 'zh' ? 'zh' : 'en'}/2050`);
  assert.equal(idx.skipped().length, 1);
  assert.equal(idx.skipped()[0]!.path, 'broken.parquet');
  // Search finds a row; its text is read back from just its row group.
  const hits = idx.search('珠穆朗玛峰', { limit: 50 });
  assert.ok(hits.some((h) => h.doc.path === 'fineweb.parquet') && hits.some((h) => h.doc.path === 'dclm.jsonl.zst'));
  const text = await idx.readText(row);
  assert.equal(typeof text, 'string');
  assert.equal(text!.length, row.chars);
  assert.equal(idx.tokenizer, 'estimate');
});

test('tokenizer: recounted on demand, cached by content hash (switching back reads no file), named in the manifest', async () => {
  const root = shardFolder();
  await CorpusIndex.build(root);
  const o200k = getTokenizer('o200k_base');

  const c1 = countingDeps(root);
  const idx = await CorpusIndex.open(root, { tokenizer: 'o200k_base', deps: c1.deps });
  assert.equal(idx.tokenizer, 'o200k_base');
  const texts = await idx.readTexts(idx.documents());
  for (const d of idx.documents()) assert.equal(d.tokens, o200k.count(texts.get(d.id)!), docRef(d));
  assert.ok(c1.reads.includes('fineweb.parquet'), 'texts never counted with o200k are read');
  assert.ok(existsSync(join(indexDir(root), 'tokens-o200k_base.bin')));
  assert.equal(JSON.parse(readFileSync(join(indexDir(root), 'manifest.json'), 'utf8')).tokenizer, 'o200k_base');

  // Back to the estimate and to o200k again: both come from the caches, no file is read.
  const c2 = countingDeps(root);
  const est = await CorpusIndex.open(root, { tokenizer: 'estimate', deps: c2.deps });
  assert.deepEqual(c2.reads, []);
  for (const d of est.documents()) assert.equal(d.tokens, estimateTokens(texts.get(d.id)!), docRef(d));
  const c3 = countingDeps(root);
  const again = await CorpusIndex.open(root, { tokenizer: 'o200k_base', deps: c3.deps });
  assert.deepEqual(c3.reads, []);
  assert.equal(again.documents().reduce((a, d) => a + d.tokens, 0), idx.documents().reduce((a, d) => a + d.tokens, 0));

  // Without a tokenizer asked for, the index keeps its own; a rebuild too, and it tokenizes nothing anew.
  assert.equal((await CorpusIndex.open(root)).tokenizer, 'o200k_base');
  const rebuilt = await CorpusIndex.build(root);
  assert.equal(rebuilt.tokenizer, 'o200k_base');
  assert.deepEqual(CorpusIndex.peekSettings(root), { tokenizer: 'o200k_base', textField: 'text' });
});

test('a file changed behind the index while switching tokenizer is read again and counted', async () => {
  const root = shardFolder();
  await CorpusIndex.build(root);
  writeFileSync(join(root, 'note.txt'), 'A different note, written after indexing: 长城很长。');
  const idx = await CorpusIndex.open(root, { tokenizer: 'cl100k_base' });
  const note = idx.documents().find((d) => d.path === 'note.txt')!;
  assert.equal(note.tokens, getTokenizer('cl100k_base').count('A different note, written after indexing: 长城很长。'));
});

test('a different text field rebuilds the index (JSONL field / Parquet column)', async () => {
  const root = tempDir('curator-field-');
  copyFileSync(join(FIX, 'two-string-columns.parquet'), join(root, 't.parquet'));
  const first = await CorpusIndex.build(root);
  assert.equal(first.documents().length, 0);
  assert.equal(first.skipped()[0]!.reason, 'no-text-field');
  const logs: string[] = [];
  const idx = await CorpusIndex.open(root, { reader: { textField: 'body' }, log: (m) => logs.push(m) });
  assert.equal(idx.documents().length, 1);
  assert.match(logs.join('\n'), /built with the text field "text", not "body"/);
});
