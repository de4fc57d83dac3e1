import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readDocuments, isSupportedFile, decodeBytes, looksBinary, markdownTitle } from '../../src/core/corpus/readers';
import type { ReadEvent, ReaderOptions, RawDocument, SkippedInput } from '../../src/core/corpus/model';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'curator-readers-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(name: string, content: string | Uint8Array | null, opts?: ReaderOptions): Promise<{ docs: RawDocument[]; skips: SkippedInput[] }> {
  const p = join(dir, name);
  if (content !== null) writeFileSync(p, content);
  const events: ReadEvent[] = [];
  for await (const ev of readDocuments(p, opts)) events.push(ev);
  return {
    docs: events.flatMap((e) => (e.kind === 'doc' ? [e.doc] : [])),
    skips: events.flatMap((e) => (e.kind === 'skip' ? [e.skip] : [])),
  };
}

// "中文语料" in GBK: 中 D6D0, 文 CEC4, 语 D3EF, 料 C1CF — plus ASCII. Not valid UTF-8.
const GBK_ZHONGWEN_YULIAO = [0xd6, 0xd0, 0xce, 0xc4, 0xd3, 0xef, 0xc1, 0xcf];

test('isSupportedFile knows the formats by extension', () => {
  for (const f of ['a.txt', 'b.md', 'c.html', 'd.HTM', 'e.jsonl', 'f.jsonl.gz', 'dolma/000.json.gz']) assert.equal(isSupportedFile(f), true, f);
  for (const f of ['a.pdf', 'b.json', 'c.gz', 'd.png', 'noext']) assert.equal(isSupportedFile(f), false, f);
});

test('reads English and Chinese text files, normalising line endings', async () => {
  const en = await readAll('en.txt', 'Hello world.\r\nSecond line.\r\n');
  assert.equal(en.docs.length, 1);
  assert.equal(en.docs[0]!.text, 'Hello world.\nSecond line.\n');
  assert.equal(en.docs[0]!.format, 'txt');
  const zh = await readAll('zh.txt', '机器学习是人工智能的一个分支。\n');
  assert.equal(zh.docs[0]!.text, '机器学习是人工智能的一个分支。\n');
  assert.equal(zh.docs[0]!.meta.encoding, undefined);
});

test('markdown keeps its text and takes the first heading as title (not one inside code)', async () => {
  const md = '```\n# not a title\n```\n\n# 语料整理指南\n\nSome text.\n';
  const r = await readAll('guide.md', md);
  assert.equal(r.docs[0]!.title, '语料整理指南');
  assert.equal(r.docs[0]!.text, md);
  assert.equal(markdownTitle('Setext Title\n===\n\nbody'), 'Setext Title');
});

test('HTML files are reduced to their main text with the title', async () => {
  const para = 'The committee published its annual report on river water quality, covering forty sites. ';
  const html = `<html><head><title>River report</title><style>p{color:red}</style></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>River report</h1><p>${para.repeat(3)}</p><p>${para.repeat(2)}</p></article>
    <script>var tracking = "do not index";</script></body></html>`;
  const r = await readAll('page.html', html);
  assert.equal(r.docs.length, 1);
  const d = r.docs[0]!;
  assert.equal(d.format, 'html');
  assert.equal(d.title, 'River report');
  assert.match(d.text, /annual report on river water quality/);
  assert.doesNotMatch(d.text, /tracking|color:red|Home/);
});

