// Runs a planned batch: journal + scheduler + an injected job executor.
//
// Resume rules (the journal is the truth):
//  - a key with a 'done' line is never run again (counted as skipped);
//  - a key that was started but has no terminal line is first offered to executor.recover(): a result found
//    complete on disk (its provenance record for this batch/job and an output file with that sha256) is
//    journalled as done (recovered) without a request; otherwise the job is queued again;
//  - a key with a 'fail' line is tried again when the batch is run again (a re-run is an explicit new
//    chance, e.g. after fixing the endpoint); within one run a job is tried at most maxAttempts times;
//  - a run of connection failures in a row (the endpoint refuses, its host is unknown) pauses the run: the
//    jobs not started stay to do, a 'pause' line says why, and the jobs that failed to connect count as
//    still to do (listUnfinishedBatches finds the batch; the next run tries them again).
import type { FactSummary, OutputFlag, RewriteRecord, TokenUsage } from '../provenance/types';
import { CONNECTION_FAILURE_KINDS, Journal, type BatchMeta, type DoneRecord, type PlannedJob } from './journal';
import { isAbortError, runJobs, type BatchProgress, type JobContext, type ModelPrice, type SchedulerResult } from './scheduler';
import type { Clock } from './clock';
import { errorMessage } from '../util/errors';

/** A finished job as the executor reports it (its file and provenance record are already written). */
export interface JobSuccess {
  ok: true;
  rewriteId: string;
  output: { path: string; sha256: string };
  source: { path: string; sha256: string };
  usage: TokenUsage;
  flags: OutputFlag[];
  facts?: FactSummary;
  requests?: number;
  durationMs?: number;
}

/** A job whose answer failed the output checks (truncated, empty, refusal, wrong language): nothing was saved. */
export interface JobRejected {
  ok: false;
  reason: string;
  flags: OutputFlag[];
  usage: TokenUsage;
  requests?: number;
}

export type JobOutcome = JobSuccess | JobRejected;

export interface ExecContext extends JobContext {
  batchId: string;
  /** Journals a result's record before its file appears (see journal.ts); resolves once on disk. */
  intent?: (record: RewriteRecord, text?: string) => Promise<void>;
}

export interface JobExecutor {
  /** Runs one job: request(s), output checks, and for a good answer: output file, then provenance. */
  run(job: PlannedJob, ctx: ExecContext): Promise<JobOutcome>;
  /** A result of this job already complete on disk (crash after writing it, before the journal line), if any. */
  recover?(job: PlannedJob, batchId: string, saving?: RewriteRecord, savingText?: string): JobSuccess | undefined;
  /** Releases what the executor holds open (called when the batch run ends). */
  close?(): Promise<void>;
}

export interface RunBatchOptions {
  root: string;
  batchId: string;
  meta: BatchMeta;
  /** The plan; when the journal already has one, the journal's plan is used (same batch id = same jobs). */
  jobs: PlannedJob[];
  executor: JobExecutor;
  concurrency: number;
  rpm?: number;
  tpm?: number;
  prices?: ModelPrice;
  maxAttempts?: number;
  retryDelayMs?: (attempt: number, err: unknown) => number;
  clock?: Clock;
  signal?: AbortSignal;
  onProgress?: (p: BatchProgress) => void;
  /** Journal records written and synced together (default true); false syncs each alone (benchmark). */
  journalGroupCommit?: boolean;
  /** Called after a job's 'done' line is on disk. */
  onJobDone?: (rec: DoneRecord) => void;
  /** Connection failures in a row (no job done between them) after which the run pauses (default 3; 0: never). */
  pauseAfterConnectionFailures?: number;
}

export const DEFAULT_PAUSE_AFTER_CONNECTION_FAILURES = 3;

export interface RunBatchResult extends SchedulerResult {
  batchId: string;
  /** Results found on disk and journalled without a request. */
  recovered: number;
  /** Done jobs of earlier runs (part of skipped). */
  previouslyDone: number;
  failures: { job: string; reason: string }[];
  journalSyncs: number;
  journalRecords: number;
  /** Set when the run paused by itself after `failures` connection failures in a row; `reason` is the last one. */
  paused?: { reason: string; failures: number };
}

class RejectedError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly flags: OutputFlag[],
    readonly usage: TokenUsage,
  ) {
    super(message);
  }
}

export function doneRecord(job: PlannedJob, r: JobSuccess, extra: Partial<DoneRecord> = {}): DoneRecord {
  return {
    t: 'done',
    key: job.key,
    job: job.id,
    time: new Date().toISOString(),
    rewriteId: r.rewriteId,
    output: r.output,
    source: r.source,
    style: job.style,
    audience: job.audience,
    usage: r.usage,
    flags: r.flags,
    ...(r.facts ? { facts: r.facts, verdict: r.facts.verdict } : {}),
    ...(r.durationMs !== undefined ? { durationMs: Math.round(r.durationMs) } : {}),
    ...extra,
  };
}

