// The review model: everything the side-by-side fact review shows, as plain JSON-serialisable data.
// Produced by buildReview (review.ts); the webview imports these types only (no code, no vscode).
import type { FactSummary } from '../provenance/types';
import type { Verdict } from './verdict';

export type SegmentKind = 'sentence' | 'heading' | 'list-item' | 'code' | 'table' | 'quote';

/** A sentence (or a block kept whole: code, table row group, heading) of one text. */
export interface Segment {
  /** 's0', 's1', … in the source; 'r0', 'r1', … in the rewrite. */
  id: string;
  /** Character offsets [start, end) in the text (UTF-16 code units, as JavaScript strings count). */
  start: number;
  end: number;
  /** Index of the paragraph (blank-line separated block) the segment belongs to, from 0. */
  para: number;
  kind: SegmentKind;
  text: string;
}

export type DiffOpKind = 'eq' | 'del' | 'ins';
/** One word-level change inside an aligned pair ('del' = only in the source, 'ins' = only in the rewrite). */
export interface DiffOp {
  op: DiffOpKind;
  text: string;
}

/** Source segments aligned with the rewrite segments made from them (1:1, merge n:1, split 1:n, n:m). */
export interface AlignedPair {
  /** 'p0', 'p1', … in rewrite order. */
  id: string;
  source: string[];
  rewrite: string[];
  /** Similarity of the two sides, 0..1 (weighted token / character-bigram overlap). */
  similarity: number;
  ops: DiffOp[];
}

export type FactKind = 'number' | 'date' | 'entity' | 'url' | 'email' | 'code' | 'negation' | 'polarity';
export type FactStatus = 'kept' | 'dropped' | 'altered' | 'new';
/** What a name names. */
export type NameType = 'person' | 'place' | 'organisation' | 'title' | 'other';

export interface Fact {
  /** 'fs0', … for source facts, 'fr0', … for rewrite facts. */
  id: string;
  kind: FactKind;
  /** The text as written. */
  text: string;
  /** The comparable form: '1500000', '2024-10-22', 'usd 4000000000', 'openai', 'neg', 'up' … */
  normalized: string;
  side: 'source' | 'rewrite';
  start: number;
  end: number;
  /** Id of the segment holding the fact. */
  segment: string;
  status: FactStatus;
  /** Names: what the name names. */
  type?: NameType;
  /** The matching or conflicting fact on the other side, if any. */
  counterpart?: { text: string; start: number; end: number };
  /** The aligned pair the fact's segment belongs to (absent for dropped / new segments). */
  pairId?: string;
}

export interface ReviewOptions {
  /** Force the language of both texts; detected otherwise. */
  lang?: 'zh' | 'en' | 'other';
  /** The rewrite's style id: a condensing style (distill, knowledge-list) may leave detail out. */
  style?: string;
}

export interface ReviewModel {
  version: 1;
  lang: { source: string; rewrite: string };
  source: { length: number; segments: Segment[] };
  rewrite: { length: number; segments: Segment[] };
  pairs: AlignedPair[];
  /** Source segments with no counterpart in the rewrite. */
  dropped: string[];
  /** Rewrite segments with no counterpart in the source. */
  added: string[];
  facts: Fact[];
  /** The one verdict (verdict.ts): consistent or not, the numbers behind it and the reasons in plain words. */
  verdict: Verdict;
  /** The verdict's counts, as the provenance log and the review queue keep them. */
  summary: FactSummary;
  timing: { segmentMs: number; alignMs: number; diffMs: number; factsMs: number; totalMs: number };
}
