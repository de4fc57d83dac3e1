import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProvenanceAppender, saveRewriteAsync } from '../../src/core/batch/save';
import { defaultWriterWorker, WorkerFileWriter } from '../../src/core/batch/writer';
import { saveRewrite, type RewriteTextResult } from '../../src/core/rewrite/rewrite';
import { readProvenance } from '../../src/core/provenance/log';
import type { RewriteRecord } from '../../src/core/provenance/types';

const result: RewriteTextResult = {
  text: '## Lesson\n\nThe bridge is 120 m long.',
  sourceLang: 'en',
  flags: [],
  problems: [],
  usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
  usageEstimated: false,
  chunks: 1,
  chunksDone: 1,
  template: { id: 'builtin:textbook:en', sha256: 'abc', origin: 'builtin' },
  model: 'm',
  endpointHost: 'h',
  attempts: 1,
  durationMs: 5,
};

test('the async save adapter writes the same file name and the same provenance record as saveRewrite', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'curator-batch-save-'));
  try {
    mkdirSync(join(ws, 'a'));
    mkdirSync(join(ws, 'b'));
    for (const d of ['a', 'b']) writeFileSync(join(ws, d, 'src.md'), 'The bridge is 120 m long.\n');
    const now = () => new Date('2026-01-02T03:04:05.000Z');
    const common = { root: ws, sourceFileText: 'The bridge is 120 m long.\n', style: 'textbook', audience: 'college', result, batchId: 'b-x', jobId: 'j1', now };
    const sync = saveRewrite({ ...common, sourcePath: join(ws, 'a', 'src.md') });
    const app = new ProvenanceAppender(ws);
    const asyncOut = await saveRewriteAsync({ ...common, sourcePath: join(ws, 'b', 'src.md') }, app);
    // A second save of the same source never replaces the first: it takes the next name.
    const again = await saveRewriteAsync({ ...common, sourcePath: join(ws, 'b', 'src.md') }, app);
    await app.close();
    assert.equal(sync.outputPath, join(ws, 'a', 'src.textbook.college.md'));
    assert.equal(asyncOut.outputPath, join(ws, 'b', 'src.textbook.college.md'));
    assert.equal(again.outputPath, join(ws, 'b', 'src.textbook.college.2.md'));
    assert.equal(readFileSync(asyncOut.outputPath, 'utf8'), readFileSync(sync.outputPath, 'utf8'));
    const strip = (r: RewriteRecord) => ({ ...r, id: '', source: { ...r.source, path: '' }, output: { ...r.output, path: '' } });
    assert.deepEqual(strip(asyncOut.record), strip(sync.record));
    const recs = readProvenance(ws).records as RewriteRecord[];
    assert.equal(recs.length, 3, 'both writers append to the same log');
    assert.deepEqual(recs[1], asyncOut.record);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('a flagged result is refused by the adapter', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'curator-batch-save-'));
  try {
    const app = new ProvenanceAppender(ws);
    await assert.rejects(
      saveRewriteAsync({ root: ws, sourcePath: join(ws, 's.md'), sourceFileText: 'x', style: 's', audience: 'a', result: { ...result, flags: ['truncated'], problems: ['cut off'] } }, app),
      /not saved: cut off/,
    );
    await app.close();
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('with the worker file writer: the intent is journalled before the file appears, a taken name gets a new intent, same record', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'curator-batch-save-'));
  const writer = new WorkerFileWriter(defaultWriterWorker()!);
  try {
    writeFileSync(join(ws, 'src.md'), 'The bridge is 120 m long.\n');
    const now = () => new Date('2026-01-02T03:04:05.000Z');
    const common = { root: ws, sourcePath: join(ws, 'src.md'), sourceFileText: 'The bridge is 120 m long.\n', style: 'textbook', audience: 'college', result, batchId: 'b-x', jobId: 'j1', now };
    const seen: Array<{ path: string; existed: boolean }> = [];
    const intent = async (rec: RewriteRecord) => {
      const path = join(ws, rec.output.path);
      seen.push({ path, existed: existsSync(path) });
      // Somebody takes the first name between the intent and the write: the save must move on, not replace it.
      if (seen.length === 1) writeFileSync(path, 'not ours\n');
    };
    const app = new ProvenanceAppender(ws);
    const out = await saveRewriteAsync(common, app, intent, writer);
    await app.close();
    assert.deepEqual(seen, [
      { path: join(ws, 'src.textbook.college.md'), existed: false },
      { path: join(ws, 'src.textbook.college.2.md'), existed: false },
    ]);
    assert.equal(out.outputPath, join(ws, 'src.textbook.college.2.md'));
    assert.equal(readFileSync(join(ws, 'src.textbook.college.md'), 'utf8'), 'not ours\n');
    assert.equal(readFileSync(out.outputPath, 'utf8'), result.text + '\n');
    assert.deepEqual(readProvenance(ws).records, [out.record]);
    assert.equal(out.record.output.path, 'src.textbook.college.2.md');
  } finally {
    await writer.close();
    rmSync(ws, { recursive: true, force: true });
  }
});
