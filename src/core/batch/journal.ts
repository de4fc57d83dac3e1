// The batch journal: `.curator/batches/<batchId>/journal.jsonl`, append-only, one JSON record a line, each
// record on disk (fdatasync) before the promise for it resolves.
//
// Records: the plan (every job with its key), 'start' (a job was sent), 'saving' (a result's provenance
// record, written before its file appears), 'done' (the result's file, its sha256, usage, flags and fact
// verdict) and 'fail' (the reason). Order of writes for a finished job:
//   1. the journal's 'saving' line (output name, sha256, the whole provenance record), on disk;
//   2. the output file (temp file, fsynced, hard-linked under its name: a file under that name is whole),
//   3. its provenance record (fsynced),
//   4. the journal's 'done' line.
// A crash after 1 leaves a result without a 'done' line; on resume the runner asks the executor to
// recover it: an output file under the journalled name with the journalled sha256 is this job's complete
// result — its provenance line is appended if missing and the job journalled done, without asking the
// model again. Without such a file the job is requested again. See runner.ts and save.ts.
//
// Group commit: records appended while an fdatasync is under way are written together with one write and
// one fdatasync, so 50 parallel jobs do not wait for 50 syncs in a row; every caller still gets its promise
// only once its line is on disk. A torn last line (crash mid-write) is cut off when the journal is opened.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, ftruncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { GroupCommitFile } from '../util/group-commit';
import { CURATOR_DIR, type FactSummary, type OutputFlag, type RewriteRecord, type TokenUsage } from '../provenance/types';
import { errorMessage } from '../util/errors';

export const BATCHES_DIR = 'batches';
export const JOURNAL_FILE = 'journal.jsonl';
export const JOURNAL_VERSION = 1;

/** One unit of work: a document (file or inline text) to rewrite in one style for one audience. */
export interface PlannedJob {
  /** Unique within the batch (from the jobs file, or derived from the path). */
  id: string;
  /** sha256-derived key of source content + prompt template + model + style + audience: a finished key is never requested again. */
  key: string;
  source: {
    /** Workspace-relative path (forward slashes) when the job reads a file. */
    path?: string;
    /** Inline text (JSONL jobs with "text"). */
    text?: string;
    sha256: string;
    chars: number;
  };
  style: string;
  audience: string;
  /** Estimated tokens (prompt + completion) for the rate limiter. */
  estTokens: number;
  /** 1-based line in the jobs file, for messages. */
  line?: number;
}

export interface BatchMeta {
  /** Where the jobs came from (jobs file path, folder…), for the resume prompt. */
  origin: string;
  model: string;
  endpointHost?: string;
  /** 'run' (scheduled here) or 'export' (sent through a provider's batch API). */
  mode: 'run' | 'export';
  [k: string]: unknown;
}

export interface PlanRecord {
  t: 'plan';
  v: number;
  batchId: string;
  time: string;
  meta: BatchMeta;
  jobs: PlannedJob[];
}

export interface StartRecord {
  t: 'start';
  key: string;
  job: string;
  attempt: number;
  time: string;
}

/** A result about to appear under its output name (see save.ts): its full provenance record. */
export interface SavingRecord {
  t: 'saving';
  key: string;
  job: string;
  time: string;
  record: RewriteRecord;
  /** A record rewrite's text (its output is a line of a rewrites shard, not a file): appended again on resume if its line is not there. */
  text?: string;
}

export interface DoneRecord {
  t: 'done';
  key: string;
  job: string;
  time: string;
  rewriteId: string;
  output: { path: string; sha256: string };
  source: { path: string; sha256: string };
  style: string;
  audience: string;
  usage: TokenUsage;
  flags: OutputFlag[];
  /** Fact check of the rewrite against its source, when the review module is available. */
  facts?: FactSummary;
  verdict?: FactSummary['verdict'];
  durationMs?: number;
  /** Journalled on resume from a result found on disk (file + provenance) without a 'done' line. */
  recovered?: true;
  /** Journalled by `curator batch import` from a provider's batch output. */
  imported?: true;
}

