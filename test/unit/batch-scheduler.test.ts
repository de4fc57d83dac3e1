import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { TeacherClient } from '../../src/core/llm/client';
import { LlmError } from '../../src/core/llm/errors';
import { ManualClock } from '../../src/core/batch/clock';
import { runJobs, TokenBucket, type BatchProgress, type JobReport, type SchedulerResult } from '../../src/core/batch/scheduler';
import { TeacherDouble } from '../double/teacher-double';

const double = new TeacherDouble({ latencyMs: 40, chunkDelayMs: 0 });
let url = '';
before(async () => {
  url = await double.start();
});
after(() => double.stop());
beforeEach(() => double.reset());

const usage = (n: number) => ({ promptTokens: n / 2, completionTokens: n / 2, totalTokens: n });
const tick = () => new Promise<void>((r) => setImmediate(r));

/** Runs `p` on a manual clock, jumping to each next wake-up once everything else has settled. */
async function drive<T>(clock: ManualClock, p: Promise<T>): Promise<T> {
  let finished = false;
  void p.finally(() => (finished = true)).catch(() => undefined);
  for (let guard = 0; guard < 10_000 && !finished; guard++) {
    for (let i = 0; i < 5; i++) await tick();
    if (finished) break;
    const next = clock.nextWake;
    if (next !== undefined) clock.advanceTo(next);
  }
  return p;
}

test('never runs more requests at once than the cap (high-water mark seen by the double)', async (t) => {
  // A slow double of its own: with 40 ms answers, a loaded machine finished the first requests before the
  // fifth had started, so the cap was never reached (4 !== 5) although it was kept.
  const slow = new TeacherDouble({ latencyMs: 400, chunkDelayMs: 0 });
  const slowUrl = await slow.start();
  t.after(() => slow.stop());
  const teacher = new TeacherClient({ baseURL: slowUrl, apiKey: 'k', model: 'double-model', timeoutMs: 10_000, maxRetries: 0 });
  const jobs = Array.from({ length: 24 }, (_, i) => ({ id: `j${i}`, estTokens: 100 }));
  const res = await runJobs(
    jobs,
    async (job, ctx) => {
      const r = await teacher.complete([{ role: 'user', content: `<document>\nDocument ${job.id} about rivers.\n</document>` }], { signal: ctx.signal });
      return { usage: r.usage };
    },
    { concurrency: 5 },
  );
  assert.equal(res.done, 24);
  assert.equal(slow.count, 24);
  assert.equal(slow.maxInFlight, 5, 'the cap is reached and never exceeded');
  assert.ok(res.tokens.totalTokens > 0);
});

test('requests per minute: a burst of one minute, then one start per interval (fake clock)', async () => {
  const clock = new ManualClock();
  const starts: number[] = [];
  const jobs = Array.from({ length: 10 }, (_, i) => ({ id: `j${i}`, estTokens: 1 }));
  const res = await drive(
    clock,
    runJobs(jobs, async () => {
      starts.push(clock.now());
      return { usage: usage(2) };
    }, { concurrency: 100, rpm: 6, clock }),
  );
  assert.equal(res.done, 10);
  assert.deepEqual(starts, [0, 0, 0, 0, 0, 0, 10_000, 20_000, 30_000, 40_000]);
});

test('tokens per minute: estimated up front, corrected with the real usage afterwards', async () => {
  async function startsWith(actual: number): Promise<number[]> {
    const clock = new ManualClock();
    const starts: number[] = [];
    const jobs = Array.from({ length: 3 }, (_, i) => ({ id: `j${i}`, estTokens: 600 }));
    await drive(
      clock,
      runJobs(jobs, async () => {
        starts.push(clock.now());
        await clock.sleep(1000);
        return { usage: usage(actual) };
      }, { concurrency: 10, tpm: 1200, clock }),
    );
    return starts;
  }
  // 1200 tokens a minute = 20 a second. Two jobs of 600 empty the bucket at once.
  const exact = await startsWith(600);
  assert.deepEqual(exact.slice(0, 2), [0, 0]);
  assert.equal(exact[2], 30_000, 'with no tokens given back the third job waits for 600 tokens to refill');
  const cheaper = await startsWith(300);
  assert.equal(cheaper[2], 1000, 'the 2 × 300 tokens given back when the first jobs finish let the third start at once');
});

test('token bucket: refill is capped at capacity, debt is allowed', () => {
  const b = new TokenBucket(100, 1, 0);
  assert.equal(b.waitFor(100, 0), 0);
  b.take(100, 0);
  assert.equal(b.waitFor(50, 0), 50);
  b.adjust(30, 10); // 30 more than charged: level 10 - 30 = -20
  assert.equal(b.available(10), -20);
  assert.equal(b.available(1000), 100);
  assert.equal(b.waitFor(500, 1000), 0, 'a job bigger than the bucket waits for a full bucket, not forever');
});

