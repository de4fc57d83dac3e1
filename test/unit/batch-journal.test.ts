import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TeacherClient } from '../../src/core/llm/client';
import { Journal, journalPath, listUnfinishedBatches, parseJournal, readJournal, type PlannedJob } from '../../src/core/batch/journal';
import { runBatch } from '../../src/core/batch/runner';
import { readJobSource, rewriteExecutor, templatePromptId } from '../../src/core/batch/executor';
import { planJobs, specsFromFolder } from '../../src/core/batch/sources';
import { loadTemplates } from '../../src/core/rewrite/templates';
import { readProvenance } from '../../src/core/provenance/log';
import { TEMP_PREFIX } from '../../src/core/batch/newfile';
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
  ws = mkdtempSync(join(tmpdir(), 'curator-batch-journal-'));
  mkdirSync(join(ws, 'docs'), { recursive: true });
});

afterEach(() => rmSync(ws, { recursive: true, force: true }));

const job = (id: string): PlannedJob => ({ id, key: `k-${id}`, source: { text: `text ${id}`, sha256: 'x', chars: 6 }, style: 'textbook', audience: 'college', estTokens: 10 });

test('group commit: parallel appends share fdatasyncs, every record is on disk when its promise resolves', async () => {
  const j = await Journal.open(ws, 'b-test');
  await j.append({ t: 'plan', v: 1, batchId: 'b-test', time: 't', meta: { origin: 'x', model: 'm', mode: 'run' }, jobs: [job('a')] });
  const n = 200;
  const seen: number[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      j.append({ t: 'fail', key: `k${i}`, job: `j${i}`, time: 't', reason: 'r', kind: 'x' }).then(() => {
        // At resolution time the line is in the file.
        seen.push(readFileSync(journalPath(ws, 'b-test'), 'utf8').includes(`"job":"j${i}"`) ? 1 : 0);
      }),
    ),
  );
  await j.close();
  assert.equal(seen.length, n);
  assert.ok(seen.every((x) => x === 1));
  assert.ok(j.syncs < n / 4, `${j.syncs} syncs for ${n + 1} records`);
  const st = readJournal(ws, 'b-test')!;
  assert.equal(st.failed.size, n);
  assert.equal(st.plan!.jobs.length, 1);
});

test('a torn last line (crash mid-write) is cut off on open; later records start on a clean line', async () => {
  const j = await Journal.open(ws, 'b-torn');
  await j.append({ t: 'start', key: 'k1', job: 'a', attempt: 1, time: 't' });
  await j.close();
  appendFileSync(journalPath(ws, 'b-torn'), '{"t":"done","key":"k1","jo');
  const j2 = await Journal.open(ws, 'b-torn');
  assert.equal(j2.state.errors.length, 0);
  assert.ok(j2.state.started.has('k1'), 'the half-written done line does not count');
  await j2.append({ t: 'fail', key: 'k1', job: 'a', time: 't', reason: 'x', kind: 'y' });
  await j2.close();
  const st = parseJournal(readFileSync(journalPath(ws, 'b-torn'), 'utf8'));
  assert.equal(st.errors.length, 0);
  assert.equal(st.failed.get('k1')!.reason, 'x');
});

