// Pure helpers (no vscode): the filter syntax of "Search Corpus…" and the tree's filter, and the
// quality verdict shown as a badge. `kind:synthetic lang:zh style:textbook tea` → filters + text.
import type { CorpusDocument, QualitySignals } from '../../core/corpus/model';
import type { DocFilters } from '../../core/corpus/search/filters';
import type { CorpusFilter } from '../commands';


export type FilterKey = Exclude<keyof CorpusFilter, 'dup' | 'signals'>;

/** The quality signals a query can bound by name (`markupPer1k:2..5`); the check below keeps the list whole. */
export const SIGNAL_NAMES = ['markupPer1k', 'garbledPer1k', 'symbolRatio', 'dupLineFrac', 'dupParaFrac', 'top2gramFrac', 'top3gramFrac', 'top4gramFrac', 'emails', 'phones', 'ips', 'idNumbers', 'tooShort', 'tooLong'] as const satisfies readonly (keyof QualitySignals)[];
const everySignal: Exclude<keyof QualitySignals, (typeof SIGNAL_NAMES)[number]> extends never ? true : false = true;
void everySignal;
const SIGNAL_BY_LOWER = new Map<string, string>(SIGNAL_NAMES.map((s) => [s.toLowerCase(), s]));
export const FILTER_KEYS: readonly FilterKey[] = ['kind', 'lang', 'style', 'audience', 'domain', 'status', 'model', 'quality'];

const KEY_ALIASES: Record<string, FilterKey | 'dup'> = {
  kind: 'kind',
  lang: 'lang',
  language: 'lang',
  style: 'style',
  audience: 'audience',
  domain: 'domain',
  status: 'status',
  review: 'status',
  model: 'model',
  quality: 'quality',
  q: 'quality',
  dup: 'dup',
  is: 'dup',
};

const ENUMS: Partial<Record<FilterKey, readonly string[]>> = {
  kind: ['natural', 'synthetic'],
  lang: ['en', 'zh', 'other'],
  status: ['none', 'pending', 'accepted', 'rejected'],
  quality: ['clean', 'flagged'],
};

export interface ParsedQuery {
  /** The free text left once the `key:value` terms are taken out. */
  text: string;
  filter: CorpusFilter;
  /** Terms that look like filters but are not valid (shown to the user, not silently dropped). */
  errors: string[];
}

/**
 * Parses `kind:synthetic lang:zh,en status:accepted quality:flagged is:dup free text`. Values may be
 * comma-separated (OR) or quoted (`style:"plain language"`). Unknown keys stay part of the text
 * (a URL or "12:30" is not a filter).
 */
export function parseQuery(input: string): ParsedQuery {
  const filter: CorpusFilter = {};
  const errors: string[] = [];
  const text: string[] = [];
  const re = /(\S+?):(?:"([^"]*)"|(\S*))|(\S+)/g;
  for (const m of input.matchAll(re)) {
    if (m[4] !== undefined) {
      text.push(m[4]);
      continue;
    }
    const rawKey = m[1]!;
    const key = KEY_ALIASES[rawKey.toLowerCase()];
    const value = m[2] ?? m[3] ?? '';
    const signal = SIGNAL_BY_LOWER.get(rawKey.toLowerCase());
    if (signal) {
      const r = /^(-?\d*\.?\d*)\.\.(-?\d*\.?\d*)$/.exec(value);
      if (r && (r[1] || r[2])) {
        (filter.signals ??= []).push({ signal, ...(r[1] ? { min: Number(r[1]) } : {}), ...(r[2] ? { max: Number(r[2]) } : {}) });
      } else errors.push(m[0]);
      continue;
    }
    if (!key) {
      text.push(m[0]);
      continue;
    }
    if (key === 'dup') {
      if (/^(dup|duplicate|true|yes)$/i.test(value)) filter.dup = true;
      else if (/^(unique|false|no)$/i.test(value)) filter.dup = false;
      else errors.push(m[0]);
      continue;
    }
    const values = value.split(',').map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) {
      errors.push(m[0]);
      continue;
    }
    const allowed = ENUMS[key];
    const good: string[] = [];
    for (const v of values) {
      const lv = allowed ? v.toLowerCase() : v;
      if (allowed && !allowed.includes(lv)) errors.push(`${rawKey}:${v}`);
      else good.push(lv);
    }
    if (good.length) {
      const list = ((filter as Record<string, string[]>)[key] ??= []);
      for (const g of good) if (!list.includes(g)) list.push(g);
    }
  }
  return { text: text.join(' ').trim(), filter, errors };
}

