// THE KEY TEST: `curator batch run` as a child process against the teacher double, SIGKILLed mid-batch,
// then run again to completion: no finished result lost, no finished document requested again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TeacherDouble } from '../double/teacher-double';
import { parseJournal, type DoneRecord } from '../../src/core/batch/journal';
import { readProvenance } from '../../src/core/provenance/log';
import { sha256 } from '../../src/core/text/hash';

const repo = resolve(__dirname, '..', '..');
const double = new TeacherDouble({ latencyMs: 120, chunkDelayMs: 0, chunkChars: 4000 });
let url = '';
let ws = '';
const N = 30;

before(async () => {
  url = await double.start();
  ws = mkdtempSync(join(tmpdir(), 'curator-batch-cli-'));
  mkdirSync(join(ws, '.curator'));
  mkdirSync(join(ws, 'docs'));
  const lines: string[] = [];
  for (let i = 0; i < N; i++) {
    const m = `DOC-${String(i).padStart(3, '0')}`;
    const text =
      i % 3 === 2
        ? `${m} 号文档。黄河全长约5464公里，是中国第二长河。\n\n2021年，志愿者在河岸清理了${100 + i}公斤垃圾。`
        : `${m} is a report on the river. The river is ${10 + i}.5 km long.\n\nIn 2021 volunteers removed ${200 + i} kg of rubbish from its banks.`;
    writeFileSync(join(ws, 'docs', `${m}.md`), text + '\n');
    lines.push(JSON.stringify({ id: m, path: `docs/${m}.md` }));
  }
  writeFileSync(join(ws, 'jobs.jsonl'), lines.join('\n') + '\n');
});
after(async () => {
  await double.stop();
  rmSync(ws, { recursive: true, force: true });
});

function runCli(onStart?: (child: ReturnType<typeof spawn>) => void, jobs = join(ws, 'jobs.jsonl'), baseUrl = url): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'batch', 'run', jobs, '--root', ws, '--base-url', baseUrl, '--model', 'double-model', '--concurrency', '3', '--retries', '0'],
      { cwd: repo, env: { ...process.env, OPENAI_API_KEY: 'sk-test' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => resolvePromise({ code, signal, out, err }));
    onStart?.(child);
  });
}

