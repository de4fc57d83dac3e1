// Parquet and zstd shards, read from fixtures written by other implementations: the Parquet files by DuckDB
// and the zstd files by the zstd command-line tool (scripts/make-reader-fixtures.mjs regenerates them).
// Damaged variants are made here from those bytes: a broken footer, a damaged page, a truncated frame.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetMetadata } from 'hyparquet';
import { readDocuments, isSupportedFile, fileKind } from '../../src/core/corpus/readers';
import { chooseTextField, jsonSafe } from '../../src/core/corpus/records';
import type { RawDocument, ReaderOptions, SkippedInput } from '../../src/core/corpus/model';

const FIX = join(__dirname, '..', 'fixtures', 'readers');
const FIRST = 'The lighthouse at the harbour mouth was first lit in 1856 and guided ships for over a century.';
const SECOND = '长江是中国最长的河流，全长约六千三百公里，流经十一个省级行政区。';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'curator-shards-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function read(path: string, opts?: ReaderOptions): Promise<{ docs: RawDocument[]; skips: SkippedInput[] }> {
  const docs: RawDocument[] = [];
  const skips: SkippedInput[] = [];
  for await (const ev of readDocuments(path, opts)) {
    if (ev.kind === 'doc') docs.push(ev.doc);
    else skips.push(ev.skip);
  }
  return { docs, skips };
}

function damaged(name: string, from: string, edit: (b: Buffer) => Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, edit(Buffer.from(readFileSync(join(FIX, from)))));
  return p;
}

test('file kinds: Parquet and zstd shards are supported by name', () => {
  for (const f of ['a.parquet', 'b.jsonl.zst', 'c.json.zst', 'd.jsonl.zstd', 'dolma/000.json.gz', 'E.PARQUET']) assert.equal(isSupportedFile(f), true, f);
  for (const f of ['a.zst', 'b.parquet.tmp', 'c.json', 'd.tar.zst']) assert.equal(isSupportedFile(f), false, f);
  assert.deepEqual(fileKind('x/000.json.zst'), { format: 'jsonl', compression: 'zstd' });
  assert.deepEqual(fileKind('x/shard.parquet'), { format: 'parquet', compression: 'none' });
});

for (const codec of ['snappy', 'gzip', 'zstd', 'brotli', 'lz4']) {
  test(`Parquet (${codec}, written by DuckDB): one document per row over three row groups, other columns as metadata`, async () => {
    const r = await read(join(FIX, `fineweb-${codec}.parquet`));
    assert.deepEqual(r.skips, []);
    assert.equal(r.docs.length, 5000);
    assert.deepEqual(r.docs.map((d) => d.line).slice(0, 3), [1, 2, 3]);
    assert.equal(r.docs[4999]!.line, 5000);
    const d0 = r.docs[0]!;
    assert.equal(d0.format, 'parquet');
    assert.equal(d0.text, FIRST);
    assert.equal(r.docs[1]!.text, SECOND);
    assert.equal(d0.externalId, '<urn:uuid:doc-1>');
    // Row 2049 is the first of the second row group, row 4097 of the third.
    assert.equal(r.docs[2048]!.externalId, '<urn:uuid:doc-2049>');
    assert.equal(r.docs[4096]!.externalId, '<urn:uuid:doc-4097>');
    // BIGINT and TIMESTAMP come out as JSON-safe numbers and ISO strings.
    assert.deepEqual(d0.meta, {
      url: 'https://example.org/en/1',
      dump: 'CC-MAIN-2024-10',
      language: 'en',
      language_score: 0.8,
      token_count: 20,
      score: 2.5,
      int_score: 0,
      date: '2024-03-01T12:00:00.000Z',
    });
    assert.equal(r.docs[4999]!.meta.token_count, 20 + (4999 % 50));
    assert.doesNotThrow(() => JSON.stringify(r.docs.map((d) => d.meta)));
  });
}

