// The review queue of batch results: every job journalled 'done' (run or imported) with its fact score and
// verdict, and its current decision from the provenance log (decision records: 'accepted', 'rejected',
// 'pending'; an undo is a 'pending' record whose `undoes` names the decision it reverts, as
// "<decision>@<time>"). Filters, sorting and the bulk-accept selection (the caller confirms); the decisions
// themselves and their undo are the decision service's (src/core/provenance/decisions.ts).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { currentDecisions, type DecisionTarget } from '../provenance/decisions';
import { readProvenance } from '../provenance/log';
import { parseRecordRef } from '../corpus/record-ref';
import { CURATOR_DIR, type DecisionReason, type DecisionRecord, type FactSummary, type ProvenanceRecord } from '../provenance/types';
import { BATCHES_DIR, readJournal, type DoneRecord } from './journal';
import { VERDICT_VERSION } from '../review/verdict';

export type QueueState = DecisionRecord['decision'];

export interface QueueItem {
  rewriteId: string;
  batchId: string;
  jobId: string;
  /** Workspace-relative paths (an inline-text job's source is "<jobs file>#<id>"). */
  source: string;
  output: string;
  sourceSha256: string;
  outputSha256: string;
  style: string;
  audience: string;
  score?: number;
  verdict?: FactSummary['verdict'];
  facts?: FactSummary;
  /** When the job was journalled done. */
  time: string;
  state: QueueState;
  /** The current decision's reason and comment, and when it was taken (none while pending). */
  reason?: DecisionReason;
  comment?: string;
  decidedAt?: string;
}

export interface QueueFilter {
  /** The decision ('any': every state); the Review Queue view shows 'pending' when it is not set. */
  state?: QueueState | 'any';
  /** The decision's reason; 'none': decided without one. */
  reason?: DecisionReason | 'none';
  minScore?: number;
  maxScore?: number;
  /** 'unscored': items without a fact check. */
  verdict?: FactSummary['verdict'] | 'unscored';
  style?: string;
  audience?: string;
  /** Case-insensitive part of the source path. */
  source?: string;
  batchId?: string;
}

export type QueueSortKey = 'score' | 'verdict' | 'style' | 'audience' | 'source' | 'time';

/** Queue items from batch 'done' records (with their batch id) and the decisions of the provenance log. */
export function queueItems(results: Iterable<DoneRecord & { batch: string }>, decisions: readonly DecisionRecord[]): QueueItem[] {
  const current = currentDecisions(decisions);
  const items: QueueItem[] = [];
  const seen = new Set<string>();
  for (const d of results) {
    if (seen.has(d.rewriteId)) continue;
    seen.add(d.rewriteId);
    const dec = current.get(d.rewriteId);
    const decided = dec && dec.decision !== 'pending' ? dec : undefined;
    items.push({
      rewriteId: d.rewriteId,
      batchId: d.batch,
      jobId: d.job,
      source: d.source.path,
      output: d.output.path,
      sourceSha256: d.source.sha256,
      outputSha256: d.output.sha256,
      style: d.style,
      audience: d.audience,
      score: d.facts?.score,
      verdict: d.facts?.verdict ?? d.verdict,
      facts: d.facts,
      time: d.time,
      state: dec?.decision ?? 'pending',
      ...(decided?.reason ? { reason: decided.reason } : {}),
      ...(decided?.comment ? { comment: decided.comment } : {}),
      ...(decided ? { decidedAt: decided.time } : {}),
    });
  }
  return items;
}

interface JournalCacheEntry {
  mtimeMs: number;
  size: number;
  done: DoneRecord[];
}
const journalCache = new Map<string, JournalCacheEntry>();

/**
 * The 'done' records of every batch journal of the workspace (or of one batch), with their batch id. Each
 * journal's records are cached by its size and mtime: the queue view reloads on every journal or provenance
 * change while a batch runs.
 */
export function batchResults(root: string, opts: { batchId?: string } = {}): (DoneRecord & { batch: string })[] {
  const dir = join(root, CURATOR_DIR, BATCHES_DIR);
  if (!existsSync(dir)) return [];
  const batches = opts.batchId ? [opts.batchId] : readdirSync(dir).filter((n) => /^[A-Za-z0-9._-]+$/.test(n)).sort();
  const out: (DoneRecord & { batch: string })[] = [];
  for (const name of batches) {
    const file = join(dir, name, 'journal.jsonl');
    let st;
    try {
      st = statSync(file);
    } catch {
      continue;
    }
    let c = journalCache.get(file);
    if (!c || c.mtimeMs !== st.mtimeMs || c.size !== st.size) {
      const j = readJournal(root, name);
      c = { mtimeMs: st.mtimeMs, size: st.size, done: j ? [...j.done.values()] : [] };
      journalCache.set(file, c);
    }
    for (const d of c.done) out.push({ ...d, batch: name });
  }
  return out;
}

/** The batch id of the queue items of record rewrites made one at a time (not in any batch). */
export const SINGLE_BATCH = '';