test('a done record is final: a later fail for the same key does not undo it', () => {
  const lines = [
    { t: 'start', key: 'k', job: 'a', attempt: 1, time: 't' },
    { t: 'done', key: 'k', job: 'a', time: 't', rewriteId: 'r', output: { path: 'o', sha256: 's' }, source: { path: 'p', sha256: 's' }, style: 's', audience: 'a', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, flags: [] },
    { t: 'fail', key: 'k', job: 'a', time: 't', reason: 'late', kind: 'x' },
    'not json',
  ];
  const st = parseJournal(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  assert.ok(st.done.has('k'));
  assert.ok(!st.failed.has('k'));
  assert.deepEqual(st.errors.map((e) => e.line), [4]);
});

function setup(n: number) {
  for (let i = 0; i < n; i++) writeFileSync(join(ws, 'docs', `d${i}.md`), `Document D${i}X. The bridge is ${100 + i} m long.\n\nIt opened in 19${10 + i}.\n`);
  const templates = loadTemplates(ws);
  const teacher = new TeacherClient({ baseURL: url, apiKey: 'k', model: 'double-model', timeoutMs: 5000, maxRetries: 0 });
  const plan = planJobs(specsFromFolder(join(ws, 'docs')), {
    root: ws,
    model: 'double-model',
    promptId: templatePromptId(templates),
    readSource: readJobSource,
    defaults: { style: 'textbook', audience: 'college' },
  });
  const executor = rewriteExecutor({ root: ws, teacher, templates });
  const run = (batchId = 'b-one') =>
    runBatch({ root: ws, batchId, meta: { origin: 'docs', model: 'double-model', mode: 'run' }, jobs: plan.jobs, executor, concurrency: 2, retryDelayMs: () => 10 });
  return { plan, run };
}

/** Removes the journal's 'done' line of a job, as if the process died just before writing it. */
function dropDoneLine(batchId: string, jobId: string): void {
  const p = journalPath(ws, batchId);
  const lines = readFileSync(p, 'utf8').split('\n').filter((l) => !(l.includes('"t":"done"') && l.includes(`"job":"${jobId}"`)));
  writeFileSync(p, lines.join('\n'));
}

test('resume: a result on disk with its provenance but no done line is recovered without a request', async () => {
  const { run } = setup(4);
  const r1 = await run();
  assert.equal(r1.done, 4);
  assert.equal(double.count, 4);
  dropDoneLine('b-one', 'docs/d2.md');
  assert.equal(listUnfinishedBatches(ws).length, 1, 'the batch now looks interrupted');
  const r2 = await run();
  assert.equal(r2.recovered, 1);
  assert.equal(r2.done, 1);
  assert.equal(r2.skipped, 3);
  assert.equal(double.count, 4, 'no request for the recovered job');
  const st = readJournal(ws, 'b-one')!;
  assert.equal(st.done.size, 4);
  assert.equal([...st.done.values()].find((d) => d.job === 'docs/d2.md')!.recovered, true);
  assert.equal(listUnfinishedBatches(ws).length, 0);
});

test("resume: a file whose provenance line never made it is adopted through the journal's 'saving' record", async () => {
  const { run } = setup(3);
  await run();
  const prov = join(ws, '.curator', 'provenance.jsonl');
  const before = readProvenance(ws).records.find((r) => r.type === 'rewrite' && r.jobId === 'docs/d1.md')!;
  // The crash came after the file, before its provenance line and the done line.
  dropDoneLine('b-one', 'docs/d1.md');
  writeFileSync(prov, readFileSync(prov, 'utf8').split('\n').filter((l) => !l.includes('"jobId":"docs/d1.md"')).join('\n'));
  const r2 = await run();
  assert.equal(r2.recovered, 1);
  assert.equal(double.countFor('D1X'), 1, 'not requested again');
  const recs = readProvenance(ws).records.filter((r) => r.type === 'rewrite' && r.jobId === 'docs/d1.md');
  assert.deepEqual(recs, [before], 'the provenance line is written from the journalled record');
  assert.equal(readdirSync(join(ws, 'docs')).filter((f) => f.startsWith('d1.textbook')).length, 1);
});

test('resume: no whole file under the journalled name (crash before it appeared, or changed since) means a new request', async () => {
  const { run } = setup(3);
  await run();
  const prov = join(ws, '.curator', 'provenance.jsonl');
  for (const id of ['docs/d1.md', 'docs/d2.md']) dropDoneLine('b-one', id);
  writeFileSync(prov, readFileSync(prov, 'utf8').split('\n').filter((l) => !l.includes('"jobId":"docs/d1.md"') && !l.includes('"jobId":"docs/d2.md"')).join('\n'));
  rmSync(join(ws, 'docs', 'd1.textbook.college.md'));
  writeFileSync(join(ws, 'docs', 'd2.textbook.college.md'), 'edited by someone\n');
  const r2 = await run();
  assert.equal(r2.recovered, 0);
  assert.equal(r2.done, 2);
  assert.equal(double.countFor('D1X'), 2);
  assert.equal(double.countFor('D2X'), 2);
  assert.ok(existsSync(join(ws, 'docs', 'd1.textbook.college.md')), 'd1 written again under its name');
  assert.equal(readFileSync(join(ws, 'docs', 'd2.textbook.college.md'), 'utf8'), 'edited by someone\n', 'a file that is not ours is never replaced');
  assert.ok(existsSync(join(ws, 'docs', 'd2.textbook.college.2.md')));
  assert.equal(readJournal(ws, 'b-one')!.done.size, 3);
});

test('resume: temp files a kill left beside the output are removed, but not one another writer may be filling now', async () => {
  const { run } = setup(2);
  await run();
  const prov = join(ws, '.curator', 'provenance.jsonl');
  // The kill came while d1's temp file was being written: its intent is journalled, no file under its name.
  dropDoneLine('b-one', 'docs/d1.md');
  writeFileSync(prov, readFileSync(prov, 'utf8').split('\n').filter((l) => !l.includes('"jobId":"docs/d1.md"')).join('\n'));
  rmSync(join(ws, 'docs', 'd1.textbook.college.md'));
  const stale = join(ws, 'docs', `${TEMP_PREFIX}dead00000000`);
  const fresh = join(ws, 'docs', `${TEMP_PREFIX}live00000000`);
  writeFileSync(stale, 'half an ans');
  writeFileSync(fresh, 'being writ');
  const old = new Date(Date.now() - 10 * 60_000);
  utimesSync(stale, old, old);
  const r2 = await run();
  assert.equal(r2.done, 1);
  assert.equal(existsSync(stale), false, 'the stale temp file is gone');
  assert.equal(existsSync(fresh), true, 'a recent temp file is left alone');
  assert.ok(existsSync(join(ws, 'docs', 'd1.textbook.college.md')));
});

test('failed jobs are journalled with the reason, nothing saved as good, and tried again on the next run', async () => {
  const { run } = setup(3);
  double.faultWhen('D0X', { kind: 'refusal' });
  double.faultWhen('D1X', { kind: '500' });
  const r1 = await run();
  assert.equal(r1.done, 1);
  assert.equal(r1.failed, 2);
  const st = readJournal(ws, 'b-one')!;
  const f0 = st.failed.get([...st.failed.values()].find((f) => f.job === 'docs/d0.md')!.key)!;
  assert.equal(f0.kind, 'output-check');
  assert.deepEqual(f0.flags, ['refusal']);
  assert.match(f0.reason, /refused/);
  const f1 = [...st.failed.values()].find((f) => f.job === 'docs/d1.md')!;
  assert.equal(f1.kind, 'server');
  assert.equal(f1.attempts, 3, 'retryable failure tried maxAttempts (3) times at job level');
  assert.equal(double.countFor('D1X'), 3);
  assert.equal(double.countFor('D0X'), 1, 'a refusal is not retried within the run');
  assert.ok(!readdirSync(join(ws, 'docs')).some((f) => f.startsWith('d0.textbook')), 'no output for a refused answer');
  assert.ok(readdirSync(join(ws, '.curator', 'failed')).length >= 1, 'the refused answer is kept in .curator/failed');
  double.reset();
  const r2 = await run();
  assert.equal(r2.done, 2);
  assert.equal(r2.skipped, 1);
  assert.equal(double.count, 2, 'only the two failed jobs are requested again');
});

test('keys: same content + prompt + model + style + audience is one job; the fact check lands in the done record', async () => {
  writeFileSync(join(ws, 'docs', 'a.md'), 'Same text. The tower is 324 m tall.\n');
  writeFileSync(join(ws, 'docs', 'b.md'), 'Same text. The tower is 324 m tall.\n');
  const { plan, run } = setup(0);
  assert.equal(plan.jobs.length, 1);
  assert.deepEqual(plan.duplicates, [{ id: 'docs/b.md', of: 'docs/a.md' }]);
  await run();
  const d = [...readJournal(ws, 'b-one')!.done.values()][0]!;
  assert.equal(d.facts!.verdict, 'consistent');
  assert.equal(d.verdict, 'consistent');
  assert.ok(d.facts!.kept >= 1);
});

test('a result that cannot be saved (disk full) fails its job with the reason, and the paid-for answer is kept in .curator/failed', async () => {
  writeFileSync(join(ws, 'docs', 'd0.md'), 'Document D0X. The bridge is 100 m long.\n');
  const templates = loadTemplates(ws);
  const teacher = new TeacherClient({ baseURL: url, apiKey: 'k', model: 'double-model', timeoutMs: 5000, maxRetries: 0 });
  const plan = planJobs(specsFromFolder(join(ws, 'docs')), { root: ws, model: 'double-model', promptId: templatePromptId(templates), readSource: readJobSource, defaults: { style: 'textbook', audience: 'college' } });
  const full = { writeNew: async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })), close: async () => undefined };
  const executor = rewriteExecutor({ root: ws, teacher, templates, fileWriter: full });
  const r = await runBatch({ root: ws, batchId: 'b-full', meta: { origin: 'docs', model: 'double-model', mode: 'run' }, jobs: plan.jobs, executor, concurrency: 1, retryDelayMs: () => 1 });
  assert.equal(r.done, 0);
  assert.equal(r.failed, 1);
  assert.equal(double.countFor('D0X'), 1, 'not retried within the run: the answer is kept instead');
  assert.match(r.failures[0]!.reason, /could not be saved: ENOSPC: no space left on device \(answer kept in .*failed/);
  const kept = readdirSync(join(ws, '.curator', 'failed'));
  assert.equal(kept.length, 1);
  const text = readFileSync(join(ws, '.curator', 'failed', kept[0]!), 'utf8');
  assert.match(text, /# problems: not saved: ENOSPC/);
  assert.match(text, /D0X/, 'the answer itself is in the kept file');
  assert.equal(readJournal(ws, 'b-full')!.failed.size, 1);
  assert.ok(!readdirSync(join(ws, 'docs')).some((f) => f.includes('textbook')), 'no output file');
});

test('a journal opened and closed without an append releases its file', { skip: !existsSync('/proc/self/fd') }, async () => {
  const j = await Journal.open(ws, 'b-read');
  await j.append({ t: 'start', key: 'k1', job: 'a', attempt: 1, time: 't' });
  await j.close();
  // Counted by the journal file's own descriptors (other handles of the process may open or close meanwhile).
  const file = realpathSync(journalPath(ws, 'b-read'));
  const holding = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false;
      }
    }).length;
  assert.equal(holding(), 0);
  const again = await Journal.open(ws, 'b-read');
  assert.equal(holding(), 1, 'open holds the file');
  await again.close();
  assert.equal(holding(), 0, 'close lets it go, though nothing was appended');
});
