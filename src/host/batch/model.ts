// Pure helpers of the batch UI (no vscode import, unit-tested in test/unit/batch-ui.test.ts): plan text
// parsing, progress formatting, price look-up, and the review queue model (pending batch rewrites from the
// journals, minus those decided in the provenance log; filters, sort, bulk selection, undo).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BATCHES_DIR, readJournal, type DoneRecord } from '../../core/batch/journal';
import { parseMix, type StyleShare } from '../../core/batch/sources';
import type { BatchProgress, ModelPrice } from '../../core/batch/scheduler';
import { provenancePath, readProvenance } from '../../core/provenance/log';
import { CURATOR_DIR, PROVENANCE_VERSION, type DecisionRecord, type FactSummary } from '../../core/provenance/types';

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
// The review queue

export type Decision = DecisionRecord['decision'];

export interface QueueItem {
  rewriteId: string;
  batchId: string;
  jobId: string;
  /** Workspace-relative paths. */
  source: string;
  output: string;
  sourceSha256: string;
  outputSha256: string;
  style: string;
  audience: string;
  score?: number;
  verdict?: FactSummary['verdict'];
  facts?: FactSummary;
  time: string;
  /** The current decision ('pending' when none). */
  state: Decision;
}

export interface QueueFilter {
  minScore?: number;
  maxScore?: number;
  verdict?: FactSummary['verdict'] | 'unscored';
  style?: string;
  audience?: string;
  /** Case-insensitive substring of the source path. */
  source?: string;
}

export type QueueSort = 'score-asc' | 'score-desc' | 'source' | 'style' | 'audience' | 'newest' | 'oldest';

export const QUEUE_SORTS: readonly QueueSort[] = ['score-asc', 'score-desc', 'source', 'style', 'audience', 'newest', 'oldest'];

interface JournalCacheEntry {
  mtimeMs: number;
  size: number;
  done: DoneRecord[];
}
const journalCache = new Map<string, JournalCacheEntry>();

/** The 'done' records of every batch journal of the workspace (cached by file size and mtime). */
export function batchResults(root: string): (DoneRecord & { batch: string })[] {
  const dir = join(root, CURATOR_DIR, BATCHES_DIR);
  if (!existsSync(dir)) return [];
  const out: (DoneRecord & { batch: string })[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || !/^[A-Za-z0-9._-]+$/.test(e.name)) continue;
    const file = join(dir, e.name, 'journal.jsonl');
    let st;
    try {
      st = statSync(file);
    } catch {
      continue;
    }
    let c = journalCache.get(file);
    if (!c || c.mtimeMs !== st.mtimeMs || c.size !== st.size) {
      const j = readJournal(root, e.name);
      c = { mtimeMs: st.mtimeMs, size: st.size, done: j ? [...j.done.values()] : [] };
      journalCache.set(file, c);
    }
    for (const d of c.done) out.push({ ...d, batch: e.name });
  }
  return out;
}

/** Current decision per rewrite id from decision records in log order (an undo restores 'pending'). */
export function decisionStates(decisions: readonly DecisionRecord[]): Map<string, DecisionRecord> {
  const m = new Map<string, DecisionRecord>();
  for (const d of decisions) if (d.rewriteId) m.set(d.rewriteId, d);
  return m;
}

/** Every batch result with its current decision. */
export function queueItems(results: readonly (DoneRecord & { batch?: string })[], decisions: readonly DecisionRecord[]): QueueItem[] {
  const states = decisionStates(decisions);
  const seen = new Set<string>();
  const out: QueueItem[] = [];
  for (const r of results) {
    if (seen.has(r.rewriteId)) continue;
    seen.add(r.rewriteId);
    out.push({
      rewriteId: r.rewriteId,
      batchId: r.batch ?? '',
      jobId: r.job,
      source: r.source.path,
      output: r.output.path,
      sourceSha256: r.source.sha256,
      outputSha256: r.output.sha256,
      style: r.style,
      audience: r.audience,
      score: r.facts?.score,
      verdict: r.facts?.verdict ?? r.verdict,
      facts: r.facts,
      time: r.time,
      state: states.get(r.rewriteId)?.decision ?? 'pending',
    });
  }
  return out;
}

export function loadQueue(root: string): QueueItem[] {
  const decisions = readProvenance(root).records.filter((r): r is DecisionRecord => r.type === 'decision');
  return queueItems(batchResults(root), decisions);
}

