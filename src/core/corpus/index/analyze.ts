// The per-document work of an index run that depends on the text alone: language, content hash, estimated
// tokens, quality signals, the filters' rules, the near-duplicate fingerprint (MinHash signature, shingle
// sketch, passages) and the search index's distinct term keys. It is nearly all of an index run's CPU;
// `analyze-pool.ts` runs it in worker threads (analyze.worker.ts) or inline, with the same answers.
import type { QualitySignals } from '../model';
import { detectLanguage, estimateTokens, type Lang } from '../../text/lang';
import { sha256 } from '../../text/hash';
import type { DistinctKeys } from '../search/search-index';
import type { StoredFilterHits } from '../filters/presets';
import type { DedupFingerprint, DedupIndex } from '../dedup/lsh';
import { computeQuality } from '../quality';
import { evaluateForIndex } from '../filters/evaluate';

/** What the analysis computes besides the fingerprint (IndexDeps has the same two; tests may replace them). */
export interface AnalysisDeps {
  computeQuality(text: string, lang: Lang): QualitySignals;
  /** The filter rules that drop the text (every preset's answer); absent: not evaluated. */
  evaluateFilters?(text: string, lang: Lang): StoredFilterHits;
}

/** The index's own quality signals and rules: what the worker threads compute. */
export const DEFAULT_ANALYSIS: Required<AnalysisDeps> = {
  computeQuality: (text, lang) => computeQuality(text, lang),
  evaluateFilters: (text, lang) => evaluateForIndex(text, lang),
};

export interface DocAnalysis {
  lang: Lang;
  sha256: string;
  /** Estimated tokens (lang.ts estimateTokens; the 'estimate' tokenizer's count). */
  tokens: number;
  /** The search index's distinct term keys of the text (DistinctKeys.of), when asked for. */
  keys?: Uint32Array;
  quality: QualitySignals;
  /** The rules that drop the text; absent when none does (or the rules are not evaluated). */
  filters?: StoredFilterHits;
  fp: DedupFingerprint;
}

/**
 * The analysis of one text: its language, hash and estimated tokens, `deps`' quality signals and rules,
 * `dedup`'s fingerprint, and with `keys` its distinct search term keys (a copy).
 */
export function analyzeText(text: string, deps: AnalysisDeps, dedup: Pick<DedupIndex, 'fingerprint'>, keys?: DistinctKeys): DocAnalysis {
  const lang = detectLanguage(text);
  const out: DocAnalysis = { lang, sha256: sha256(text), tokens: estimateTokens(text), quality: deps.computeQuality(text, lang), fp: dedup.fingerprint(text, lang) };
  if (keys) out.keys = keys.of(text).slice();
  const hits = deps.evaluateFilters?.(text, lang);
  if (hits && (hits.all.length > 0 || hits.finewebChain.length > 0)) out.filters = hits;
  return out;
}

/** Options a worker needs to fingerprint as a DedupIndex does (its MinHash parameters and sketch size). */
export interface AnalyzeWorkerData {
  /** Whether the filter rules are evaluated (DEFAULT_ANALYSIS.evaluateFilters) or left out. */
  filters: boolean;
  /** Whether the search term keys are computed. */
  keys: boolean;
  dedup: { bands: number; rows: number; wordShingle: number; charShingle: number; seed: number; sketchSize: number };
}

/** Main thread → worker: a batch of texts. */
export interface AnalyzeRequest {
  id: number;
  texts: string[];
}

/** Worker → main thread: the batch's analyses in the same order, or why it failed. */
export type AnalyzeReply = { id: number; results: DocAnalysis[] } | { id: number; error: string };
