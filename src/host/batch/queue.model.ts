// The review queue's model (no vscode; unit-tested in test/unit/batch-ui.test.ts): pending batch rewrites
// from the journals, minus those decided in the provenance log; filters, sort, bulk selection, next item.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BATCHES_DIR, readJournal, type DoneRecord } from '../../core/batch/journal';
import {
  bulkAcceptCandidates,
  queueItems,
  decide as coreDecide,
  filterQueue,
  lastDecisionGroup,
  sortQueue as coreSort,
  undoLastDecision,
  type QueueFilter,
  type QueueItem,
  type QueueSortKey,
} from '../../core/batch/queue';
import { readProvenance } from '../../core/provenance/log';
import { CURATOR_DIR, type DecisionRecord } from '../../core/provenance/types';
import type { QueueSort } from '../commands';

// ---------------------------------------------------------------------------------------------------------
// The review queue: the core's model (src/core/batch/queue.ts: filters, sort, bulk selection, decisions,
// undo), with a loader that keeps each journal's results cached by size and mtime, since the view reloads
// on every journal or provenance change while a batch runs.

export type { QueueFilter, QueueItem } from '../../core/batch/queue';
// The sort is a command argument (Sort…): its type lives in the command table.
export type { QueueSort } from '../commands';

export const QUEUE_SORTS: readonly QueueSort[] = ['score-asc', 'score-desc', 'source', 'style', 'audience', 'newest', 'oldest'];

interface JournalCacheEntry {
  mtimeMs: number;
  size: number;
  done: DoneRecord[];
}
const journalCache = new Map<string, JournalCacheEntry>();

/** The 'done' records of every batch journal of the workspace, with their batch id (cached by size and mtime). */
export function batchResults(root: string): (DoneRecord & { batch: string })[] {
  const dir = join(root, CURATOR_DIR, BATCHES_DIR);
  if (!existsSync(dir)) return [];
  const out: (DoneRecord & { batch: string })[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) continue;
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

export function loadQueue(root: string): QueueItem[] {
  const decisions = readProvenance(root).records.filter((r): r is DecisionRecord => r.type === 'decision');
  return queueItems(batchResults(root), decisions);
}

export function isFilterEmpty(f: QueueFilter): boolean {
  return Object.values(f).every((v) => v === undefined || v === '');
}

/** A short description of a filter ("score ≥ 0.8 · needs-review · style textbook"). */
export function describeFilter(f: QueueFilter): string {
  const p: string[] = [];
  if (f.minScore !== undefined) p.push(`score ≥ ${f.minScore}`);
  if (f.maxScore !== undefined) p.push(`score ≤ ${f.maxScore}`);
  if (f.verdict) p.push(f.verdict);
  if (f.style) p.push(`style ${f.style}`);
  if (f.audience) p.push(`audience ${f.audience}`);
  if (f.source) p.push(`source “${f.source}”`);
  return p.join(' · ');
}

const SORTS: Record<QueueSort, [QueueSortKey, 'asc' | 'desc']> = {
  'score-asc': ['score', 'asc'],
  'score-desc': ['score', 'desc'],
  source: ['source', 'asc'],
  style: ['style', 'asc'],
  audience: ['audience', 'asc'],
  newest: ['time', 'desc'],
  oldest: ['time', 'asc'],
};

export function sortQueue(items: readonly QueueItem[], sort: QueueSort): QueueItem[] {
  const [key, order] = SORTS[sort];
  return coreSort(items, key, order);
}

/** Pending items, filtered and sorted: what the view shows, in order. */
export function pendingView<T extends QueueItem>(items: readonly T[], filter: QueueFilter, sort: QueueSort): T[] {
  return sortQueue(filterQueue(items, { ...filter, state: 'pending' }), sort) as T[];
}

/** Pending items safe to accept in bulk: verdict consistent and score ≥ threshold. */
export function bulkAcceptable<T extends QueueItem>(items: readonly T[], threshold: number): T[] {
  return bulkAcceptCandidates(items, threshold) as T[];
}

/** The item after `currentId` in `view` order (or the first one), skipping `currentId` itself. */
export function nextPending<T extends QueueItem>(view: readonly T[], currentId?: string, previousOrder?: readonly string[]): T | undefined {
  const rest = view.filter((i) => i.rewriteId !== currentId);
  if (!rest.length) return undefined;
  if (currentId && previousOrder) {
    // Keep going forward from where the decided item was in the order the user saw.
    const at = previousOrder.indexOf(currentId);
    if (at >= 0) {
      const after = new Set(previousOrder.slice(at + 1));
      const next = rest.find((i) => after.has(i.rewriteId));
      if (next) return next;
    }
  }
  return rest[0];
}

/** Records `decision` for every item (one provenance line each, one fsync); rejected files move to .curator/rejected/. */
export function decide(root: string, items: readonly QueueItem[], decision: 'accepted' | 'rejected', note?: string, now = new Date()): DecisionRecord[] {
  return coreDecide(root, items, decision, { note, now });
}

/** Reverts the last decision (group); rejected files come back. */
export function undoLast(root: string, now = new Date()): DecisionRecord[] {
  return undoLastDecision(root, now);
}

export { lastDecisionGroup as undoTarget };
