// The batch scheduler: runs jobs with a cap on parallel jobs, request- and token-per-minute limits
// (token buckets: a job's tokens are estimated before it starts and corrected with the real usage after),
// bounded job-level retries with backoff for retryable failures, progress events and cancel.
//
// It knows nothing of files or journals: the job executor is a function passed in. Its own work per job is
// a few array operations and one progress event, so it costs microseconds next to a model request.
import { setMaxListeners } from 'node:events';
import type { TokenUsage } from '../provenance/types';
import { AbortedError, systemClock, type Clock } from './clock';
import { errorMessage } from '../util/errors';

export interface ModelPrice {
  /** US dollars per million prompt tokens. */
  promptPerMTok: number;
  /** US dollars per million completion tokens. */
  completionPerMTok: number;
}

export interface SchedulableJob {
  id: string;
  /** Tokens (prompt + completion) the job is expected to use; charged to the token bucket up front. */
  estTokens: number;
}

/** What an executor reports for a finished job (success or a non-retryable failure it has recorded). */
export interface JobReport {
  usage: TokenUsage;
  /** Requests the job made (several for a chunked document, plus client retries); default 1. */
  requests?: number;
}

export interface JobContext {
  signal: AbortSignal;
  /** 1 for the first try, 2 for the first job-level retry… */
  attempt: number;
  /**
   * Tells the scheduler the job's requests are over (what is left is local work: checks, files, logs),
   * so its slot may go to the next job. At most `maxFinishing` released jobs finish at once.
   */
  release?: () => void;
}

export interface BatchProgress {
  total: number;
  done: number;
  failed: number;
  /** Jobs not run because they were already finished (earlier run, duplicate). */
  skipped: number;
  running: number;
  /** Jobs whose requests are over, still saving their result (their slot already went to another job). */
  finishing?: number;
  /** Jobs neither done nor failed nor skipped (includes running and waiting ones). */
  remaining: number;
  /** Job-level retries so far. */
  retries: number;
  tokens: TokenUsage;
  /** Estimated cost in US dollars of the tokens used, when prices are known. */
  costUsd?: number;
  elapsedMs: number;
  /** Estimated time to finish, from the pace so far; undefined until a job has finished. */
  etaMs?: number;
  cancelled: boolean;
  /** The event that caused this report. */
  event: 'start' | 'job-started' | 'job-done' | 'job-failed' | 'job-retry' | 'rate-wait' | 'end';
  jobId?: string;
  /** For 'job-failed' / 'job-retry': the reason. */
  reason?: string;
}

export interface SchedulerOptions<J extends SchedulableJob, R extends JobReport> {
  /** Most jobs running at once (parallel requests). */
  concurrency: number;
  /** Requests per minute (token bucket, burst = one minute's worth); unlimited when absent or 0. */
  rpm?: number;
  /** Tokens per minute (token bucket); unlimited when absent or 0. */
  tpm?: number;
  prices?: ModelPrice;
  /** Most released jobs (requests over, still saving) at once before new jobs wait (default 2 × concurrency). */
  maxFinishing?: number;
  /** Tries per job, first included (default 3). Bounded: a job never runs more often. */
  maxAttempts?: number;
  /** Wait before job-level retry number `attempt` (1 = first retry). Default 1 s, 2 s, 4 s… capped at 30 s. */
  retryDelayMs?: (attempt: number, err: unknown) => number;
  /** Whether a thrown error may succeed on a retry (default: err.retryable === true). */
  isRetryable?: (err: unknown) => boolean;
  clock?: Clock;
  signal?: AbortSignal;
  /** Jobs counted as skipped in the progress (already finished before this run). */
  skipped?: number;
  onProgress?: (p: BatchProgress) => void;
  /** Called when a job succeeded (executor returned). */
  onDone?: (job: J, report: R) => void;
  /** Called once when a job failed for good (not retried any more, not cancelled). */
  onFailed?: (job: J, err: unknown, attempts: number) => void | Promise<void>;
}

export interface SchedulerResult {
  done: number;
  failed: number;
  skipped: number;
  /** Jobs not finished because of cancel (still to do on resume). */
  notRun: number;
  cancelled: boolean;
  retries: number;
  tokens: TokenUsage;
  costUsd?: number;
  elapsedMs: number;
}

/** A token bucket: `capacity` units, refilled at `perMs` units per millisecond. The level may go negative (debt). */
export class TokenBucket {
  private level: number;
  private last: number;

