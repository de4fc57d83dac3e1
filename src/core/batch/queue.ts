// The review queue of batch results: every job journalled 'done' (run or imported) with its fact score and
// verdict, and its current decision from the provenance log (decision records: 'accepted', 'rejected',
// 'pending'; an undo is a 'pending' record whose `undoes` names the decision it reverts, as
// "<decision>@<time>"). Filters, sorting, the bulk-accept selection (the caller confirms), decisions and
// undo of the last decision (a bulk accept is undone as a whole: same time and note).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { provenancePath, readProvenance } from '../provenance/log';
import { CURATOR_DIR, PROVENANCE_VERSION, type DecisionRecord, type FactSummary } from '../provenance/types';
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
}

export interface QueueFilter {
  state?: QueueState;
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

/** Current decision per rewrite id: the last decision record naming it. */
export function currentDecisions(decisions: readonly DecisionRecord[]): Map<string, DecisionRecord> {
  const m = new Map<string, DecisionRecord>();
  for (const d of decisions) if (d.rewriteId) m.set(d.rewriteId, d);
  return m;
}

function decisionsOf(root: string): DecisionRecord[] {
  return readProvenance(root).records.filter((r): r is DecisionRecord => r.type === 'decision');
}

/** Queue items from batch 'done' records (with their batch id) and the decisions of the provenance log. */
export function queueItems(results: Iterable<DoneRecord & { batch: string }>, decisions: readonly DecisionRecord[]): QueueItem[] {
  const current = currentDecisions(decisions);
  const items: QueueItem[] = [];
  const seen = new Set<string>();
  for (const d of results) {
    if (seen.has(d.rewriteId)) continue;
    seen.add(d.rewriteId);
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
      state: current.get(d.rewriteId)?.decision ?? 'pending',
    });
  }
  return items;
}

/** Every batch result of the workspace (or of one batch) with its current decision. */
export function loadQueue(root: string, opts: { batchId?: string } = {}): QueueItem[] {
  const dir = join(root, CURATOR_DIR, BATCHES_DIR);
  if (!existsSync(dir)) return [];
  const batches = opts.batchId ? [opts.batchId] : readdirSync(dir).filter((n) => /^[A-Za-z0-9._-]+$/.test(n)).sort();
  const results: (DoneRecord & { batch: string })[] = [];
  for (const b of batches) {
    const st = readJournal(root, b);
    if (st) for (const d of st.done.values()) results.push({ ...d, batch: b });
  }
  return queueItems(results, decisionsOf(root));
}

export function filterQueue(items: readonly QueueItem[], f: QueueFilter): QueueItem[] {
  const src = f.source?.toLowerCase();
  return items.filter(
    (i) =>
      (f.state === undefined || i.state === f.state) &&
      (f.minScore === undefined || (i.score !== undefined && i.score >= f.minScore)) &&
      (f.maxScore === undefined || (i.score !== undefined && i.score <= f.maxScore)) &&
      (f.verdict === undefined || (f.verdict === 'unscored' ? i.verdict === undefined : i.verdict === f.verdict)) &&
      (!f.style || i.style === f.style) &&
      (!f.audience || i.audience === f.audience) &&
      (!src || i.source.toLowerCase().includes(src)) &&
      (!f.batchId || i.batchId === f.batchId),
  );
}

/** Sorted copy; unscored items sort below every score; ties by source then output path. */
export function sortQueue(items: readonly QueueItem[], key: QueueSortKey, order: 'asc' | 'desc' = 'asc'): QueueItem[] {
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
export function bulkAcceptCandidates(items: readonly QueueItem[], threshold: number): QueueItem[] {
  return items.filter(
    (i) => i.state === 'pending' && i.verdict === 'consistent' && i.facts?.verdictVersion === VERDICT_VERSION && i.score !== undefined && i.score >= threshold,
  );
}

function appendDecisionRecords(root: string, records: readonly DecisionRecord[]): void {
  if (!records.length) return;
  const file = provenancePath(root);
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, 'a');
  try {
    writeSync(fd, records.map((r) => JSON.stringify(r) + '\n').join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A free path for a rejected rewrite under .curator/rejected/ (workspace-relative). */
function rejectedPathFor(root: string, output: string): string {
  for (let n = 1; ; n++) {
    const rel = `${CURATOR_DIR}/rejected/${n === 1 ? output : output.replace(/(\.[^./]*)?$/, (ext) => `.${n}${ext}`)}`;
    if (!existsSync(join(root, rel))) return rel;
  }
}

export interface DecideOptions {
  /** Tags the group; a bulk action shares time and note and is undone as a whole. */
  note?: string;
  now?: Date;
  /** Move rejected files out of the corpus to .curator/rejected/ (default true; never deleted). */
  moveRejected?: boolean;
}

/** Records a decision for each item (one write, one fsync). Returns the records written. */
export function decide(root: string, items: readonly QueueItem[], decision: 'accepted' | 'rejected', opts: DecideOptions = {}): DecisionRecord[] {
  const time = (opts.now ?? new Date()).toISOString();
  const records = items.map((it): DecisionRecord => {
    let movedTo: string | undefined;
    if (decision === 'rejected' && opts.moveRejected !== false && existsSync(join(root, it.output))) {
      movedTo = rejectedPathFor(root, it.output);
      mkdirSync(dirname(join(root, movedTo)), { recursive: true });
      renameSync(join(root, it.output), join(root, movedTo));
    }
    return {
      type: 'decision',
      v: PROVENANCE_VERSION,
      time,
      rewriteId: it.rewriteId,
      source: { path: it.source, sha256: it.sourceSha256 },
      output: { path: it.output, sha256: it.outputSha256 },
      decision,
      ...(movedTo ? { movedTo } : {}),
      ...(it.facts ? { facts: it.facts } : {}),
      ...(opts.note ? { note: opts.note } : {}),
    };
  });
  appendDecisionRecords(root, records);
  return records;
}

/** The decisions an undo would revert: the latest one still in force (not an undo) and the rest of its group. */
export function lastDecisionGroup(decisions: readonly DecisionRecord[]): DecisionRecord[] {
  const current = currentDecisions(decisions);
  for (let i = decisions.length - 1; i >= 0; i--) {
    const d = decisions[i]!;
    if (d.undoes || d.decision === 'pending' || !d.rewriteId || current.get(d.rewriteId) !== d) continue;
    return decisions.filter((x) => !x.undoes && x.rewriteId && x.time === d.time && x.note === d.note && x.decision === d.decision && current.get(x.rewriteId) === x);
  }
  return [];
}

/** Undoes the last decision (group): 'pending' records that name what they undo; rejected files come back. */
export function undoLastDecision(root: string, now = new Date()): DecisionRecord[] {
  const group = lastDecisionGroup(decisionsOf(root));
  const records = group.map((d): DecisionRecord => {
    if (d.movedTo && existsSync(join(root, d.movedTo)) && !existsSync(join(root, d.output.path))) {
      mkdirSync(dirname(join(root, d.output.path)), { recursive: true });
      renameSync(join(root, d.movedTo), join(root, d.output.path));
    }
    return {
      type: 'decision',
      v: PROVENANCE_VERSION,
      time: now.toISOString(),
      rewriteId: d.rewriteId,
      source: d.source,
      output: d.output,
      decision: 'pending',
      undoes: `${d.decision}@${d.time}`,
      ...(d.facts ? { facts: d.facts } : {}),
    };
  });
  appendDecisionRecords(root, records);
  return records;
}
