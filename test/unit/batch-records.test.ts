// Batches over shard records: a job whose path is a record ref rewrites that record into a line of the rewrites
// shard of its source shard and style (one file per shard, not per job), journalled so that a kill loses no
// paid-for answer and leaves no half line; record rewrites made one at a time wait in the same review queue.
// The teacher is the TEST DOUBLE (test/double/teacher-double.ts).
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TeacherClient } from '../../src/core/llm/client';
import { journalPath, readJournal } from '../../src/core/batch/journal';
import { runBatch } from '../../src/core/batch/runner';
import { readJobSource, rewriteExecutor, templatePromptId } from '../../src/core/batch/executor';
import { planJobs, type JobSpec } from '../../src/core/batch/sources';
import { RecordTexts, recordAwareReader } from '../../src/core/batch/records';
import { loadQueue, SINGLE_BATCH } from '../../src/core/batch/queue';
import { loadTemplates } from '../../src/core/rewrite/templates';
import { saveRecordRewrite, type RewriteTextResult } from '../../src/core/rewrite/rewrite';
import { readProvenance } from '../../src/core/provenance/log';
import { readDocuments } from '../../src/core/corpus/readers';
import { TeacherDouble } from '../double/teacher-double';

const double = new TeacherDouble({ chunkDelayMs: 0, chunkChars: 4000 });
let url = '';
let ws = '';
before(async () => {
  url = await double.start();
});
after(() => double.stop());
beforeEach(() => {
  double.reset();
  ws = mkdtempSync(join(tmpdir(), 'curator-batch-records-'));
  mkdirSync(join(ws, 'data'), { recursive: true });
  const news = [1, 2, 3].map((i) => JSON.stringify({ id: `n${i}`, text: `News N${i}X. The bridge is ${100 + i} m long and opened in 19${10 + i}.` }));
  writeFileSync(join(ws, 'data', 'news.jsonl'), news.join('\n') + '\n');
  const zh = [1, 2].map((i) => JSON.stringify({ id: `z${i}`, content: `中文Z${i}X。长江全长约6300公里，${2000 + i}年志愿者清理了${i}00公斤垃圾。` }));
  writeFileSync(join(ws, 'data', 'zh.jsonl.gz'), gzipSync(zh.join('\n') + '\n'));
});
afterEach(() => rmSync(ws, { recursive: true, force: true }));

const SPECS: JobSpec[] = [
  { path: 'data/news.jsonl:1' },
  { path: 'data/news.jsonl:2' },
  { path: 'data/news.jsonl:3' },
  { path: 'data/zh.jsonl.gz:1' },
  { path: 'data/zh.jsonl.gz:2' },
];

async function setup() {
  const templates = loadTemplates(ws);
  const teacher = new TeacherClient({ baseURL: url, apiKey: 'k', model: 'double-model', timeoutMs: 5000, maxRetries: 0 });
  const texts = new RecordTexts();
  await texts.preload(SPECS, ws);
  const plan = planJobs(SPECS, {
    root: ws,
    model: 'double-model',
    promptId: templatePromptId(templates),
    readSource: recordAwareReader(texts, readJobSource),
    defaults: { style: 'textbook', audience: 'college' },
  });
  const run = () =>
    runBatch({
      root: ws,
      batchId: 'b-rec',
      meta: { origin: 'records', model: 'double-model', mode: 'run' },
      jobs: plan.jobs,
      executor: rewriteExecutor({ root: ws, teacher, templates }),
      concurrency: 3,
      retryDelayMs: () => 10,
    });
  return { plan, run };
}