  constructor(
    readonly capacity: number,
    readonly perMs: number,
    now: number,
  ) {
    this.level = capacity;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.level = Math.min(this.capacity, this.level + (now - this.last) * this.perMs);
      this.last = now;
    }
  }

  /** Milliseconds until `n` units are available (0 = now). */
  waitFor(n: number, now: number): number {
    this.refill(now);
    const need = Math.min(n, this.capacity) - this.level;
    return need <= 0 ? 0 : Math.ceil(need / this.perMs);
  }

  take(n: number, now: number): void {
    this.refill(now);
    this.level -= n;
  }

  /** Corrects an earlier take: positive `delta` charges more, negative gives back. */
  adjust(delta: number, now: number): void {
    this.refill(now);
    this.level = Math.min(this.capacity, this.level - delta);
  }

  available(now: number): number {
    this.refill(now);
    return this.level;
  }
}

/** Request and token limits per minute, as two token buckets. */
export class RateLimiter {
  readonly requests?: TokenBucket;
  readonly tokens?: TokenBucket;

  constructor(
    limits: { rpm?: number; tpm?: number },
    private readonly clock: Clock,
  ) {
    const now = clock.now();
    if (limits.rpm && limits.rpm > 0) this.requests = new TokenBucket(limits.rpm, limits.rpm / 60_000, now);
    if (limits.tpm && limits.tpm > 0) this.tokens = new TokenBucket(limits.tpm, limits.tpm / 60_000, now);
  }

  /** Milliseconds to wait before one request of `estTokens` may start (0 = now). */
  waitMs(estTokens: number): number {
    const now = this.clock.now();
    return Math.max(this.requests?.waitFor(1, now) ?? 0, this.tokens?.waitFor(estTokens, now) ?? 0);
  }

  /** Wakes a waiting acquire early (tokens were given back). */
  private kick: (() => void) | undefined;

  /** Waits (abortably) until a job may start, then charges it. Returns the time waited. */
  async acquire(estTokens: number, signal?: AbortSignal, onWait?: (ms: number) => void): Promise<number> {
    const t0 = this.clock.now();
    for (;;) {
      const w = this.waitMs(estTokens);
      if (w <= 0) break;
      onWait?.(w);
      if (signal?.aborted) throw new AbortedError();
      // The wait ends early when a finished job gives tokens back (settle), or at once on cancel.
      const local = new AbortController();
      const onOuter = () => local.abort();
      signal?.addEventListener('abort', onOuter, { once: true });
      this.kick = () => local.abort();
      try {
        await this.clock.sleep(w, local.signal);
      } catch (e) {
        if (signal?.aborted) throw e;
      } finally {
        this.kick = undefined;
        signal?.removeEventListener('abort', onOuter);
      }
    }
    const now = this.clock.now();
    this.requests?.take(1, now);
    this.tokens?.take(Math.min(estTokens, this.tokens.capacity), now);
    return now - t0;
  }

  /** After the job: charges the difference between real and estimated use. */
  settle(estTokens: number, actualTokens: number, requests: number): void {
    const now = this.clock.now();
    let gaveBack = false;
    if (this.tokens) {
      const delta = actualTokens - Math.min(estTokens, this.tokens.capacity);
      this.tokens.adjust(delta, now);
      gaveBack = delta < 0;
    }
    if (this.requests && requests > 1) this.requests.adjust(requests - 1, now);
    if (gaveBack) this.kick?.();
  }
}

export function costUsd(usage: TokenUsage, prices?: ModelPrice): number | undefined {
  if (!prices) return undefined;
  return (usage.promptTokens * prices.promptPerMTok + usage.completionTokens * prices.completionPerMTok) / 1e6;
}

export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

function defaultIsRetryable(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { retryable?: unknown }).retryable === true;
}

export function isAbortError(err: unknown): boolean {
  if (err instanceof AbortedError) return true;
  const e = err as { name?: string; kind?: string } | undefined;
  return !!e && (e.name === 'AbortError' || e.kind === 'aborted');
}

/**
 * Runs every job through `execute`. Resolves when all jobs are done or failed, or, after a cancel, when the
 * running ones have stopped (they get the abort signal at once). Never rejects for a job's failure.
 */
