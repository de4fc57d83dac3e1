// The provenance log: `.curator/provenance.jsonl` in the workspace, append-only, one JSON object a line.
// Every later part (review, index, batch) reads it; records are never rewritten, only appended.

export const PROVENANCE_VERSION = 1;
export const CURATOR_DIR = '.curator';
export const PROVENANCE_FILE = 'provenance.jsonl';

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A problem with a model answer that stops it from counting as a good result. */
export type OutputFlag = 'truncated' | 'empty' | 'refusal' | 'wrong-language' | 'leaked-prompt';

/** One finished rewrite: the new file and everything needed to reproduce or audit it. */
export interface RewriteRecord {
  type: 'rewrite';
  v: number;
  /** Unique id of this rewrite (also written into review decisions). */
  id: string;
  time: string;
  /** Paths are relative to the workspace root, with forward slashes. */
  source: { path: string; sha256: string; lang: string; chars: number; selection?: { start: number; end: number } };
  output: { path: string; sha256: string; lang: string; chars: number };
  style: string;
  audience: string;
  model: string;
  endpointHost: string;
  template: { id: string; sha256: string; origin: 'builtin' | 'workspace' };
  usage: TokenUsage;
  chunks: number;
  durationMs: number;
  /** 'done': every chunk passed the output checks; 'flagged': saved on request despite flags. */
  status: 'done' | 'flagged';
  flags: OutputFlag[];
  /** Set when the rewrite came from a batch (part 4). */
  batchId?: string;
  jobId?: string;
}

export interface FactSummary {
  score: number;
  verdict: 'consistent' | 'needs-review';
  kept: number;
  dropped: number;
  altered: number;
  added: number;
  /** Source facts in all (kept / factsTotal is the share of facts kept). */
  factsTotal?: number;
  /** Share of the source's characters with a counterpart in the rewrite, 0..1. */
  coverage?: number;
  /** Why the verdict is 'needs-review', in plain words. */
  reasons?: string[];
  /** The verdict's version (VERDICT_VERSION when made by the one verdict of src/core/review/verdict.ts). */
  verdictVersion?: number;
}

/**
 * Why a rewrite was decided as it was (issue 17): a short pick list, the same in the panel, the queue and the
 * CLI. Written into the decision line as `reason` (older lines have none: they read as "no reason given").
 */
export const DECISION_REASONS = ['facts-dropped', 'facts-altered', 'hallucination', 'leaked-prompt', 'style', 'language', 'other'] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

export function isDecisionReason(v: unknown): v is DecisionReason {
  return typeof v === 'string' && (DECISION_REASONS as readonly string[]).includes(v);
}

/** A review decision on a rewrite (part 2). The file is never deleted: rejected files are moved or marked. */
export interface DecisionRecord {
  type: 'decision';
  v: number;
  time: string;
  rewriteId?: string;
  source: { path: string; sha256?: string };
  output: { path: string; sha256?: string };
  decision: 'accepted' | 'rejected' | 'pending';
  /** Where a rejected file was moved to, relative to the workspace root. */
  movedTo?: string;
  facts?: FactSummary;
  note?: string;
  /** Why (one of DECISION_REASONS); optional, so lines written before issue 17 still read. */
  reason?: DecisionReason;
  /** The reviewer's own words, optional. */
  comment?: string;
  /** Set when this undoes an earlier decision. */
  undoes?: string;
}

export type ProvenanceRecord = RewriteRecord | DecisionRecord;