const shardLines = (name: string) => readFileSync(join(ws, 'data', name), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('a batch over records writes one rewrites shard per source shard and style, a line per record naming its source record', async () => {
  const { plan, run } = await setup();
  assert.deepEqual(plan.errors, []);
  assert.equal(plan.jobs.length, 5);
  assert.equal(plan.jobs[3]!.source.path, 'data/zh.jsonl.gz:1');
  const r = await run();
  assert.equal(r.done, 5);
  assert.deepEqual(readdirSync(join(ws, 'data')).sort(), ['news.jsonl', 'news.rewrites.textbook.college.jsonl', 'zh.jsonl.gz', 'zh.rewrites.textbook.college.jsonl']);
  const news = shardLines('news.rewrites.textbook.college.jsonl');
  assert.equal(news.length, 3);
  assert.deepEqual(news.map((l) => l.metadata.curator.parent_path).sort(), ['data/news.jsonl:1', 'data/news.jsonl:2', 'data/news.jsonl:3']);
  for (const l of news) {
    assert.equal(l.metadata.curator.batch_id, 'b-rec');
    assert.equal(l.metadata.curator.job_id, l.metadata.curator.parent_path);
    assert.match(l.text, new RegExp(`N${l.metadata.curator.parent_path.slice(-1)}X`), 'each line is the rewrite of the record it names');
  }
  assert.equal(shardLines('zh.rewrites.textbook.college.jsonl').length, 2);
  // Provenance and the journal name records on both sides; the queue lists them like any batch result.
  const recs = readProvenance(ws).records.filter((x) => x.type === 'rewrite');
  assert.equal(recs.length, 5);
  for (const x of recs) assert.match(x.output.path, /^data\/(news|zh)\.rewrites\.textbook\.college\.jsonl:[1-3]$/);
  const q = loadQueue(ws);
  assert.equal(q.length, 5);
  assert.ok(q.every((i) => i.batchId === 'b-rec' && /\.jsonl(\.gz)?:\d$/.test(i.source)));
  // The index reads each line as a document of its own.
  const docs: unknown[] = [];
  for await (const ev of readDocuments(join(ws, 'data', 'news.rewrites.textbook.college.jsonl'))) if (ev.kind === 'doc') docs.push(ev.doc);
  assert.equal(docs.length, 3);
});

/** The journal as a kill left it: the job's 'saving' line (with its text) on disk, no 'done' line after it. */
function dropDone(jobId: string): void {
  const p = journalPath(ws, 'b-rec');
  writeFileSync(p, readFileSync(p, 'utf8').split('\n').filter((l) => !(l.includes('"t":"done"') && l.includes(`"job":"${jobId}"`))).join('\n'));
}
function dropProvenance(jobId: string): void {
  const p = join(ws, '.curator', 'provenance.jsonl');
  writeFileSync(p, readFileSync(p, 'utf8').split('\n').filter((l) => !l.includes(`"jobId":"${jobId}"`)).join('\n'));
}

test('killed after the line was appended: the resumed batch finds its line, writes its provenance, asks nothing again and adds no second line', async () => {
  const { run } = await setup();
  await run();
  assert.equal(double.count, 5);
  dropDone('data/news.jsonl:2');
  dropProvenance('data/news.jsonl:2');
  const r2 = await run();
  assert.equal(r2.recovered, 1);
  assert.equal(double.count, 5, 'no request for the recovered job');
  assert.equal(shardLines('news.rewrites.textbook.college.jsonl').length, 3, 'no duplicate line');
  const rec = readProvenance(ws).records.find((x) => x.type === 'rewrite' && x.jobId === 'data/news.jsonl:2');
  assert.ok(rec && rec.type === 'rewrite');
  const line = Number(rec.output.path.split(':').pop());
  assert.equal(shardLines('news.rewrites.textbook.college.jsonl')[line - 1].metadata.curator.parent_path, 'data/news.jsonl:2');
});

test('killed mid-append (a torn half line): the half line is cut, the journalled answer is appended whole, and nothing is asked again', async () => {
  const { run } = await setup();
  await run();
  const shard = join(ws, 'data', 'news.rewrites.textbook.college.jsonl');
  // The kill came while news:3's line was being written: only its first half is in the shard.
  const lines = readFileSync(shard, 'utf8').split('\n').filter(Boolean);
  const at = lines.findIndex((l) => l.includes('"data/news.jsonl:3"'));
  const torn = lines[at]!.slice(0, 40);
  writeFileSync(shard, lines.filter((_, i) => i !== at).join('\n') + '\n' + torn);
  dropDone('data/news.jsonl:3');
  dropProvenance('data/news.jsonl:3');
  // The reader reports the torn line by file and line, and reads the others.
  const skips: unknown[] = [];
  const docs: unknown[] = [];
  for await (const ev of readDocuments(shard)) (ev.kind === 'doc' ? docs : skips).push(ev);
  assert.equal(docs.length, 2);
  assert.equal(skips.length, 1);
  assert.match(JSON.stringify(skips[0]), /"line":3.*torn last line/);
  const r2 = await run();
  assert.equal(r2.recovered, 1);
  assert.equal(double.count, 5, 'the paid-for answer came from the journal');
  const after = shardLines('news.rewrites.textbook.college.jsonl');
  assert.equal(after.length, 3, 'every line whole JSON, no half line left');
  assert.equal(after[2].metadata.curator.parent_path, 'data/news.jsonl:3');
  const st = readJournal(ws, 'b-rec')!;
  assert.equal(st.done.size, 5);
  const rec = readProvenance(ws).records.find((x) => x.type === 'rewrite' && x.jobId === 'data/news.jsonl:3');
  assert.ok(rec && rec.type === 'rewrite' && rec.output.path === 'data/news.rewrites.textbook.college.jsonl:3');
});

test('a changed record is not rewritten from the old plan, and a missing record is a planning error with its shard and line', async () => {
  const { run } = await setup();
  writeFileSync(join(ws, 'data', 'news.jsonl'), JSON.stringify({ id: 'n1', text: 'Someone edited this record.' }) + '\n');
  const r = await run();
  assert.equal(r.failed, 3, 'the three news records changed or went away');
  const texts = new RecordTexts();
  const specs = [{ path: 'data/news.jsonl:7' }];
  await texts.preload(specs, ws);
  const plan = planJobs(specs, { root: ws, model: 'm', promptId: () => 'p', readSource: recordAwareReader(texts, readJobSource), defaults: { style: 'textbook', audience: 'college' } });
  assert.equal(plan.jobs.length, 0);
  assert.match(plan.errors[0]!.message, /news\.jsonl has no record 7/);
});

function result(text: string): RewriteTextResult {
  return {
    text, sourceLang: 'en', flags: [], problems: [], usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 }, usageEstimated: false,
    chunks: 1, chunksDone: 1, template: { id: 'textbook', sha256: 'x', origin: 'builtin' }, model: 'teacher-1', endpointHost: 'localhost', attempts: 1, durationMs: 5,
  } as RewriteTextResult;
}