export async function runJobs<J extends SchedulableJob, R extends JobReport>(
  jobs: readonly J[],
  execute: (job: J, ctx: JobContext) => Promise<R>,
  opts: SchedulerOptions<J, R>,
): Promise<SchedulerResult> {
  const clock = opts.clock ?? systemClock;
  const concurrency = Math.max(1, Math.floor(opts.concurrency));
  const maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
  const maxFinishing = Math.max(1, opts.maxFinishing ?? 2 * concurrency);
  const retryDelay = opts.retryDelayMs ?? defaultRetryDelayMs;
  const isRetryable = opts.isRetryable ?? defaultIsRetryable;
  const limiter = opts.rpm || opts.tpm ? new RateLimiter({ rpm: opts.rpm, tpm: opts.tpm }, clock) : undefined;
  // One controller for everything this run starts: the caller's cancel aborts it.
  const ctrl = new AbortController();
  const signal = ctrl.signal;
  // Every running request listens to this signal: that is expected, not a leak.
  setMaxListeners(0, signal);
  const onOuterAbort = () => ctrl.abort();
  if (opts.signal?.aborted) ctrl.abort();
  else opts.signal?.addEventListener('abort', onOuterAbort, { once: true });

  const started = clock.now();
  const skipped = opts.skipped ?? 0;
  const total = jobs.length + skipped;
  // A queue as an array with a read index (shift() on 1e5 items is quadratic); retries go to `retryQueue`.
  let next = 0;
  const retryQueue: { job: J; attempt: number }[] = [];
  let delayed = 0;
  let running = 0;
  let finishing = 0;
  let done = 0;
  let failed = 0;
  let retries = 0;
  const tokens: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  signal.addEventListener('abort', notify, { once: true });
  const waitForChange = () => new Promise<void>((r) => (wake = r));

  const progress = (event: BatchProgress['event'], jobId?: string, reason?: string) => {
    if (!opts.onProgress) return;
    const elapsedMs = clock.now() - started;
    const finished = done + failed;
    const remaining = total - done - failed - skipped;
    opts.onProgress({
      total,
      done,
      failed,
      skipped,
      running,
      finishing,
      remaining,
      retries,
      tokens: { ...tokens },
      costUsd: costUsd(tokens, opts.prices),
      elapsedMs,
      etaMs: finished > 0 ? Math.round((elapsedMs / finished) * remaining) : undefined,
      cancelled: signal.aborted,
      event,
      jobId,
      reason,
    });
  };

  const addUsage = (u: TokenUsage | undefined) => {
    if (!u) return;
    tokens.promptTokens += u.promptTokens;
    tokens.completionTokens += u.completionTokens;
    tokens.totalTokens += u.totalTokens;
  };

  const inFlight = new Set<Promise<void>>();
  const runOne = async (job: J, attempt: number): Promise<void> => {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      running--;
      finishing++;
      notify();
    };
    /** The job leaves the scheduler: its slot (if not released before) or its finishing place. */
    const leave = () => {
      if (released) finishing--;
      else running--;
    };
    try {
      const report = await execute(job, { signal, attempt, release });
      limiter?.settle(job.estTokens, report.usage.totalTokens, report.requests ?? 1);
      addUsage(report.usage);
      done++;
      leave();
      opts.onDone?.(job, report);
      progress('job-done', job.id);
    } catch (err) {
      const usage = (err as { usage?: TokenUsage })?.usage;
      limiter?.settle(job.estTokens, usage?.totalTokens ?? 0, 1);
      addUsage(usage);
      if (signal.aborted && isAbortError(err)) {
        // Cancelled: neither done nor failed; it stays to do.
        leave();
      } else if (!signal.aborted && attempt < maxAttempts && isRetryable(err)) {
        retries++;
        leave();
        delayed++;
        progress('job-retry', job.id, errMessage(err));
        const wait = retryDelay(attempt, err);
        clock.sleep(wait, signal).then(
          () => {
            delayed--;
            retryQueue.push({ job, attempt: attempt + 1 });
            notify();
          },
          () => {
            delayed--;
            notify();
          },
        );
      } else {
        leave();
        failed++;
        try {
          await opts.onFailed?.(job, err, attempt);
        } finally {
          progress('job-failed', job.id, errMessage(err));
        }
      }
    } finally {
      notify();
    }
  };

  progress('start');
  try {
    for (;;) {
      if (signal.aborted) break;
      if (running >= concurrency || finishing >= maxFinishing) {
        await waitForChange();
        continue;
      }
      let item: { job: J; attempt: number } | undefined = retryQueue.shift();
      if (!item && next < jobs.length) item = { job: jobs[next++]!, attempt: 1 };
      if (!item) {
        if (running === 0 && finishing === 0 && delayed === 0) break;
        await waitForChange();
        continue;
      }
      if (limiter) {
        try {
          await limiter.acquire(item.job.estTokens, signal, () => progress('rate-wait', item!.job.id));
        } catch {
          // cancelled while waiting: the job was not started
          if (item.attempt > 1) retryQueue.unshift(item);
          else next--;
          break;
        }
      }
      running++;
      progress('job-started', item.job.id);
      const p: Promise<void> = runOne(item.job, item.attempt).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    // After cancel, or at the end: let the running jobs finish or stop.
    while (running > 0 || finishing > 0) await waitForChange();
    await Promise.allSettled([...inFlight]);
  } finally {
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
  const notRun = total - skipped - done - failed;
  progress('end');
  return {
    done,
    failed,
    skipped,
    notRun,
    cancelled: signal.aborted,
    retries,
    tokens,
    costUsd: costUsd(tokens, opts.prices),
    elapsedMs: clock.now() - started,
  };
}

function errMessage(err: unknown): string {
  return errorMessage(err);
}