export async function runBatch(opts: RunBatchOptions): Promise<RunBatchResult> {
  const journal = await Journal.open(opts.root, opts.batchId, { groupCommit: opts.journalGroupCommit });
  try {
    const st = journal.state;
    if (!st.plan) {
      await journal.append({ t: 'plan', v: 1, batchId: opts.batchId, time: new Date().toISOString(), meta: opts.meta, jobs: opts.jobs });
    }
    const plan = st.plan!.jobs;
    const previouslyDone = plan.filter((j) => st.done.has(j.key)).length;
    let recovered = 0;
    const todo: PlannedJob[] = [];
    for (const job of plan) {
      if (st.done.has(job.key)) continue;
      if (st.started.has(job.key) && opts.executor.recover) {
        const saving = st.saving.get(job.key);
        const r = opts.executor.recover(job, opts.batchId, saving?.record, saving?.text);
        if (r) {
          const rec = doneRecord(job, r, { recovered: true });
          await journal.append(rec);
          opts.onJobDone?.(rec);
          recovered++;
          continue;
        }
      }
      todo.push(job);
    }
    const failures: RunBatchResult['failures'] = [];
    // The run's own signal: the caller's cancel, or a pause after a run of connection failures.
    const ctrl = new AbortController();
    const onCancel = () => ctrl.abort();
    if (opts.signal?.aborted) ctrl.abort();
    else opts.signal?.addEventListener('abort', onCancel, { once: true });
    const pauseAfter = opts.pauseAfterConnectionFailures ?? DEFAULT_PAUSE_AFTER_CONNECTION_FAILURES;
    let connectionFailures = 0;
    let paused: RunBatchResult['paused'];
    const pendingDone = new Set<Promise<void>>();
    let journalError: unknown;
    const res = await runJobs<PlannedJob, JobSuccess>(
      todo,
      async (job, ctx) => {
        journal.appendSoon({ t: 'start', key: job.key, job: job.id, attempt: ctx.attempt, time: new Date().toISOString() });
        const intent = (record: RewriteRecord, text?: string) =>
          journal.append({ t: 'saving', key: job.key, job: job.id, time: new Date().toISOString(), record, ...(text !== undefined ? { text } : {}) });
        const out = await opts.executor.run(job, { ...ctx, batchId: opts.batchId, intent });
        if (!out.ok) throw new RejectedError(out.reason, out.flags, out.usage);
        // The request slot is free once the result and its provenance are on disk; the journal line
        // follows (group commit) and is awaited before the run ends. A crash before it is on disk is
        // the recovered case (provenance + file, no 'done' line).
        connectionFailures = 0;
        const rec = doneRecord(job, out);
        const p: Promise<void> = journal.append(rec).then(
          () => {
            pendingDone.delete(p);
            opts.onJobDone?.(rec);
          },
          (e) => {
            pendingDone.delete(p);
            journalError ??= e;
          },
        );
        pendingDone.add(p);
        return out;
      },
      {
        concurrency: opts.concurrency,
        rpm: opts.rpm,
        tpm: opts.tpm,
        prices: opts.prices,
        maxAttempts: opts.maxAttempts,
        retryDelayMs: opts.retryDelayMs,
        clock: opts.clock,
        signal: ctrl.signal,
        // Jobs finished before (and recovered ones) count as skipped in the progress: no request for them.
        skipped: plan.length - todo.length,
        onProgress: opts.onProgress,
        onFailed: async (job, err, attempts) => {
          if (isAbortError(err)) return;
          const reason = errorMessage(err);
          const kind = err instanceof RejectedError ? 'output-check' : ((err as { kind?: string })?.kind ?? 'error');
          failures.push({ job: job.id, reason });
          const fail = journal.append({
            t: 'fail',
            key: job.key,
            job: job.id,
            time: new Date().toISOString(),
            reason,
            kind,
            ...(err instanceof RejectedError ? { flags: err.flags } : {}),
            attempts,
          });
          if (CONNECTION_FAILURE_KINDS.includes(kind)) connectionFailures++;
          else connectionFailures = 0;
          if (pauseAfter > 0 && connectionFailures >= pauseAfter && !paused && !ctrl.signal.aborted) {
            paused = { reason, failures: connectionFailures };
            ctrl.abort();
            await Promise.all([fail, journal.append({ t: 'pause', time: new Date().toISOString(), reason, failures: connectionFailures })]);
          } else await fail;
        },
      },
    );
    opts.signal?.removeEventListener('abort', onCancel);
    await Promise.all([...pendingDone]);
    await journal.flush();
    if (journalError) throw journalError;
    return {
      ...res,
      // A pause is not the user's cancel (the jobs left are still to do either way: notRun).
      cancelled: res.cancelled && !!opts.signal?.aborted,
      ...(paused ? { paused } : {}),
      done: res.done + recovered,
      skipped: previouslyDone,
      batchId: opts.batchId,
      recovered,
      previouslyDone,
      failures,
      journalSyncs: journal.syncs,
      journalRecords: journal.records,
    };
  } finally {
    try {
      await opts.executor.close?.();
    } finally {
      await journal.close();
    }
  }
}