/**
 * Record rewrites made one at a time (a provenance 'rewrite' line with no batch, whose output is a line of a
 * rewrites shard: record-ref.ts) as queue results beside the batches' (batch SINGLE_BATCH, the rewrite id
 * as job), so a record rewritten from its document waits in the same Review Queue. Their fact summary is the
 * latest one a review recorded with a decision; none until then.
 */
export function singleRecordResults(records: readonly ProvenanceRecord[]): (DoneRecord & { batch: string })[] {
  const facts = new Map<string, FactSummary>();
  for (const r of records) if (r.type === 'decision' && r.rewriteId && r.facts) facts.set(r.rewriteId, r.facts);
  const out: (DoneRecord & { batch: string })[] = [];
  for (const r of records) {
    if (r.type !== 'rewrite' || r.batchId || r.status !== 'done' || !parseRecordRef(r.output.path)) continue;
    const f = facts.get(r.id);
    out.push({
      t: 'done',
      key: r.id,
      job: r.id,
      time: r.time,
      rewriteId: r.id,
      output: { path: r.output.path, sha256: r.output.sha256 },
      source: { path: r.source.path, sha256: r.source.sha256 },
      style: r.style,
      audience: r.audience,
      usage: r.usage,
      flags: r.flags,
      ...(f ? { facts: f, verdict: f.verdict } : {}),
      durationMs: r.durationMs,
      batch: SINGLE_BATCH,
    });
  }
  return out;
}

/** Every batch result of the workspace (or of one batch) with its current decision, and the record rewrites made one at a time. */
export function loadQueue(root: string, opts: { batchId?: string } = {}): QueueItem[] {
  const records = readProvenance(root).records;
  const decisions = records.filter((r): r is DecisionRecord => r.type === 'decision');
  const results = opts.batchId === SINGLE_BATCH ? [] : batchResults(root, opts);
  if (opts.batchId === undefined || opts.batchId === SINGLE_BATCH) results.push(...singleRecordResults(records));
  return queueItems(results, decisions);
}

export function filterQueue<T extends QueueItem>(items: readonly T[], f: QueueFilter): T[] {
  const src = f.source?.toLowerCase();
  return items.filter(
    (i) =>
      (f.state === undefined || f.state === 'any' || i.state === f.state) &&
      (f.reason === undefined || (f.reason === 'none' ? i.state !== 'pending' && !i.reason : i.reason === f.reason)) &&
      (f.minScore === undefined || (i.score !== undefined && i.score >= f.minScore)) &&
      (f.maxScore === undefined || (i.score !== undefined && i.score <= f.maxScore)) &&
      (f.verdict === undefined || (f.verdict === 'unscored' ? i.verdict === undefined : i.verdict === f.verdict)) &&
      (!f.style || i.style === f.style) &&
      (!f.audience || i.audience === f.audience) &&
      (!src || i.source.toLowerCase().includes(src)) &&
      (!f.batchId || i.batchId === f.batchId),
  );
}

/** How far the review of these items is: decided (accepted + rejected) of all. */
export function queueProgress(items: readonly QueueItem[]): { total: number; reviewed: number; accepted: number; rejected: number; pending: number } {
  const accepted = items.filter((i) => i.state === 'accepted').length;
  const rejected = items.filter((i) => i.state === 'rejected').length;
  return { total: items.length, reviewed: accepted + rejected, accepted, rejected, pending: items.length - accepted - rejected };
}

/** Sorted copy; unscored items sort below every score; ties by source then output path. */
export function sortQueue<T extends QueueItem>(items: readonly T[], key: QueueSortKey, order: 'asc' | 'desc' = 'asc'): T[] {
  const str = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const by: Record<QueueSortKey, (a: QueueItem, b: QueueItem) => number> = {
    score: (a, b) => (a.score ?? -1) - (b.score ?? -1),
    verdict: (a, b) => str(a.verdict ?? '~', b.verdict ?? '~'),
    style: (a, b) => str(a.style, b.style),
    audience: (a, b) => str(a.audience, b.audience),
    source: () => 0,
    time: (a, b) => str(a.time, b.time),
  };
  const sign = order === 'asc' ? 1 : -1;
  return items.slice().sort((a, b) => sign * by[key](a, b) || str(a.source, b.source) || str(a.output, b.output));
}

/**
 * Pending items that may be accepted in bulk: the one verdict (src/core/review/verdict.ts) says consistent
 * and the score is at or above the threshold. Items checked by an older version of the check are left for
 * review one by one. The caller confirms.
 */
export function bulkAcceptCandidates<T extends QueueItem>(items: readonly T[], threshold: number): T[] {
  return items.filter(
    (i) => i.state === 'pending' && i.verdict === 'consistent' && i.facts?.verdictVersion === VERDICT_VERSION && i.score !== undefined && i.score >= threshold,
  );
}

/** What the decision service records for a queue item (its paths, hashes and fact summary from the journal). */
export function decisionTarget(i: QueueItem): DecisionTarget {
  return { rewriteId: i.rewriteId, source: { path: i.source, sha256: i.sourceSha256 }, output: { path: i.output, sha256: i.outputSha256 }, ...(i.facts ? { facts: i.facts } : {}) };
}
