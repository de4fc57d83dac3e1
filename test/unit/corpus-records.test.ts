// Shard records as documents of their own: record refs, reading one record, rewrites of records as lines of
// one rewrites shard per source shard and style, their provenance, and how the index classifies them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  appendRecordRewrite, formatRecordRef, parseRecordRef, primeRecord, readRecord, readRecordTextSync, recordLabel, rewritesShardPath,
} from '../../src/core/corpus/record-ref';
import { saveRecordRewrite, type RewriteTextResult } from '../../src/core/rewrite/rewrite';
import { readProvenance } from '../../src/core/provenance/log';
import { CorpusIndex, docRef } from '../../src/core/corpus/index/corpus-index';
import { docId } from '../../src/core/corpus/index/classify';
import { DecisionService, reviewedTarget } from '../../src/core/provenance/decisions';
import { tempDir } from './tempdirs';

const FIX = join(__dirname, '..', 'fixtures', 'readers');

test('a record ref names a line or row of a shard file, and nothing else', () => {
  assert.deepEqual(parseRecordRef('/d/fineweb.parquet:12'), { path: '/d/fineweb.parquet', line: 12 });
  assert.deepEqual(parseRecordRef('data/x.jsonl.zst:3'), { path: 'data/x.jsonl.zst', line: 3 });
  assert.equal(parseRecordRef('notes/a.md:3'), undefined, 'a plain file with a colon is no record');
  assert.equal(parseRecordRef('/d/x.jsonl'), undefined);
  assert.equal(parseRecordRef('/d/x.jsonl:0'), undefined);
  assert.equal(formatRecordRef('/d/x.jsonl', 4), '/d/x.jsonl:4');
  assert.equal(recordLabel({ path: '/d/fineweb.parquet', line: 7 }), 'fineweb.parquet row 7');
  assert.equal(recordLabel({ path: '/d/x.jsonl.gz', line: 7 }), 'x.jsonl.gz line 7');
  assert.equal(rewritesShardPath('/d/dclm.jsonl.zst', 'textbook', 'high school'), '/d/dclm.rewrites.textbook.high-school.jsonl');
  assert.equal(rewritesShardPath('/d/fineweb.parquet', 'qa', 'college', '/out'), '/out/fineweb.rewrites.qa.college.jsonl');
});

test('one record is read from JSONL, gzip, zstd and Parquet shards; a missing record names path and line', async () => {
  const root = tempDir('curator-records-');
  const jsonl = join(root, 'a.jsonl');
  writeFileSync(jsonl, ['{"text":"first record"}', 'not json', '{"id":"r3","text":"third record"}'].join('\n') + '\n');
  writeFileSync(join(root, 'a.jsonl.gz'), gzipSync(readFileSync(jsonl)));
  copyFileSync(join(FIX, 'shard.jsonl.zst'), join(root, 'b.jsonl.zst'));
  copyFileSync(join(FIX, 'fineweb-zstd.parquet'), join(root, 'c.parquet'));
  assert.equal(readRecordTextSync(`${jsonl}:3`), 'third record');
  assert.equal(readRecordTextSync(`${jsonl}:2`), undefined, 'a broken line has no text');
  assert.equal(readRecordTextSync(`${join(root, 'a.jsonl.gz')}:1`), 'first record');
  const zst = await readRecord(join(root, 'b.jsonl.zst'), 12);
  assert.equal(readRecordTextSync(`${join(root, 'b.jsonl.zst')}:12`), zst.text);
  const row = await readRecord(join(root, 'c.parquet'), 2050);
  assert.equal(row.externalId, '<urn:uuid:doc-2050>');
  // Parquet needs the asynchronous reader: the sync read knows a row only once it was primed.
  assert.equal(readRecordTextSync(`${join(root, 'c.parquet')}:2050`), undefined);
  assert.equal(await primeRecord(`${join(root, 'c.parquet')}:2050`), row.text);
  assert.equal(readRecordTextSync(`${join(root, 'c.parquet')}:2050`), row.text);
  await assert.rejects(readRecord(jsonl, 9), /a\.jsonl has no record 9/);
  await assert.rejects(readRecord(jsonl, 2), /a\.jsonl:2: /);
});