export function matchesFilter(it: QueueItem, f: QueueFilter): boolean {
  if (f.minScore !== undefined && (it.score === undefined || it.score < f.minScore)) return false;
  if (f.maxScore !== undefined && (it.score === undefined || it.score > f.maxScore)) return false;
  if (f.verdict === 'unscored' ? it.verdict !== undefined : f.verdict && it.verdict !== f.verdict) return false;
  if (f.style && it.style !== f.style) return false;
  if (f.audience && it.audience !== f.audience) return false;
  if (f.source && !it.source.toLowerCase().includes(f.source.toLowerCase())) return false;
  return true;
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

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortQueue(items: readonly QueueItem[], sort: QueueSort): QueueItem[] {
  const score = (i: QueueItem, missing: number) => i.score ?? missing;
  const tie = (a: QueueItem, b: QueueItem) => cmp(a.source, b.source) || cmp(a.output, b.output);
  const s = items.slice();
  switch (sort) {
    case 'score-asc':
      return s.sort((a, b) => score(a, -1) - score(b, -1) || tie(a, b));
    case 'score-desc':
      return s.sort((a, b) => score(b, -1) - score(a, -1) || tie(a, b));
    case 'source':
      return s.sort(tie);
    case 'style':
      return s.sort((a, b) => cmp(a.style, b.style) || tie(a, b));
    case 'audience':
      return s.sort((a, b) => cmp(a.audience, b.audience) || tie(a, b));
    case 'newest':
      return s.sort((a, b) => cmp(b.time, a.time) || tie(a, b));
    case 'oldest':
      return s.sort((a, b) => cmp(a.time, b.time) || tie(a, b));
  }
}

/** Pending items, filtered and sorted: what the view shows, in order. */
export function pendingView(items: readonly QueueItem[], filter: QueueFilter, sort: QueueSort): QueueItem[] {
  return sortQueue(
    items.filter((i) => i.state === 'pending' && matchesFilter(i, filter)),
    sort,
  );
}

/** Pending items safe to accept in bulk: verdict consistent and score ≥ threshold. */
export function bulkAcceptable(items: readonly QueueItem[], threshold: number): QueueItem[] {
  return items.filter((i) => i.state === 'pending' && i.verdict === 'consistent' && i.score !== undefined && i.score >= threshold);
}

/** The item after `currentId` in `view` order (or the first one), skipping `currentId` itself. */
export function nextPending(view: readonly QueueItem[], currentId?: string, previousOrder?: readonly string[]): QueueItem | undefined {
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

// ---------------------------------------------------------------------------------------------------------
// Decisions

export interface DecideResult {
  records: DecisionRecord[];
  /** Files moved out of the corpus (rejected) or back (undo), workspace-relative. */
  moved: { from: string; to: string }[];
}

/** Where a rejected rewrite is moved: `.curator/rejected/<its path>` (a clash gets a numbered name). */
export function rejectedPath(root: string, output: string): string {
  const base = join(CURATOR_DIR, 'rejected', output);
  for (let n = 1; ; n++) {
    const rel = n === 1 ? base : base.replace(/(\.[^./]*)?$/, (ext) => `.${n}${ext}`);
    if (!existsSync(join(root, rel))) return rel.split('\\').join('/');
  }
}

/** Appends several provenance records with one write and one fsync. */
export function appendDecisions(root: string, records: readonly DecisionRecord[]): void {
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

/**
 * Records `decision` for every item (one provenance line each, written together). A rejected rewrite is
 * moved to .curator/rejected/ (never deleted), so it leaves the corpus. `note` tags the group (bulk actions
 * are undone together).
 */
export function decide(root: string, items: readonly QueueItem[], decision: 'accepted' | 'rejected', note?: string, now = new Date()): DecideResult {
  const time = now.toISOString();
  const records: DecisionRecord[] = [];
  const moved: DecideResult['moved'] = [];
  for (const it of items) {
    let movedTo: string | undefined;
    if (decision === 'rejected' && existsSync(join(root, it.output))) {
      movedTo = rejectedPath(root, it.output);
      mkdirSync(dirname(join(root, movedTo)), { recursive: true });
      renameSync(join(root, it.output), join(root, movedTo));
      moved.push({ from: it.output, to: movedTo });
    }
    records.push({
      type: 'decision',
      v: PROVENANCE_VERSION,
      time,
      rewriteId: it.rewriteId,
      source: { path: it.source, sha256: it.sourceSha256 },
      output: { path: it.output, sha256: it.outputSha256 },
      decision,
      ...(movedTo ? { movedTo } : {}),
      ...(it.facts ? { facts: it.facts } : {}),
      ...(note ? { note } : {}),
    });
  }
  appendDecisions(root, records);
  return { records, moved };
}

/**
 * The decisions the next undo reverts: the latest decision that is still in force and not itself an undo,
 * with every other decision of its group (same time and note, e.g. a bulk accept).
 */
export function undoTarget(decisions: readonly DecisionRecord[]): DecisionRecord[] {
  const current = decisionStates(decisions);
  for (let i = decisions.length - 1; i >= 0; i--) {
    const d = decisions[i]!;
    if (d.undoes || d.decision === 'pending' || !d.rewriteId) continue;
    if (current.get(d.rewriteId) !== d) continue;
    return decisions.filter((x) => x.rewriteId && !x.undoes && x.time === d.time && x.note === d.note && x.decision === d.decision && current.get(x.rewriteId) === x);
  }
  return [];
}

/** Reverts the last decision (group): a 'pending' record that `undoes` each one; rejected files are moved back. */
export function undoLast(root: string, now = new Date()): DecideResult {
  const decisions = readProvenance(root).records.filter((r): r is DecisionRecord => r.type === 'decision');
  const target = undoTarget(decisions);
  const records: DecisionRecord[] = [];
  const moved: DecideResult['moved'] = [];
  for (const d of target) {
    if (d.movedTo && existsSync(join(root, d.movedTo)) && !existsSync(join(root, d.output.path))) {
      mkdirSync(dirname(join(root, d.output.path)), { recursive: true });
      renameSync(join(root, d.movedTo), join(root, d.output.path));
      moved.push({ from: d.movedTo, to: d.output.path });
    }
    records.push({
      type: 'decision',
      v: PROVENANCE_VERSION,
      time: now.toISOString(),
      rewriteId: d.rewriteId,
      source: d.source,
      output: d.output,
      decision: 'pending',
      undoes: `${d.decision}@${d.time}`,
      ...(d.facts ? { facts: d.facts } : {}),
    });
  }
  appendDecisions(root, records);
  return { records, moved };
}