test('JSONL: one document per line, Dolma fields understood, custom text field, broken line reported and skipped', async () => {
  const lines = [
    JSON.stringify({ id: 'doc-1', text: 'First document.', source: 'c4', metadata: { url: 'https://example.org/a', title: 'A page' } }),
    '{"id": "doc-2", "text": "broken',
    JSON.stringify({ id: 7, text: '第三个文档。', added: '2024-01-01' }),
    '',
    JSON.stringify({ id: 'doc-4', body: 'no text field here' }),
    JSON.stringify({ id: 'doc-5', text: '   ' }),
    JSON.stringify([1, 2, 3]),
    JSON.stringify({ id: 'doc-8', text: 'Last one.' }),
  ];
  const r = await readAll('shard.jsonl', lines.join('\n') + '\n');
  assert.deepEqual(r.docs.map((d) => [d.line, d.externalId, d.text]), [
    [1, 'doc-1', 'First document.'],
    [3, '7', '第三个文档。'],
    [8, 'doc-8', 'Last one.'],
  ]);
  assert.equal(r.docs[0]!.meta.source, 'c4');
  assert.deepEqual(r.docs[0]!.meta.metadata, { url: 'https://example.org/a', title: 'A page' });
  assert.equal(r.docs[0]!.title, 'A page');
  assert.equal(r.docs[0]!.meta.text, undefined);
  assert.equal(r.docs[1]!.meta.added, '2024-01-01');
  assert.deepEqual(r.skips.map((s) => [s.line, s.reason]), [
    [2, 'bad-json'],
    [5, 'no-text-field'],
    [6, 'empty'],
    [7, 'bad-json'],
  ]);
  assert.match(r.skips[0]!.message, /line 2/);
  assert.ok(r.skips.every((s) => s.path.endsWith('shard.jsonl')));

  const custom = await readAll('custom.jsonl', JSON.stringify({ content: 'Custom field text.' }) + '\n', { textField: 'content' });
  assert.equal(custom.docs[0]!.text, 'Custom field text.');
});

test('JSONL with CRLF line endings and no trailing newline', async () => {
  const r = await readAll('crlf.jsonl', '{"text":"a"}\r\n{"text":"b"}');
  assert.deepEqual(r.docs.map((d) => d.text), ['a', 'b']);
  assert.equal(r.skips.length, 0);
});

test('.jsonl.gz is streamed through gunzip; a corrupt gzip stream is reported, documents before it kept', async () => {
  const body = Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: `d${i}`, text: `Document number ${i}. 文档 ${i}` })).join('\n') + '\n';
  const gz = gzipSync(Buffer.from(body));
  const r = await readAll('shard.jsonl.gz', gz);
  assert.equal(r.docs.length, 500);
  assert.equal(r.docs[499]!.externalId, 'd499');
  assert.equal(r.docs[499]!.line, 500);
  assert.equal(r.skips.length, 0);

  const truncated = gz.subarray(0, Math.floor(gz.length / 2));
  const t = await readAll('truncated.jsonl.gz', truncated);
  assert.ok(t.docs.length > 0 && t.docs.length < 500, `partial read, got ${t.docs.length}`);
  assert.equal(t.skips.length, 1);
  assert.equal(t.skips[0]!.reason, 'unreadable');

  const notGz = await readAll('fake.jsonl.gz', '{"text":"plain"}\n');
  assert.equal(notGz.skips[0]!.reason, 'binary');
});

test('binary files are skipped (NUL bytes; dense control bytes)', async () => {
  const withNul = Buffer.concat([Buffer.from('PNG-ish header'), Buffer.from([0, 1, 2, 0, 255, 0])]);
  const r = await readAll('image.txt', withNul);
  assert.equal(r.docs.length, 0);
  assert.equal(r.skips[0]!.reason, 'binary');
  const ctrl = Buffer.alloc(1000, 0x01);
  assert.equal(looksBinary(ctrl), true);
  assert.equal(looksBinary(Buffer.from('plain text\twith tabs\nand lines\n')), false);
  const jsonlBin = await readAll('bin.jsonl', withNul);
  assert.equal(jsonlBin.skips[0]!.reason, 'binary');
});

test('files over the size limit are skipped as too-large; long documents too', async () => {
  const r = await readAll('big.txt', 'x'.repeat(2000), { maxFileBytes: 1000 });
  assert.equal(r.skips[0]!.reason, 'too-large');
  assert.match(r.skips[0]!.message, /2000 bytes/);
  const ok = await readAll('small.txt', 'x'.repeat(500), { maxFileBytes: 1000 });
  assert.equal(ok.docs.length, 1);
  const longDoc = await readAll('long.jsonl', JSON.stringify({ text: 'y'.repeat(300) }) + '\n' + JSON.stringify({ text: 'short' }) + '\n', { maxDocChars: 100 });
  assert.deepEqual(longDoc.skips.map((s) => [s.line, s.reason]), [[1, 'too-large']]);
  assert.deepEqual(longDoc.docs.map((d) => d.text), ['short']);
});

