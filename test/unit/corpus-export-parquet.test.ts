// The training-mix export as Parquet (zstd): read back by hyparquet and by DuckDB (another implementation),
// with the tokenizer named in the manifest; both zstd compressors (Node's own where present, WebAssembly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DuckDBInstance } from '@duckdb/node-api';
import { exportMix, exportFormatFor, manifestPathFor } from '../../src/core/corpus/export';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';
import { zstdCompressor } from '../../src/core/corpus/parquet-writer';
import { appendProvenance } from '../../src/core/provenance/log';
import { decompress } from 'fzstd';
import { tempDir } from './tempdirs';

const FIX = join(__dirname, '..', 'fixtures', 'readers');

test('export format by name; the manifest path beside a .parquet', () => {
  assert.equal(exportFormatFor('/x/mix.parquet'), 'parquet');
  assert.equal(exportFormatFor('/x/mix.jsonl.gz'), 'jsonl.gz');
  assert.equal(exportFormatFor('/x/mix.jsonl'), 'jsonl');
  assert.equal(manifestPathFor('/x/mix.parquet'), '/x/mix.manifest.json');
});

test('zstd compressors: what they write, fzstd (another decoder) reads back', async () => {
  const input = Buffer.from('长江是中国最长的河流。The lighthouse was first lit in 1856. '.repeat(200));
  for (const prefer of ['native', 'wasm'] as const) {
    const c = await zstdCompressor(prefer);
    const z = c.compress(input);
    assert.ok(z.length < input.length / 5, `${c.name}: ${z.length} bytes`);
    assert.deepEqual(Buffer.from(decompress(z)), input, c.name);
  }
});

test('a mix exported as Parquet (zstd) is read back by hyparquet and by DuckDB, rows equal to the JSONL export', async () => {
  const root = tempDir('curator-export-parquet-');
  copyFileSync(join(FIX, 'shard.jsonl.zst'), join(root, 'web.jsonl.zst'));
  writeFileSync(join(root, 'river.md'), '# The river\n\nThe river floods every spring and the town rebuilds the bridge.');
  writeFileSync(join(root, 'river.textbook.college.md'), '# Rivers and floods\n\nEvery spring the river floods; the town then rebuilds its bridge.');
  appendProvenance(root, {
    type: 'rewrite', v: 1, id: 'r1', time: '2026-01-01T00:00:00Z',
    source: { path: 'river.md', sha256: 'x', lang: 'en', chars: 1 },
    output: { path: 'river.textbook.college.md', sha256: 'y', lang: 'en', chars: 1 },
    style: 'textbook', audience: 'college', model: 'teacher-1', endpointHost: 'localhost',
    template: { id: 't', sha256: 'z', origin: 'builtin' },
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    chunks: 1, durationMs: 1, status: 'done', flags: [],
  });
  const idx = await CorpusIndex.build(root, { tokenizer: 'o200k_base' });
  const now = new Date('2026-02-01T00:00:00Z');
  // The target is the corpus's own share: every document goes into the mix.
  const all = idx.documents();
  const share = all.filter((d) => d.kind === 'synthetic').reduce((a, d) => a + d.tokens, 0) / all.reduce((a, d) => a + d.tokens, 0);
  const texts = (docs: Parameters<CorpusIndex['texts']>[0], s?: AbortSignal) => idx.texts(docs, s);
  const pq = join(root, 'out', 'mix.parquet');
  const m = await exportMix(idx.documents(), texts, pq, { syntheticShare: share, keepDuplicates: true, tokenizer: idx.tokenizer, now });
  const jl = join(root, 'out', 'mix.jsonl');
  await exportMix(idx.documents(), texts, jl, { syntheticShare: share, keepDuplicates: true, tokenizer: idx.tokenizer, now });
  assert.equal(m.format, 'parquet');
  assert.equal(m.tokenizer, 'o200k_base');
  assert.equal(JSON.parse(readFileSync(manifestPathFor(pq), 'utf8')).tokenizer, 'o200k_base');
  assert.equal(m.documents, 14);
  assert.equal(m.synthetic, 1);
  assert.deepEqual(readdirSync(join(root, 'out')).filter((f) => f.includes('.tmp-')), []);

  // hyparquet: every codec is ZSTD; rows equal the JSONL records.
  const bytes = readFileSync(pq);
  const meta = parquetMetadata(bytes);
  assert.ok(meta.row_groups.every((g) => g.columns.every((c) => c.meta_data!.codec === 'ZSTD')));
  const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length), compressors });
  const records = readFileSync(jl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { metadata: Record<string, unknown> });
  assert.equal(rows.length, records.length);
  rows.forEach((r, i) => {
    const rec = records[i]!;
    for (const k of ['id', 'text', 'source', 'added', 'created']) assert.equal(r[k], rec[k], k);
    assert.deepEqual(JSON.parse(r.metadata as string), rec.metadata);
    assert.equal(r.synthetic, rec.metadata.synthetic);
    assert.equal(r.tokens, rec.metadata.tokens);
    assert.equal(r.line ?? undefined, rec.metadata.line);
  });
  const syn = rows.find((r) => r.synthetic === true)!;
  assert.equal(syn.style, 'textbook');
  assert.equal(syn.parent_path, 'river.md');

  // DuckDB reads it too, and can filter on the typed columns.
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const r = await c.runAndReadAll(`SELECT count(*)::INTEGER AS n, sum(tokens)::INTEGER AS t, count(*) FILTER (WHERE synthetic)::INTEGER AS s FROM read_parquet('${pq}')`);
  assert.deepEqual(r.getRowObjects()[0], { n: m.documents, t: m.tokens, s: m.synthetic });
  const texts2 = await c.runAndReadAll(`SELECT text FROM read_parquet('${pq}') WHERE lang = 'zh' ORDER BY path, line`);
  assert.ok(texts2.getRows().length > 0);
  assert.equal(texts2.getRows()[0]![0], records.find((x) => x.metadata.lang === 'zh')!.text);
  c.closeSync();
  // The exported Parquet is itself a corpus the readers take.
  assert.ok(existsSync(pq));
  const again = await CorpusIndex.build(join(root, 'out'), { include: ['*.parquet'] });
  assert.equal(again.documents().length, m.documents);
});