test('Parquet: the only string column is the text; nested and list columns kept; NULL and blank rows skipped by row', async () => {
  const r = await read(join(FIX, 'one-string-column.parquet'));
  assert.deepEqual(r.docs.map((d) => [d.line, d.text]), [
    [1, 'First body under another name.'],
    [4, '第四行的正文。'],
  ]);
  assert.deepEqual(r.docs[0]!.meta, { n: 1, meta: { url: 'https://example.org/1', score: 0.5 }, tags: ['a', 'b'] });
  assert.deepEqual(r.skips.map((s) => [s.line, s.reason]), [
    [2, 'empty'],
    [3, 'empty'],
  ]);
  assert.match(r.skips[0]!.message, /row 2: column "body" is null/);
});

test('Parquet: `content` (The Stack) is found without a setting; a configured column wins; two unknown string columns are reported', async () => {
  const stack = await read(join(FIX, 'stack-content.parquet'));
  assert.equal(stack.docs.length, 2);
  assert.equal(stack.docs[0]!.text, 'def add(a, b):\n    return a + b\n');
  assert.deepEqual(stack.docs[0]!.meta, { path: 'src/add.py', size: 32 });

  const two = join(FIX, 'two-string-columns.parquet');
  const none = await read(two);
  assert.equal(none.docs.length, 0);
  assert.equal(none.skips.length, 1);
  assert.equal(none.skips[0]!.reason, 'no-text-field');
  assert.match(none.skips[0]!.message, /string columns: headline, body/);
  const chosen = await read(two, { textField: 'body' });
  assert.deepEqual(chosen.docs.map((d) => [d.text, d.meta]), [['A body', { headline: 'A headline' }]]);
  // A configured column that is not a string says what it is.
  const notString = await read(join(FIX, 'one-string-column.parquet'), { textField: 'tags' });
  assert.equal(notString.docs.length, 2, 'falls back to the only string column');
});

test('Parquet: a broken footer is reported with its byte offset, and the rest of a folder goes on', async () => {
  const src = 'fineweb-zstd.parquet';
  const size = readFileSync(join(FIX, src)).length;
  // 1. Truncated: the trailing "PAR1" magic is gone.
  const cut = await read(damaged('cut.parquet', src, (b) => b.subarray(0, b.length - 100)));
  assert.equal(cut.docs.length, 0);
  assert.equal(cut.skips[0]!.reason, 'unreadable');
  assert.match(cut.skips[0]!.message, new RegExp(`damaged Parquet footer: no "PAR1" magic at byte offset ${size - 100 - 4}`));
  // 2. The footer's bytes overwritten (thrift garbage) with the magic and length intact.
  const garbled = await read(
    damaged('garbled.parquet', src, (b) => {
      const len = b.readUInt32LE(b.length - 8);
      const start = b.length - 8 - len;
      b.fill(0xff, start, start + Math.min(len, 200));
      return b;
    }),
  );
  assert.equal(garbled.docs.length, 0);
  assert.equal(garbled.skips.length, 1);
  assert.match(garbled.skips[0]!.message, /damaged Parquet footer \(\d+ bytes at byte offset \d+\)/);
  // 3. A length field larger than the file.
  const long = await read(
    damaged('long.parquet', src, (b) => {
      b.writeUInt32LE(b.length * 2, b.length - 8);
      return b;
    }),
  );
  assert.match(long.skips[0]!.message, /length field at byte offset \d+ says \d+ bytes, more than the file holds/);
  // 4. Not Parquet at all.
  const fake = join(dir, 'fake.parquet');
  writeFileSync(fake, '{"text": "I am JSON"}\n'.repeat(10));
  assert.match((await read(fake)).skips[0]!.message, /no "PAR1" magic/);
});

