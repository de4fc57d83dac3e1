// Pure helpers of the batch run (no vscode; unit-tested in test/unit/batch-ui.test.ts and, for the batch id,
// test/unit/batch-id.test.ts): plan text parsing, the plan of a batch and its id, progress formatting, price
// look-up.
import { dirname } from 'node:path';
import { readJobSource, templatePromptId } from '../../core/batch/executor';
import { assignStyles, batchIdFor, parseMix, planJobs, type JobSpec, type PlanResult, type StyleShare } from '../../core/batch/sources';
import type { BatchProgress, ModelPrice } from '../../core/batch/scheduler';
import type { TemplateSet } from '../../core/rewrite/templates';
import { sha256 } from '../../core/text/hash';

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

export interface BatchPlanInput {
  root: string;
  /** A JSONL jobs file and its content; without one (files and folders) the id comes from the jobs' keys. */
  jobsFile?: { path: string; content: Uint8Array };
  specs: readonly JobSpec[];
  /** One pair for every job that names none… */
  single?: { style: string; audience: string };
  /** …or a plan of several, assigned by `seed` (default "curator"). */
  mix?: readonly StyleShare[];
  seed?: string;
  model: string;
  templates: TemplateSet;
  mode: 'run' | 'export';
  /** Reads a source (default readJobSource; the extension passes one that also reads shard records). */
  readSource?: (absPath: string) => { fileText: string; text: string };
}

/**
 * The extension's plan of a batch: the jobs with their keys, the batch id and the plan as text. A jobs file's
 * id is the one the CLI gives the same file and plan (src/core/batch/sources.ts: batchIdFor), so a batch
 * started by either resumes in the other; an export gets an id of its own ("x-…").
 */
export function planBatch(i: BatchPlanInput): { plan: PlanResult; batchId: string; planText: string } {
  const seed = i.seed ?? 'curator';
  const assigned = i.mix ? assignStyles(i.specs, i.mix, seed) : i.specs;
  const plan = planJobs(assigned, {
    root: i.root,
    baseDir: i.jobsFile ? dirname(i.jobsFile.path) : i.root,
    model: i.model,
    promptId: templatePromptId(i.templates),
    readSource: i.readSource ?? readJobSource,
    defaults: i.single,
  });
  const planText = i.mix ? formatPlan(i.mix) : i.single ? `${i.single.style}/${i.single.audience}` : '';
  let batchId = i.jobsFile
    ? batchIdFor(i.jobsFile.path, i.jobsFile.content, { model: i.model, ...i.single, mix: i.mix, seed })
    : `b-${sha256(plan.jobs.map((j) => j.key).sort().join('\n')).slice(0, 16)}`;
  if (i.mode === 'export') batchId = `x-${batchId.slice(2)}`;
  return { plan, batchId, planText };
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