export interface FailRecord {
  t: 'fail';
  key: string;
  job: string;
  time: string;
  reason: string;
  /** LlmError kind, or 'output-check' (flags), 'source' (unreadable/changed source), 'import'… */
  kind: string;
  flags?: OutputFlag[];
  attempts?: number;
}

/** The run stopped by itself (a run of connection failures): why, in the words of the last failure. */
export interface PauseRecord {
  t: 'pause';
  time: string;
  reason: string;
  /** Connection failures in a row that made it pause. */
  failures: number;
}

export type JournalRecord = PlanRecord | StartRecord | SavingRecord | DoneRecord | FailRecord | PauseRecord;

/** Failure kinds that say nothing about the job (the endpoint could not be reached): the job is still to do. */
export const CONNECTION_FAILURE_KINDS: readonly string[] = ['connect'];

/** Whether a 'fail' line leaves its job still to do (it failed to connect: resume runs it again). */
export function failedToConnect(f: FailRecord): boolean {
  return CONNECTION_FAILURE_KINDS.includes(f.kind);
}

export interface JournalState {
  plan?: PlanRecord;
  /** Latest terminal record per key; a 'done' is final, a later 'fail' never replaces it. */
  done: Map<string, DoneRecord>;
  failed: Map<string, FailRecord>;
  /** Keys with a 'start' and no terminal record after it. */
  started: Set<string>;
  /** Latest 'saving' record per key not done yet: where its result may already be on disk. */
  saving: Map<string, SavingRecord>;
  /** Lines that could not be parsed (reported, skipped). */
  errors: { line: number; message: string }[];
  /** Set when the last run paused by itself (and no job was started since). */
  paused?: PauseRecord;
}

export function batchDir(root: string, batchId: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(batchId)) throw new Error(`invalid batch id "${batchId}"`);
  return join(root, CURATOR_DIR, BATCHES_DIR, batchId);
}

export function journalPath(root: string, batchId: string): string {
  return join(batchDir(root, batchId), JOURNAL_FILE);
}

/** Folds journal lines into the state. */
export function parseJournal(text: string): JournalState {
  const st: JournalState = { done: new Map(), failed: new Map(), started: new Set(), saving: new Map(), errors: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (!raw.trim()) continue;
    let r: JournalRecord;
    try {
      r = JSON.parse(raw) as JournalRecord;
    } catch (e) {
      st.errors.push({ line: i + 1, message: errorMessage(e) });
      continue;
    }
    applyRecord(st, r, i + 1);
  }
  return st;
}

function applyRecord(st: JournalState, r: JournalRecord, line = 0): void {
  switch (r?.t) {
    case 'plan':
      if (!st.plan) st.plan = r;
      break;
    case 'start':
      if (!st.done.has(r.key)) st.started.add(r.key);
      st.paused = undefined;
      break;
    case 'pause':
      st.paused = r;
      break;
    case 'saving':
      if (!st.done.has(r.key)) {
        st.saving.set(r.key, r);
        st.started.add(r.key);
      }
      break;
    case 'done':
      st.done.set(r.key, r);
      st.failed.delete(r.key);
      st.started.delete(r.key);
      st.saving.delete(r.key);
      break;
    case 'fail':
      if (!st.done.has(r.key)) st.failed.set(r.key, r);
      st.started.delete(r.key);
      st.saving.delete(r.key);
      break;
    default:
      st.errors.push({ line, message: 'not a journal record' });
  }
}

export function readJournal(root: string, batchId: string): JournalState | undefined {
  const file = journalPath(root, batchId);
  if (!existsSync(file)) return undefined;
  return parseJournal(readFileSync(file, 'utf8'));
}

/** An open journal: its state so far and a durable, group-committed append. One writer per batch. */
export class Journal {
  private closed = false;
  records = 0;

  private constructor(
    readonly root: string,
    readonly batchId: string,
    readonly path: string,
    private readonly file: GroupCommitFile,
    readonly state: JournalState,
    /** The journal's file, opened up front; the group-commit file writes through it from its first append. */
    private readonly fh: FileHandle,
  ) {}

  /** fdatasync calls made (for the benchmark). */
  get syncs(): number {
    return this.file.syncs;
  }