test('GBK-encoded Chinese is decoded as GB18030 and marked; invalid UTF-8 that is not Chinese is skipped', async () => {
  const gbk = Buffer.concat([Buffer.from('Title: '), Buffer.from(GBK_ZHONGWEN_YULIAO), Buffer.from('\n'), Buffer.from(GBK_ZHONGWEN_YULIAO)]);
  const r = await readAll('legacy.txt', gbk);
  assert.equal(r.docs.length, 1, JSON.stringify(r.skips));
  assert.equal(r.docs[0]!.text, 'Title: 中文语料\n中文语料');
  assert.equal(r.docs[0]!.meta.encoding, 'gb18030');

  const off = await readAll('legacy2.txt', gbk, { decodeLegacyChinese: false });
  assert.equal(off.skips[0]!.reason, 'invalid-utf8');

  // Latin-1 "café naïve" bytes: invalid UTF-8, decodes in GB18030 to non-Chinese junk → skipped.
  const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]);
  const bad = await readAll('latin1.txt', latin1);
  assert.equal(bad.docs.length, 0);
  assert.equal(bad.skips[0]!.reason, 'invalid-utf8');
  assert.match(bad.skips[0]!.message, /offset 3/);

  // Per line in JSONL too.
  const line = Buffer.concat([Buffer.from('{"text":"'), Buffer.from(GBK_ZHONGWEN_YULIAO), Buffer.from('"}\n{"text":"ok"}\n')]);
  const j = await readAll('legacy.jsonl', line);
  assert.equal(j.docs[0]!.text, '中文语料');
  assert.equal(j.docs[0]!.meta.encoding, 'gb18030');
  assert.equal(j.docs[1]!.text, 'ok');
});

test('HTML declaring a legacy charset is read in that charset', async () => {
  const para = 'Le café du village a rouvert ses portes après des travaux, et les habitants se sont retrouvés nombreux pour fêter cela ensemble.';
  const html = `<html><head><meta charset="windows-1252"><title>Café</title></head><body><article><p>${para}</p><p>${para}</p></article></body></html>`;
  const r = await readAll('latin.html', Buffer.from(html, 'latin1'));
  assert.equal(r.docs.length, 1, JSON.stringify(r.skips));
  assert.equal(r.docs[0]!.meta.encoding, 'windows-1252');
  assert.match(r.docs[0]!.text, /Le café du village a rouvert/);
  // the same bytes in a .txt file (no declaration) are not UTF-8 and not Chinese: skipped
  const t = await readAll('latin.txt', Buffer.from(para, 'latin1'));
  assert.equal(t.skips[0]!.reason, 'invalid-utf8');
});

test('decodeBytes: UTF-8 BOM stripped, UTF-16 with BOM decoded', () => {
  const bom = decodeBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]));
  assert.deepEqual(bom, { ok: true, text: 'hi', encoding: 'utf-8' });
  const u16 = decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('中文', 'utf16le')]));
  assert.equal(u16.ok && u16.text, '中文');
});

test('nonexistent, unreadable, empty and unsupported inputs are skipped with a clear reason', async () => {
  const missing = await readAll('missing.txt', null);
  assert.deepEqual(missing.skips.map((s) => s.reason), ['unreadable']);
  assert.match(missing.skips[0]!.message, /ENOENT/);

  const locked = join(dir, 'locked.txt');
  writeFileSync(locked, 'secret');
  chmodSync(locked, 0o000);
  const isRoot = process.getuid?.() === 0;
  const l = await readAll('locked.txt', null);
  chmodSync(locked, 0o644);
  if (!isRoot) {
    assert.equal(l.skips[0]!.reason, 'unreadable');
    assert.match(l.skips[0]!.message, /EACCES|permission/);
  }

  const empty = await readAll('empty.txt', '');
  assert.equal(empty.skips[0]!.reason, 'empty');
  const blank = await readAll('blank.md', '  \n\n ');
  assert.equal(blank.skips[0]!.reason, 'empty');
  const pdf = await readAll('paper.pdf', '%PDF-1.4');
  assert.equal(pdf.skips[0]!.reason, 'unsupported');
});

test('abort signal stops a JSONL read early', async () => {
  const body = Array.from({ length: 100 }, (_, i) => JSON.stringify({ text: `t${i}` })).join('\n');
  writeFileSync(join(dir, 'abort.jsonl'), body);
  const ac = new AbortController();
  let n = 0;
  for await (const ev of readDocuments(join(dir, 'abort.jsonl'), { signal: ac.signal })) {
    if (ev.kind === 'doc') n++;
    if (n === 10) ac.abort();
  }
  assert.equal(n, 10);
});