test('record rewrites made one at a time wait in the review queue beside batch results; file rewrites made one at a time do not', async () => {
  const src = join(ws, 'data', 'news.jsonl');
  const a = saveRecordRewrite({ root: ws, sourceRef: `${src}:2`, sourceFileText: 'x', style: 'qa', audience: 'children', result: result('Q: How long is the bridge? A: 102 m.') });
  appendFileSync(join(ws, '.curator', 'provenance.jsonl'), JSON.stringify({ type: 'rewrite', v: 1, id: 'f1', time: new Date().toISOString(), source: { path: 'a.md', sha256: 's' }, output: { path: 'a.qa.children.md', sha256: 'o' }, style: 'qa', audience: 'children', status: 'done', flags: [] }) + '\n');
  const q = loadQueue(ws);
  assert.equal(q.length, 1);
  assert.equal(q[0]!.rewriteId, a.record.id);
  assert.equal(q[0]!.batchId, SINGLE_BATCH);
  assert.equal(q[0]!.source, 'data/news.jsonl:2');
  assert.equal(q[0]!.output, 'data/news.rewrites.qa.children.jsonl:1');
  assert.equal(q[0]!.state, 'pending');
  assert.equal(q[0]!.verdict, undefined, 'unscored until reviewed');
  assert.equal(loadQueue(ws, { batchId: 'b-other' }).length, 0);
  assert.equal(loadQueue(ws, { batchId: SINGLE_BATCH }).length, 1);
});
