// Metadata filters shared by search, statistics and export.
import type { CorpusDocument, DocKind, QualitySignals, ReviewStatus } from '../model';
import type { Lang } from '../../text/lang';
import type { PresetName } from '../filters/presets';
import { presetHits } from '../filters/evaluate';

/** Bounds on quality signals: a document passes when every given signal is within [min, max]. */
export type QualityThresholds = Partial<Record<keyof QualitySignals, { min?: number; max?: number }>>;

export interface DocFilters {
  kind?: DocKind;
  lang?: Lang;
  style?: string;
  audience?: string;
  domain?: string;
  status?: ReviewStatus;
  model?: string;
  quality?: QualityThresholds;
  /** Leave out the documents this filter preset (datatrove's rules, filters/presets.ts) drops. */
  filterPreset?: PresetName;
}

export function passesQuality(doc: CorpusDocument, q: QualityThresholds | undefined): boolean {
  if (!q) return true;
  for (const [k, b] of Object.entries(q) as [keyof QualitySignals, { min?: number; max?: number } | undefined][]) {
    if (!b) continue;
    const v = doc.quality[k];
    if (typeof v !== 'number') continue;
    if (b.min !== undefined && v < b.min) return false;
    if (b.max !== undefined && v > b.max) return false;
  }
  return true;
}

export function matchesFilters(doc: CorpusDocument, f: DocFilters | undefined): boolean {
  if (!f) return true;
  if (f.kind && doc.kind !== f.kind) return false;
  if (f.lang && doc.lang !== f.lang) return false;
  if (f.style && doc.style !== f.style) return false;
  if (f.audience && doc.audience !== f.audience) return false;
  if (f.domain && doc.domain !== f.domain) return false;
  if (f.status && doc.status !== f.status) return false;
  if (f.model && doc.model !== f.model) return false;
  if (f.filterPreset && presetHits(doc.filters, f.filterPreset).length > 0) return false;
  return passesQuality(doc, f.quality);
}

/**
 * Parses "markupPer1k<=2,garbledPer1k<1,tooShort=0" (also ">=", ">") into thresholds; throws on an
 * unknown signal name so a typo is not silently ignored.
 */
export function parseQualityThresholds(spec: string, known: readonly string[]): QualityThresholds {
  const out: QualityThresholds = {};
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z0-9]+)\s*(<=|>=|<|>|=)\s*(-?[0-9.]+)$/.exec(part);
    if (!m) throw new Error(`bad quality threshold "${part}" (expected e.g. markupPer1k<=2)`);
    const [, name, op, num] = m as unknown as [string, string, string, string];
    if (!known.includes(name)) throw new Error(`unknown quality signal "${name}" (known: ${known.join(', ')})`);
    const v = Number(num);
    const key = name as keyof QualitySignals;
    const b = (out[key] ??= {});
    if (op === '<=' || op === '<') b.max = op === '<' ? v - 1e-9 : v;
    else if (op === '>=' || op === '>') b.min = op === '>' ? v + 1e-9 : v;
    else {
      b.min = v;
      b.max = v;
    }
  }
  return out;
}