test('job-level retries: retryable failures are retried with backoff, at most maxAttempts times', async () => {
  const clock = new ManualClock();
  const calls = new Map<string, number>();
  const delays: number[] = [];
  const failedWith: string[] = [];
  const jobs = ['flaky', 'broken', 'bad', 'fine'].map((id) => ({ id, estTokens: 1 }));
  const res = await drive(
    clock,
    runJobs(
      jobs,
      async (job) => {
        const n = (calls.get(job.id) ?? 0) + 1;
        calls.set(job.id, n);
        if (job.id === 'flaky' && n < 3) throw new LlmError('timeout', 'no answer');
        if (job.id === 'broken') throw new LlmError('server', 'failed (500)', 500);
        if (job.id === 'bad') throw new LlmError('bad-request', 'rejected (400)', 400);
        return { usage: usage(10) };
      },
      {
        concurrency: 2,
        maxAttempts: 3,
        clock,
        retryDelayMs: (a) => {
          delays.push(a);
          return 1000 * a;
        },
        onFailed: (job, err, attempts) => void failedWith.push(`${job.id}:${(err as LlmError).kind}:${attempts}`),
      },
    ),
  );
  assert.equal(calls.get('flaky'), 3);
  assert.equal(calls.get('broken'), 3, 'bounded: three tries, no more');
  assert.equal(calls.get('bad'), 1, 'a non-retryable failure is not retried');
  assert.equal(calls.get('fine'), 1);
  assert.deepEqual(failedWith.sort(), ['bad:bad-request:1', 'broken:server:3']);
  assert.equal(res.done, 2);
  assert.equal(res.failed, 2);
  assert.equal(res.retries, 4);
  assert.ok(clock.now() >= 3000, 'the backoff waits happened on the clock');
});

test('progress: counts, tokens, cost from prices, ETA, and a final event', async () => {
  const clock = new ManualClock();
  const events: BatchProgress[] = [];
  const jobs = Array.from({ length: 4 }, (_, i) => ({ id: `j${i}`, estTokens: 1 }));
  await drive(
    clock,
    runJobs(
      jobs,
      async (job): Promise<JobReport> => {
        await clock.sleep(1000);
        if (job.id === 'j3') throw new LlmError('auth', 'refused key', 401);
        return { usage: { promptTokens: 1_000_000, completionTokens: 500_000, totalTokens: 1_500_000 } };
      },
      { concurrency: 2, clock, skipped: 1, prices: { promptPerMTok: 2, completionPerMTok: 8 }, onProgress: (p) => events.push(p) },
    ),
  );
  const firstDone = events.find((e) => e.event === 'job-done')!;
  assert.equal(firstDone.total, 5);
  assert.equal(firstDone.done, 1);
  assert.equal(firstDone.remaining, 3);
  assert.equal(firstDone.costUsd, 2 + 4);
  assert.equal(firstDone.etaMs, 3000, '1 s per finished job so far × 3 remaining');
  assert.ok(events.some((e) => e.running === 2), 'running jobs reported');
  const end = events.at(-1)!;
  assert.equal(end.event, 'end');
  assert.deepEqual([end.done, end.failed, end.skipped, end.remaining, end.running], [3, 1, 1, 0, 0]);
  assert.equal(end.tokens.totalTokens, 4_500_000);
  assert.equal(end.costUsd, 18);
  assert.equal(events.filter((e) => e.event === 'job-failed')[0]!.reason, 'refused key');
});

test('cancel stops new jobs at once and aborts the running requests', async () => {
  double.enqueue(...Array.from({ length: 10 }, () => ({ kind: 'hang' as const })));
  const teacher = new TeacherClient({ baseURL: url, apiKey: 'k', model: 'double-model', timeoutMs: 30_000, maxRetries: 0 });
  const ctrl = new AbortController();
  const jobs = Array.from({ length: 10 }, (_, i) => ({ id: `j${i}`, estTokens: 1 }));
  const p: Promise<SchedulerResult> = runJobs(
    jobs,
    async (job, ctx) => ({ usage: (await teacher.complete([{ role: 'user', content: job.id }], { signal: ctx.signal })).usage }),
    { concurrency: 3, signal: ctrl.signal },
  );
  // Wait for the three requests to reach the double (polled: a fixed wait failed on a loaded machine), then a
  // little longer, to see that no fourth one starts while three hang.
  for (const t0 = Date.now(); double.count < 3 && Date.now() - t0 < 10_000; ) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(double.count, 3);
  ctrl.abort();
  const res = await p;
  assert.equal(res.cancelled, true);
  assert.deepEqual([res.done, res.failed, res.notRun], [0, 0, 10], 'cancelled jobs are neither done nor failed: still to do');
  // The double sees an aborted request when its socket closes: polled, as a loaded machine may take a while.
  for (const t0 = Date.now(); !double.requests.every((r) => r.aborted) && Date.now() - t0 < 10_000; ) await new Promise((r) => setTimeout(r, 10));
  assert.ok(double.requests.every((r) => r.aborted), 'the running requests were aborted');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(double.count, 3, 'no job started after the cancel');
});

test('a job that releases its slot after its requests lets the next one start while it saves', async () => {
  async function starts(release: boolean): Promise<{ starts: number[]; maxRequests: number; end: number }> {
    const clock = new ManualClock();
    const out: number[] = [];
    let inRequest = 0;
    let maxRequests = 0;
    const jobs = Array.from({ length: 4 }, (_, i) => ({ id: `j${i}`, estTokens: 1 }));
    await drive(
      clock,
      runJobs(jobs, async (_job, ctx) => {
        out.push(clock.now());
        inRequest++;
        maxRequests = Math.max(maxRequests, inRequest);
        await clock.sleep(100); // the request
        inRequest--;
        if (release) ctx.release?.();
        await clock.sleep(300); // saving the result
        return { usage: usage(2) };
      }, { concurrency: 2, clock }),
    );
    return { starts: out, maxRequests, end: clock.now() };
  }
  const held = await starts(false);
  assert.deepEqual(held.starts, [0, 0, 400, 400]);
  const freed = await starts(true);
  assert.deepEqual(freed.starts, [0, 0, 100, 100]);
  assert.equal(freed.maxRequests, 2, 'still never more than 2 requests at once');
  assert.equal(freed.end, 500);
});