/** The filter written back in query syntax (for the view's description and the search box). */
export function formatFilter(f: CorpusFilter): string {
  const parts: string[] = [];
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v && v.length) parts.push(`${k}:${v.map((x) => (/[\s,"]/.test(x) ? `"${x}"` : x)).join(',')}`);
  }
  if (f.dup !== undefined) parts.push(`is:${f.dup ? 'dup' : 'unique'}`);
  for (const r of f.signals ?? []) parts.push(`${r.signal}:${r.min ?? ''}..${r.max ?? ''}`);
  return parts.join(' ');
}

export function isEmptyFilter(f: CorpusFilter): boolean {
  return FILTER_KEYS.every((k) => !f[k]?.length) && f.dup === undefined && !f.signals?.length;
}

/** The exact-match part of a filter the core search understands (single values only); the rest is post-filtered. */
export function coreFilters(f: CorpusFilter): DocFilters | undefined {
  const out: DocFilters = {};
  for (const k of ['kind', 'lang', 'style', 'audience', 'domain', 'status', 'model'] as const) {
    const v = f[k];
    if (v && v.length === 1) (out as Record<string, string>)[k] = v[0]!;
  }
  return Object.keys(out).length ? out : undefined;
}

export function matchesFilter(d: CorpusDocument, f: CorpusFilter): boolean {
  const has = <T>(list: T[] | undefined, v: T | undefined) => !list || list.length === 0 || (v !== undefined && list.includes(v));
  if (!has(f.kind, d.kind) || !has(f.lang, d.lang) || !has(f.status, d.status)) return false;
  if (!has(f.style, d.style) || !has(f.audience, d.audience) || !has(f.domain, d.domain) || !has(f.model, d.model)) return false;
  if (f.quality?.length) {
    const flagged = qualityIssues(d).length > 0;
    if (!f.quality.includes(flagged ? 'flagged' : 'clean')) return false;
  }
  if (f.dup !== undefined && !!d.dupCluster !== f.dup) return false;
  for (const r of f.signals ?? []) {
    const v = (d.quality as unknown as Record<string, number> | undefined)?.[r.signal] ?? 0;
    if ((r.min !== undefined && v < r.min) || (r.max !== undefined && v >= r.max)) return false;
  }
  return true;
}

export type QualityIssue = 'markup' | 'garbled' | 'symbols' | 'repeated-lines' | 'repeated-paragraphs' | 'repetitive' | 'pii' | 'too-short' | 'too-long';

/**
 * A document's quality problems, from its signals with Gopher-like thresholds (a badge, not a verdict:
 * export lets the user set exact thresholds).
 */
export function qualityIssues(d: Pick<CorpusDocument, 'quality'>): QualityIssue[] {
  const q = d.quality;
  if (!q) return [];
  const out: QualityIssue[] = [];
  if (q.markupPer1k > 5) out.push('markup');
  if (q.garbledPer1k > 1) out.push('garbled');
  if (q.symbolRatio > 0.1) out.push('symbols');
  if (q.dupLineFrac > 0.3) out.push('repeated-lines');
  if (q.dupParaFrac > 0.3) out.push('repeated-paragraphs');
  if (q.top2gramFrac > 0.2 || q.top3gramFrac > 0.18 || q.top4gramFrac > 0.16) out.push('repetitive');
  if (q.emails + q.phones + q.ips + q.idNumbers > 0) out.push('pii');
  if (q.tooShort) out.push('too-short');
  if (q.tooLong) out.push('too-long');
  return out;
}

/** "30%", "0.3", "30" → 0.3; undefined when not a share. */
export function parseShare(s: string): number | undefined {
  const t = s.trim().replace(/％/g, '%');
  if (!t) return undefined;
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1) : t);
  if (!Number.isFinite(n)) return undefined;
  const v = pct || n > 1 ? n / 100 : n;
  return v >= 0 && v <= 1 ? v : undefined;
}

/**
 * The Corpus view's icon for a document: rejected, a quality problem, a near-duplicate, accepted (a filled
 * check: decided), a synthetic document (not decided), or its format.
 */
export function docIcon(d: Pick<CorpusDocument, 'kind' | 'status' | 'format'>, issues: readonly QualityIssue[], dup: number): { id: string; color?: string } {
  if (d.status === 'rejected') return { id: 'error', color: 'charts.red' };
  if (issues.some((i) => i !== 'too-short' && i !== 'too-long')) return { id: 'warning', color: 'problemsWarningIcon.foreground' };
  if (dup) return { id: 'copy', color: 'charts.yellow' };
  if (d.status === 'accepted') return { id: 'pass-filled', color: 'charts.green' };
  if (d.kind === 'synthetic') return { id: 'sparkle', color: 'charts.purple' };
  return { id: d.format === 'jsonl' ? 'json' : d.format === 'parquet' ? 'table' : 'file-text' };
}