function journalText(): string {
  const dir = join(ws, '.curator', 'batches');
  if (!existsSync(dir)) return '';
  const b = readdirSync(dir);
  const file = b.length ? join(dir, b[0]!, 'journal.jsonl') : '';
  return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function outputs(): Map<string, string> {
  const m = new Map<string, string>();
  for (const f of readdirSync(join(ws, 'docs'))) if (f.includes('.textbook.')) m.set(`docs/${f}`, readFileSync(join(ws, 'docs', f), 'utf8'));
  return m;
}

test('SIGKILL mid-batch, run again: zero finished results lost, zero finished documents requested twice', { timeout: 180_000 }, async () => {
  // First run: killed once about a third of the jobs are journalled done.
  const first = await runCli((child) => {
    const poll = setInterval(() => {
      const done = (journalText().match(/"t":"done"/g) ?? []).length;
      if (done >= 9) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 10);
    child.on('exit', () => clearInterval(poll));
  });
  assert.equal(first.signal, 'SIGKILL', `the first run was killed mid-batch (stdout: ${first.out} stderr: ${first.err})`);
  await new Promise((r) => setTimeout(r, 200)); // let the double see the cut connections

  const before = parseJournal(journalText());
  const doneBefore = [...before.done.values()];
  assert.ok(doneBefore.length >= 9 && doneBefore.length < N, `mid-batch: ${doneBefore.length} of ${N} done`);
  const filesBefore = outputs();
  assert.ok(filesBefore.size >= doneBefore.length);
  const requestsBefore = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const m = `DOC-${String(i).padStart(3, '0')}`;
    requestsBefore.set(m, double.countFor(m));
  }
  const docsWithOutput = new Set([...filesBefore.keys()].map((p) => /DOC-\d{3}/.exec(p)![0]));

  // Second run: completes.
  const second = await runCli();
  assert.equal(second.code, 0, second.err);
  const m = /done (\d+), failed (\d+), skipped (\d+)/.exec(second.out);
  assert.ok(m, second.out);
  const [done, failed, skipped] = [Number(m[1]), Number(m[2]), Number(m[3])];
  assert.equal(failed, 0);
  assert.equal(skipped, doneBefore.length, 'every job journalled done before the kill is skipped');
  assert.equal(done + skipped, N);

  // Nothing finished before the kill was lost or replaced.
  const filesAfter = outputs();
  for (const [p, content] of filesBefore) assert.equal(filesAfter.get(p), content, `${p} kept as it was`);
  const after = parseJournal(journalText());
  assert.equal(after.done.size, N, 'every job is journalled done');
  for (const d of doneBefore) assert.deepEqual(after.done.get(d.key)!.output, d.output);
  const outputsInJournal = new Set([...after.done.values()].map((d: DoneRecord) => d.output.path));
  for (const p of filesBefore.keys()) assert.ok(outputsInJournal.has(p), `${p} (written before the kill) is in the journal`);
  assert.equal(filesAfter.size, N, 'one output per document: no orphan, no duplicate');
  for (const d of after.done.values()) assert.equal(sha256(readFileSync(join(ws, d.output.path))), d.output.sha256);

  // No document whose result was finished before the kill was requested again.
  for (let i = 0; i < N; i++) {
    const id = `DOC-${String(i).padStart(3, '0')}`;
    const total = double.countFor(id);
    if (docsWithOutput.has(id)) assert.equal(total, requestsBefore.get(id), `${id} finished before the kill and was not requested again`);
    else assert.ok(total >= 1 && total <= requestsBefore.get(id)! + 1, `${id}: requested once in the second run`);
  }
  assert.ok(double.maxInFlight <= 3, `never more than --concurrency 3 requests at once (saw ${double.maxInFlight})`);
  // One provenance record per job of this batch.
  const recs = readProvenance(ws).records.filter((r) => r.type === 'rewrite');
  assert.equal(recs.length, N);
  assert.equal(new Set(recs.map((r) => (r.type === 'rewrite' ? r.jobId : ''))).size, N);
});

test('Ctrl-C (SIGINT) stops the batch cleanly: exit 130, running requests aborted, the next run finishes the rest', { timeout: 180_000 }, async (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const m = `SIG-${String(i).padStart(3, '0')}`;
    writeFileSync(join(ws, 'docs', `${m}.md`), `${m} is a note. The pier is ${40 + i} m long.\n`);
    lines.push(JSON.stringify({ id: m, path: `docs/${m}.md`, style: 'qa' }));
  }
  const jobs = join(ws, 'sig-jobs.jsonl');
  writeFileSync(jobs, lines.join('\n') + '\n');
  const journalOf = () => readFileSync(join(ws, '.curator', 'batches', readdirSync(join(ws, '.curator', 'batches')).find((b) => readFileSync(join(ws, '.curator', 'batches', b, 'journal.jsonl'), 'utf8').includes('SIG-000'))!, 'journal.jsonl'), 'utf8');
  // A slow teacher (2 s an answer), so that requests are surely still running when the interrupt is
  // handled, even on a loaded machine where the CLI's event loop answers the signal late.
  const slow = new TeacherDouble({ latencyMs: 2000, chunkDelayMs: 0, chunkChars: 4000 });
  const slowUrl = await slow.start();
  t.after(() => slow.stop());
  const first = await runCli((child) => {
    const poll = setInterval(() => {
      if (slow.countFor('SIG-') >= 4) {
        clearInterval(poll);
        child.kill('SIGINT');
      }
    }, 10);
    child.on('exit', () => clearInterval(poll));
  }, jobs, slowUrl);
  assert.equal(first.code, 130, first.err);
  assert.match(first.err, /interrupted/);
  const st = parseJournal(journalOf());
  assert.ok(st.done.size < 12, 'stopped before the end');
  assert.equal(st.failed.size, 0, 'cancelled jobs are not failures');
  const sig = slow.requests.filter((r) => JSON.stringify(r.body.messages).includes('SIG-'));
  assert.ok(sig.some((r) => r.aborted), 'the requests running at the interrupt were aborted');
  const second = await runCli(undefined, jobs);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, new RegExp(`done ${12 - st.done.size}, failed 0, skipped ${st.done.size}`));
  assert.equal(parseJournal(journalOf()).done.size, 12);
});
