// A dead endpoint (issue 17, item 3): a refused or unresolvable host fails fast (one retry) with a message
// that says what is wrong; a batch pauses after a run of connection failures, stays resumable, and the
// jobs that failed for a connection reason run again on resume.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TeacherClient } from '../../src/core/llm/client';
import { LlmError } from '../../src/core/llm/errors';
import { listUnfinishedBatches, readJournal } from '../../src/core/batch/journal';
import { runBatch } from '../../src/core/batch/runner';
import { readJobSource, rewriteExecutor, templatePromptId } from '../../src/core/batch/executor';
import { planJobs, specsFromFolder } from '../../src/core/batch/sources';
import { loadTemplates } from '../../src/core/rewrite/templates';
import { TeacherDouble } from '../double/teacher-double';
import { tempDir } from './tempdirs';

/** A port on 127.0.0.1 that nothing listens on (bound, then closed): connections to it are refused. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const messages = [{ role: 'user' as const, content: 'Rewrite this: the bridge opened in 1932.' }];
let deadUrl = '';
let deadHost = '';
before(async () => {
  const port = await closedPort();
  deadHost = `127.0.0.1:${port}`;
  deadUrl = `http://${deadHost}/v1`;
});

test('a refused connection fails after one retry, whatever maxRetries says, and says what to check', async () => {
  const waits: number[] = [];
  const retries: string[] = [];
  const c = new TeacherClient({ baseURL: deadUrl, apiKey: '', model: 'm', timeoutMs: 5000, maxRetries: 6 }, { sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
  const err = await c.complete(messages, { onRetry: (i) => retries.push(i.kind) }).then(
    () => assert.fail('a refused connection must fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof LlmError);
  assert.equal(err.kind, 'connect');
  assert.equal(err.message, `cannot connect to ${deadHost}: connection refused — is the server running?`);
  assert.deepEqual(retries, ['connect'], 'exactly one retry');
  assert.equal(waits.length, 1);
  assert.ok(waits[0]! <= 1000, `a short wait before the one retry (${waits[0]} ms)`);
  assert.equal(err.retryable, false, 'a batch does not retry it again at job level');
});

test('an unresolvable host fails the same way, naming the host', async () => {
  const c = new TeacherClient({ baseURL: 'http://no-such-host.invalid:8000/v1', apiKey: '', model: 'm', timeoutMs: 5000, maxRetries: 6 }, { sleep: async () => {} });
  const err = await c.complete(messages).then(
    () => assert.fail('an unknown host must fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof LlmError);
  assert.equal(err.kind, 'connect');
  assert.equal(err.message, 'cannot connect to no-such-host.invalid:8000: host not found — is the address right?');
});

const double = new TeacherDouble({ chunkDelayMs: 0, chunkChars: 4000 });
let liveUrl = '';
before(async () => {
  liveUrl = await double.start();
});
after(() => double.stop());

function batchOf(n: number, ws: string) {
  mkdirSync(join(ws, 'docs'), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(join(ws, 'docs', `d${i}.md`), `Document D${i}X. The bridge is ${100 + i} m long.\n\nIt opened in 19${10 + i}.\n`);
  const templates = loadTemplates(ws);
  const plan = planJobs(specsFromFolder(join(ws, 'docs')), {
    root: ws,
    model: 'double-model',
    promptId: templatePromptId(templates),
    readSource: readJobSource,
    defaults: { style: 'textbook', audience: 'college' },
  });
  const run = (baseURL: string) =>
    runBatch({
      root: ws,
      batchId: 'b-dead',
      meta: { origin: 'docs', model: 'double-model', mode: 'run' },
      jobs: plan.jobs,
      executor: rewriteExecutor({ root: ws, teacher: new TeacherClient({ baseURL, apiKey: 'k', model: 'double-model', timeoutMs: 5000, maxRetries: 3 }, { sleep: async () => {} }), templates }),
      concurrency: 1,
      maxAttempts: 3,
      retryDelayMs: () => 1,
    });
  return { run, plan };
}

test('a batch against a dead endpoint pauses after a run of connection failures, stays resumable, and resumes them all', async () => {
  const ws = tempDir('curator-dead-batch-');
  const { run } = batchOf(6, ws);
  const r1 = await run(deadUrl);
  assert.ok(r1.paused, 'the batch paused');
  assert.equal(r1.paused.failures, 3, 'after three connection failures in a row');
  assert.match(r1.paused.reason, new RegExp(`cannot connect to ${deadHost.replace(/\./g, '\\.')}: connection refused`));
  assert.equal(r1.done, 0);
  assert.equal(r1.failed, 3);
  assert.equal(r1.notRun, 3, 'the rest was not tried');
  assert.equal(r1.cancelled, false, 'a pause is not a cancel by the user');
  const st = readJournal(ws, 'b-dead')!;
  assert.equal(st.paused?.reason, r1.paused.reason, 'the journal says why it paused');
  const unfinished = listUnfinishedBatches(ws);
  assert.equal(unfinished.length, 1, 'Resume Batch… finds it');
  assert.equal(unfinished[0]!.unfinished, 6, 'jobs that failed to connect are still to do');
  assert.equal(unfinished[0]!.failed, 0);
  assert.equal(unfinished[0]!.paused, r1.paused.reason);
  // The server is up again: resume runs every job, those that failed to connect included.
  const r2 = await run(liveUrl);
  assert.equal(r2.paused, undefined);
  assert.equal(r2.done, 6);
  assert.equal(r2.failed, 0);
  assert.equal(listUnfinishedBatches(ws).length, 0);
  assert.equal(readJournal(ws, 'b-dead')!.paused, undefined);
});

test('a success between connection failures resets the count: no pause', async () => {
  const ws = tempDir('curator-flaky-batch-');
  const { plan } = batchOf(5, ws);
  // Requests alternate between a refused connection and an answer: never three connection failures in a row.
  let n = 0;
  const live = new TeacherClient({ baseURL: liveUrl, apiKey: 'k', model: 'double-model', timeoutMs: 5000, maxRetries: 0 });
  const executor = rewriteExecutor({
    root: ws,
    teacher: {
      model: 'double-model',
      endpointHost: 'flaky',
      complete: async (m, o) => {
        if (n++ % 2 === 0) throw new LlmError('connect', 'cannot connect to flaky: connection refused — is the server running?');
        return live.complete(m, o);
      },
    },
    templates: loadTemplates(ws),
  });
  const r = await runBatch({ root: ws, batchId: 'b-flaky', meta: { origin: 'docs', model: 'double-model', mode: 'run' }, jobs: plan.jobs, executor, concurrency: 1, maxAttempts: 1 });
  assert.equal(r.paused, undefined);
  assert.equal(r.done + r.failed, 5);
  assert.equal(r.failed, 3);
});