test('rewrites of records are appended as numbered lines; a line cut off by a crash is closed first', () => {
  const root = tempDir('curator-records-');
  const shard = join(root, 'x.rewrites.textbook.college.jsonl');
  const meta = { style: 'textbook', audience: 'college', model: 'm', parentPath: 'x.jsonl:1' };
  assert.equal(appendRecordRewrite(shard, 'one', meta), 1);
  assert.equal(appendRecordRewrite(shard, 'two', { ...meta, parentPath: 'x.jsonl:2' }), 2);
  appendFileSync(shard, '{"id":"cut off');
  // A half line a killed writer left is cut off: the next line takes its place, and every line is whole JSON.
  assert.equal(appendRecordRewrite(shard, 'three', meta), 3);
  let lines = readFileSync(shard, 'utf8').split('\n');
  assert.equal(lines.length, 4);
  assert.equal(JSON.parse(lines[2]!).text, 'three');
  // A whole last line that only lacks its newline is kept and ended.
  const whole = readFileSync(shard, 'utf8').replace(/\n$/, '');
  writeFileSync(shard, whole);
  assert.equal(appendRecordRewrite(shard, 'four', meta), 4);
  lines = readFileSync(shard, 'utf8').split('\n');
  assert.equal(lines.length, 5);
  assert.equal(JSON.parse(lines[2]!).text, 'three');
  const last = JSON.parse(lines[3]!);
  assert.equal(last.text, 'four');
  assert.deepEqual(last.metadata.curator, { synthetic: true, kind: 'synthetic', style: 'textbook', audience: 'college', model: 'm', parent_path: 'x.jsonl:1' });
  assert.equal(readRecordTextSync(`${shard}:2`), 'two');
});

function result(text: string): RewriteTextResult {
  return {
    text, sourceLang: 'en', flags: [], problems: [], usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 }, usageEstimated: false,
    chunks: 1, chunksDone: 1, template: { id: 'textbook', sha256: 'x', origin: 'builtin' }, model: 'teacher-1', endpointHost: 'localhost', attempts: 1, durationMs: 5,
  } as RewriteTextResult;
}

test('a record rewrite is a line of the rewrites shard with provenance naming both records; the index links it to its source record and follows decisions on it', async () => {
  const root = tempDir('curator-records-');
  const src = join(root, 'news.jsonl');
  writeFileSync(src, ['{"id":"n1","text":"The river was cleaned in 2021 by 300 volunteers."}', '{"id":"n2","text":"Tea came to Europe in the 17th century."}'].join('\n') + '\n');
  const a = saveRecordRewrite({ root, sourceRef: `${src}:2`, sourceFileText: 'Tea came to Europe in the 17th century.', style: 'textbook', audience: 'college', result: result('In the 17th century, tea reached Europe.') });
  const b = saveRecordRewrite({ root, sourceRef: `${src}:1`, sourceFileText: 'The river was cleaned in 2021 by 300 volunteers.', style: 'textbook', audience: 'college', result: result('In 2021, 300 volunteers cleaned the river.') });
  const out = join(root, 'news.rewrites.textbook.college.jsonl');
  assert.equal(a.outputPath, `${out}:1`);
  assert.equal(b.outputPath, `${out}:2`);
  const recs = readProvenance(root).records;
  assert.equal(recs.length, 2);
  assert.equal(recs[0]!.source.path, 'news.jsonl:2');
  assert.equal(recs[0]!.output.path, 'news.rewrites.textbook.college.jsonl:1');
  assert.equal(readRecordTextSync(b.outputPath), 'In 2021, 300 volunteers cleaned the river.');

  // A decision on one line: rejected (nothing to move: the line stays, marked by the log).
  const svc = new DecisionService();
  const [d] = await svc.decide(root, [reviewedTarget({ root, source: `${src}:1`, rewrite: b.outputPath, sourceText: 'x', rewriteText: 'y', facts: { score: 0.5, verdict: 'needs-review', kept: 1, dropped: 1, altered: 0, added: 0 } })], 'rejected');
  assert.equal(d!.movedTo, undefined);
  assert.equal(d!.rewriteId, b.record.id);

  const idx = await CorpusIndex.build(root);
  const byRef = new Map(idx.documents().map((x) => [docRef(x), x]));
  const r1 = byRef.get('news.rewrites.textbook.college.jsonl:1')!;
  const r2 = byRef.get('news.rewrites.textbook.college.jsonl:2')!;
  assert.equal(r1.kind, 'synthetic');
  assert.equal(r1.style, 'textbook');
  assert.equal(r1.model, 'teacher-1');
  assert.equal(r1.parentPath, 'news.jsonl:2');
  assert.equal(r1.parentId, docId('news.jsonl', 2));
  assert.equal(r1.parentId, byRef.get('news.jsonl:2')!.id, 'the parent is the indexed source record');
  assert.equal(r1.status, 'pending');
  assert.equal(r2.status, 'rejected');
  assert.equal(byRef.get('news.jsonl:1')!.kind, 'natural');
});
