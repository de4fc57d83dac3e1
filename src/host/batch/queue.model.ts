// The review queue's view model (no vscode; unit-tested in test/unit/batch-ui.test.ts): the view's sort
// options, its filter's description, what it shows (pending items, filtered and sorted) and the next item
// after a decision. Loading, filters, sort keys and the bulk selection are the core's (src/core/batch/queue.ts),
// the decisions the decision service's (src/core/provenance/decisions.ts).
import { filterQueue, sortQueue as coreSort, type QueueFilter, type QueueItem, type QueueSortKey } from '../../core/batch/queue';
import type { QueueSort } from '../commands';


export const QUEUE_SORTS: readonly QueueSort[] = ['score-asc', 'score-desc', 'source', 'style', 'audience', 'newest', 'oldest'];

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
  if (f.state && f.state !== 'pending') p.push(f.state === 'any' ? 'all decisions' : f.state);
  if (f.reason) p.push(`reason ${f.reason}`);
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

export function sortQueue<T extends QueueItem>(items: readonly T[], sort: QueueSort): T[] {
  const [key, order] = SORTS[sort];
  return coreSort(items, key, order);
}

/**
 * What the view shows, in order: the items of the filter's decision (pending unless the filter names one; a
 * reason filter alone shows the decided items with that reason), filtered and sorted.
 */
export function pendingView<T extends QueueItem>(items: readonly T[], filter: QueueFilter, sort: QueueSort): T[] {
  const state = filter.state ?? (filter.reason ? 'any' : 'pending');
  return sortQueue(filterQueue(items, { ...filter, state }), sort);
}

/** The pending item before `currentId` in the order the user saw (or the last one), skipping `currentId` itself. */
export function previousPending<T extends QueueItem>(view: readonly T[], currentId?: string, previousOrder?: readonly string[]): T | undefined {
  return nextPending([...view].reverse(), currentId, previousOrder ? [...previousOrder].reverse() : undefined);
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

/** A codicon and a theme colour (the host makes a ThemeIcon of it). */
export interface IconSpec {
  id: string;
  color?: string;
}

/**
 * The queue's icon for a pending item by its checks' verdict. Every item here is undecided: an open circle,
 * never the check mark the Corpus view uses for "accepted" (docIcon in ../corpus/query.model.ts).
 */
export function queueIcon(verdict: QueueItem['verdict'] | undefined): IconSpec {
  if (verdict === 'consistent') return { id: 'circle-large-outline', color: 'testing.iconPassed' };
  if (verdict === 'needs-review') return { id: 'warning', color: 'problemsWarningIcon.foreground' };
  return { id: 'circle-outline' };
}