  /**
   * Opens (creating) the journal of `batchId`, reading what is there and cutting off a torn last line.
   * `groupCommit: false` writes and syncs every record on its own (for the benchmark's comparison).
   */
  static async open(root: string, batchId: string, opts: { groupCommit?: boolean } = {}): Promise<Journal> {
    const path = journalPath(root, batchId);
    mkdirSync(join(path, '..'), { recursive: true });
    let state: JournalState = { done: new Map(), failed: new Map(), started: new Set(), saving: new Map(), errors: [] };
    if (existsSync(path)) {
      const buf = readFileSync(path);
      const lastNl = buf.lastIndexOf(0x0a);
      const keep = lastNl + 1;
      if (keep < buf.length) {
        // A line without its newline was never acknowledged: drop it so the next record starts clean.
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, keep);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      state = parseJournal(buf.subarray(0, keep).toString('utf8'));
    }
    const fh = await open(path, 'a');
    return new Journal(root, batchId, path, new GroupCommitFile(async () => fh, opts.groupCommit ?? true), state, fh);
  }

  /** Appends a record; resolves once it is on disk. The state is updated at once. */
  append(rec: JournalRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    applyRecord(this.state, rec);
    this.records++;
    return this.file.append(JSON.stringify(rec) + '\n');
  }

  /**
   * Queues a record that only informs ('start'): it is written with the next durable append (or at
   * flush/close) instead of costing a write and a sync of its own. Nothing depends on it being on disk:
   * on resume every job without a 'done' line is checked for a result on disk anyway.
   */
  appendSoon(rec: JournalRecord): void {
    if (this.closed) return;
    applyRecord(this.state, rec);
    this.file.appendSoon(JSON.stringify(rec) + '\n');
    this.records++;
  }

  /** Waits for every appended record (queued ones too) to be on disk. */
  flush(): Promise<void> {
    return this.file.flush();
  }

  async close(): Promise<void> {
    await this.file.flush();
    this.closed = true;
    await this.file.close();
    // Closed already if anything was appended; a journal that only was read (a finished batch resumed)
    // still holds it. Closing a closed FileHandle does nothing.
    await this.fh.close();
  }
}

export interface BatchStatus {
  batchId: string;
  meta?: BatchMeta;
  created?: string;
  /** Time of the journal's last change (file mtime). */
  updated: string;
  total: number;
  done: number;
  failed: number;
  /** Jobs with no terminal record (never started, or started and interrupted), or that failed to connect. */
  unfinished: number;
  /** Why the last run paused by itself (a run of connection failures), if it did. */
  paused?: string;
}

/** Summary of one batch from its journal. */
export function batchStatus(root: string, batchId: string): BatchStatus | undefined {
  const st = readJournal(root, batchId);
  if (!st) return undefined;
  const keys = new Set((st.plan?.jobs ?? []).map((j) => j.key));
  let done = 0;
  let failed = 0;
  for (const k of keys) {
    if (st.done.has(k)) done++;
    else if (st.failed.has(k) && !failedToConnect(st.failed.get(k)!)) failed++;
  }
  return {
    batchId,
    meta: st.plan?.meta,
    created: st.plan?.time,
    updated: statSync(journalPath(root, batchId)).mtime.toISOString(),
    total: keys.size,
    done,
    failed,
    unfinished: keys.size - done - failed,
    ...(st.paused ? { paused: st.paused.reason } : {}),
  };
}

/** Every batch of the workspace. */
export function listBatches(root: string): BatchStatus[] {
  const dir = join(root, CURATOR_DIR, BATCHES_DIR);
  if (!existsSync(dir)) return [];
  const out: BatchStatus[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    try {
      const s = batchStatus(root, e.name);
      if (s) out.push(s);
    } catch {
      // a directory that is not a batch
    }
  }
  return out.sort((a, b) => b.updated.localeCompare(a.updated));
}

/** Batches with jobs still to do (interrupted or cancelled) that were run here (not exported): for the "resume?" prompt. */
export function listUnfinishedBatches(root: string): BatchStatus[] {
  return listBatches(root).filter((b) => b.unfinished > 0 && b.meta?.mode !== 'export');
}
