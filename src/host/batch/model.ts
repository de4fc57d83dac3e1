// Pure helpers of the batch UI (no vscode import, unit-tested in test/unit/batch-ui.test.ts): plan text
// parsing, progress formatting, price look-up, and the review queue model (pending batch rewrites from the
// journals, minus those decided in the provenance log; filters, sort, bulk selection, undo).
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
import { parseMix, type StyleShare } from '../../core/batch/sources';
import type { BatchProgress, ModelPrice } from '../../core/batch/scheduler';
import { readProvenance } from '../../core/provenance/log';
import { CURATOR_DIR, type DecisionRecord } from '../../core/provenance/types';

// ---------------------------------------------------------------------------------------------------------
// Plans

/**
 * Parses a plan of style/audience pairs with shares. Accepts "50% textbook/high-school, 50% qa/college",
 * "textbook/high-school 50%, qa/college 50%", the CLI's "textbook/high-school:50,qa/college:50", a bare
 * "textbook/high-school" (one pair, share 1), and Chinese commas/percent signs (，、；％).
 */
export function parsePlanText(text: string): StyleShare[] {
  const norm = text.replace(/[，、；;]/g, ',').replace(/％/g, '%').replace(/／/g, '/').replace(/：/g, ':');
  const parts = norm
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!parts.length) throw new Error('empty plan');
  const canonical = parts.map((p) => {
    let m = /^([\d.]+)\s*%?\s+(?:x\s+)?([^\s/:]+)\s*\/\s*([^\s:]+)$/i.exec(p);
    if (m) return `${m[2]}/${m[3]}:${m[1]}`;
    m = /^([^\s/:]+)\s*\/\s*([^\s:]+)\s+([\d.]+)\s*%?$/.exec(p);
    if (m) return `${m[1]}/${m[2]}:${m[3]}`;
    m = /^([^\s/:]+)\s*\/\s*([^\s:]+)\s*(?::\s*([\d.]+)\s*%?)?$/.exec(p);
    if (m) return `${m[1]}/${m[2]}${m[3] ? `:${m[3]}` : ''}`;
    throw new Error(`cannot read "${p}" (write e.g. "50% textbook/high-school")`);
  });
  const mix = parseMix(canonical.join(','));
  for (const s of mix) if (!(s.share > 0) || !Number.isFinite(s.share)) throw new Error(`share of ${s.style}/${s.audience} must be a positive number`);
  return mix;
}

/** "50% textbook/high-school, 50% qa/college" from shares (normalised to percent, rounded). */
export function formatPlan(mix: readonly StyleShare[]): string {
  const sum = mix.reduce((a, m) => a + m.share, 0) || 1;
  return mix.map((m) => `${Math.round((m.share / sum) * 1000) / 10}% ${m.style}/${m.audience}`).join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// Formatting

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** 950, 12.3k, 4.56M. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1000).toFixed(n < 10_000 ? 2 : 1).replace(/\.?0+$/, '')}k`;
  return `${(n / 1e6).toFixed(2).replace(/\.?0+$/, '')}M`;
}

/** $0.0042, $1.23, $1,234. */
export function formatCost(usd: number): string {
  if (usd === 0) return '$0';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 100) return `$${usd.toFixed(2)}`;
  return `$${Math.round(usd).toLocaleString('en-US')}`;
}

export interface ProgressParts {
  /** Finished (done + failed + skipped) of total. */
  finished: number;
  total: number;
  done: number;
  failed: number;
  remaining: number;
  tokens: string;
  cost?: string;
  eta?: string;
  /** 0..100 */
  percent: number;
}

export function progressParts(p: BatchProgress): ProgressParts {
  const finished = p.done + p.failed + p.skipped;
  return {
    finished,
    total: p.total,
    done: p.done + p.skipped,
    failed: p.failed,
    remaining: p.remaining,
    tokens: formatTokens(p.tokens.totalTokens),
    cost: p.costUsd !== undefined ? formatCost(p.costUsd) : undefined,
    eta: p.etaMs !== undefined && p.remaining > 0 ? formatDuration(p.etaMs) : undefined,
    percent: p.total ? (finished / p.total) * 100 : 100,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Prices

export type PriceTable = Record<string, Partial<ModelPrice> | undefined>;

/**
 * The price of `model` from the setting: an exact key, else the longest key that is a prefix of the model
 * (so "gpt-4o-mini" matches "gpt-4o-mini-2024-07-18"), else "*". Undefined when nothing matches or the
 * entry has no numbers.
 */
export function priceFor(model: string, table: PriceTable | undefined): ModelPrice | undefined {
  if (!table || typeof table !== 'object') return undefined;
  const m = model.toLowerCase();
  let best: string | undefined;
  for (const k of Object.keys(table)) {
    const kl = k.toLowerCase();
    if (kl === m) {
      best = k;
      break;
    }
    if (kl !== '*' && m.startsWith(kl) && (!best || kl.length > best.length)) best = k;
  }
  const e = table[best ?? '*'];
  if (!e) return undefined;
  const p = Number(e.promptPerMTok);
  const c = Number(e.completionPerMTok);
  if (!Number.isFinite(p) && !Number.isFinite(c)) return undefined;
  return { promptPerMTok: Number.isFinite(p) ? p : 0, completionPerMTok: Number.isFinite(c) ? c : 0 };
}

// ---------------------------------------------------------------------------------------------------------
// The review queue: the core's model (src/core/batch/queue.ts: filters, sort, bulk selection, decisions,
// undo), with a loader that keeps each journal's results cached by size and mtime, since the view reloads
// on every journal or provenance change while a batch runs.

export type { QueueFilter, QueueItem } from '../../core/batch/queue';

export type QueueSort = 'score-asc' | 'score-desc' | 'source' | 'style' | 'audience' | 'newest' | 'oldest';

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