test('Parquet: a damaged page of the text column skips its row group, named by rows, column and bytes; the other row groups are read', async () => {
  for (const codec of ['zstd', 'snappy']) {
    const src = `fineweb-${codec}.parquet`;
    const meta = parquetMetadata(readFileSync(join(FIX, src)));
    const textChunk = meta.row_groups[1]!.columns.find((c) => c.meta_data!.path_in_schema[0] === 'text')!.meta_data!;
    const at = Number(textChunk.dictionary_page_offset ?? textChunk.data_page_offset);
    const p = damaged(`page-${codec}.parquet`, src, (b) => {
      // Overwrite the page header and the start of its data.
      b.fill(0xee, at, at + 40);
      return b;
    });
    const r = await read(p);
    assert.equal(r.docs.length, 5000 - 2048, `${codec}: rows of the first and third row groups`);
    assert.equal(r.docs[2047]!.line, 2048);
    assert.equal(r.docs[2048]!.line, 4097);
    assert.equal(r.skips.length, 1, codec);
    const s = r.skips[0]!;
    assert.equal(s.reason, 'unreadable');
    assert.equal(s.line, 2049);
    const to = at + Number(textChunk.total_compressed_size);
    assert.match(s.message, new RegExp(`row group 2 of 3 \\(rows 2049–4096\\) could not be decoded \\(column "text" at bytes ${at}–${to}\\)`));
  }
});

test('Parquet: a damaged metadata column costs only its values: the row group\'s documents are read without it', async () => {
  const src = 'fineweb-zstd.parquet';
  const meta = parquetMetadata(readFileSync(join(FIX, src)));
  const urlChunk = meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema[0] === 'url')!.meta_data!;
  const at = Number(urlChunk.dictionary_page_offset ?? urlChunk.data_page_offset);
  const r = await read(
    damaged('url.parquet', src, (b) => {
      b.fill(0xee, at, at + 40);
      return b;
    }),
  );
  assert.equal(r.docs.length, 5000);
  assert.equal(r.docs[0]!.meta.url, undefined);
  assert.equal(r.docs[0]!.meta.language, 'en');
  // The next row group is whole (row 2049 holds the ninth text, an English one).
  assert.equal(r.docs[2048]!.meta.url, 'https://example.org/en/2049');
  assert.equal(r.skips.length, 1);
  assert.equal(r.skips[0]!.line, 1);
  assert.match(r.skips[0]!.message, new RegExp(`row group 1 of 3 \\(rows 1–2048\\): column "url" at bytes ${at}–\\d+ could not be decoded .*; its documents are read without that column`));
});

test('Parquet: `only` reads just the row groups holding the wanted rows', async () => {
  const r = await read(join(FIX, 'fineweb-snappy.parquet'), { only: new Set([3, 4500]) });
  assert.deepEqual(r.docs.map((d) => [d.line, d.externalId]), [
    [3, '<urn:uuid:doc-3>'],
    [4500, '<urn:uuid:doc-4500>'],
  ]);
});

test('zstd shards written by the zstd tool: .jsonl.zst, .json.zst, two frames in .jsonl.zstd', async () => {
  for (const f of ['shard.jsonl.zst', 'dolma.json.zst', 'two-frames.jsonl.zstd']) {
    const r = await read(join(FIX, f));
    assert.deepEqual(r.skips, [], f);
    assert.equal(r.docs.length, 12, f);
    assert.deepEqual(r.docs.map((d) => d.line), Array.from({ length: 12 }, (_, i) => i + 1), f);
    assert.equal(r.docs[0]!.text, FIRST, f);
    assert.equal(r.docs[1]!.text, SECOND, f);
    assert.equal(r.docs[11]!.externalId, 'z12', f);
    assert.deepEqual(r.docs[11]!.meta, { source: 'fixture', metadata: { n: 12 } }, f);
  }
});

test('zstd: a truncated frame is reported with the byte offset and line; the lines before it are kept', async () => {
  // Cut inside the second frame: the six lines of the first frame are whole.
  const whole = readFileSync(join(FIX, 'two-frames.jsonl.zstd'));
  const p = join(dir, 'cut.jsonl.zst');
  writeFileSync(p, whole.subarray(0, whole.length - 30));
  const r = await read(p);
  assert.ok(r.docs.length >= 6 && r.docs.length < 12, `got ${r.docs.length}`);
  assert.equal(r.skips.length, 1);
  const s = r.skips[0]!;
  assert.equal(s.reason, 'unreadable');
  assert.equal(s.line, r.docs.length + 1);
  assert.match(s.message, new RegExp(`zstd data ends inside a frame \\(truncated file\\?\\): the zstd stream failed at byte offset ${whole.length - 30} \\(end of the file\\), after line ${r.docs.length}`));

  const garbage = join(dir, 'garbage.jsonl.zst');
  const g = Buffer.from(whole);
  g.fill(0x41, 20, 200);
  writeFileSync(garbage, g);
  const gr = await read(garbage);
  assert.equal(gr.skips.length, 1);
  assert.match(gr.skips[0]!.message, /zstd/);
});

test('zstd: a file named .zst that is not zstd is skipped as such', async () => {
  const p = join(dir, 'plain.jsonl.zst');
  writeFileSync(p, '{"text":"not compressed"}\n');
  const r = await read(p);
  assert.equal(r.skips[0]!.reason, 'binary');
  assert.match(r.skips[0]!.message, /not zstd data/);
});

test('a folder of shards: the damaged ones are reported, every other document is read', async () => {
  const folder = mkdtempSync(join(dir, 'folder-'));
  for (const f of ['fineweb-gzip.parquet', 'shard.jsonl.zst', 'stack-content.parquet']) copyFileSync(join(FIX, f), join(folder, f));
  writeFileSync(join(folder, 'broken.parquet'), readFileSync(join(FIX, 'fineweb-zstd.parquet')).subarray(0, 5000));
  writeFileSync(join(folder, 'cut.jsonl.zst'), readFileSync(join(FIX, 'shard.jsonl.zst')).subarray(0, 400));
  let docs = 0;
  const skips: SkippedInput[] = [];
  for (const f of ['broken.parquet', 'cut.jsonl.zst', 'fineweb-gzip.parquet', 'shard.jsonl.zst', 'stack-content.parquet']) {
    const r = await read(join(folder, f));
    docs += r.docs.length;
    skips.push(...r.skips);
  }
  assert.equal(docs, 5000 + 12 + 2);
  assert.deepEqual(skips.map((s) => s.path.split('/').pop()).sort(), ['broken.parquet', 'cut.jsonl.zst']);
});

test('JSONL: without the configured field, text/content/raw_content or the only string field is the text', async () => {
  const p = join(dir, 'fields.jsonl');
  writeFileSync(
    p,
    [
      JSON.stringify({ raw_content: 'RedPajama style.', meta: { n: 1 } }),
      JSON.stringify({ body: 'The only string.', n: 2 }),
      JSON.stringify({ id: 'x', body: 'Two strings, no known name.' }),
      JSON.stringify({ text: null }),
    ].join('\n'),
  );
  const r = await read(p);
  assert.deepEqual(r.docs.map((d) => [d.line, d.text]), [
    [1, 'RedPajama style.'],
    [2, 'The only string.'],
  ]);
  assert.deepEqual(r.docs[1]!.meta, { n: 2 });
  assert.deepEqual(r.skips.map((s) => [s.line, s.reason]), [
    [3, 'no-text-field'],
    [4, 'no-text-field'],
  ]);
  assert.match(r.skips[0]!.message, /no field named "text", "content" or "raw_content" \(string fields: id, body\)/);
});

test('chooseTextField and jsonSafe', () => {
  assert.equal(chooseTextField(['id', 'text', 'content'], 'content'), 'content');
  assert.equal(chooseTextField(['id', 'content'], 'text'), 'content');
  assert.equal(chooseTextField(['body'], 'text'), 'body');
  assert.equal(chooseTextField(['a', 'b'], 'text'), undefined);
  assert.deepEqual(jsonSafe({ a: 5n, b: 2n ** 60n, c: new Date(0), d: new Uint8Array([1]), e: [1n, null], f: new Float64Array([0.5]) }), {
    a: 5,
    b: '1152921504606846976',
    c: '1970-01-01T00:00:00.000Z',
    e: [1, null],
    f: [0.5],
  });
});
