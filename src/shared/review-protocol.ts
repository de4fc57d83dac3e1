// The message protocol of the fact-preservation review panel, shared by the host (src/host/review/panel.ts)
// and the webview (webview/review/main.ts). The host turns the ReviewModel into ready-to-render rows
// (src/host/review/view.model.ts); the webview only draws them, as text, and sends the user's actions back.
// No Node or vscode imports here: the browser bundle imports this file too.
import type { Protocol } from './ipc';

export type FactStatusView = 'kept' | 'dropped' | 'altered' | 'new';
export type FactKindView = 'number' | 'date' | 'entity' | 'url' | 'email' | 'code' | 'negation' | 'polarity';

/** A run of a cell's text with one set of marks (cells are cut at every change and fact boundary). */
export interface Span {
  text: string;
  /** Part of a word-level change: 'del' in the source column, 'ins' in the rewrite column. */
  change?: 'del' | 'ins';
  /** Ids of the facts this run belongs to. */
  facts?: string[];
  /** The worst status among those facts (for the underline colour). */
  status?: FactStatusView;
}

export interface Cell {
  /** Segment ids ('s3', 'r5', …). */
  segments: string[];
  /** Offsets of the cell's first and last character in the document (UTF-16). */
  start: number;
  end: number;
  /** 'heading', 'code', … of the first segment. */
  kind: string;
  spans: Span[];
}

export type RowKind = 'pair' | 'dropped' | 'added';

export interface Row {
  /** 'p3' for an aligned pair, 'd-s4' for a dropped source segment, 'a-r7' for a new rewrite segment. */
  id: string;
  kind: RowKind;
  source?: Cell;
  rewrite?: Cell;
  /** Any word-level change, or a dropped / new row. */
  changed: boolean;
  /** Holds an altered, dropped or new fact. */
  problem: boolean;
  /** Similarity of an aligned pair, 0..1. */
  similarity?: number;
  /** The row starts a new paragraph on either side. */
  paraBreak: boolean;
}

export interface FactView {
  id: string;
  kind: FactKindView;
  status: FactStatusView;
  side: 'source' | 'rewrite';
  text: string;
  /** The matching or conflicting text on the other side. */
  counterpart?: string;
  /** Id of the counterpart fact on the other side, when it is one of the listed facts. */
  counterpartId?: string;
  /** The row that shows the fact. */
  row: string;
  /** Altered, dropped or new. */
  problem: boolean;
}

export interface SummaryView {
  score: number;
  verdict: 'consistent' | 'needs-review';
  kept: number;
  dropped: number;
  altered: number;
  added: number;
  /** Source facts in all: "facts kept" is kept of factsTotal. */
  factsTotal: number;
  /** Share of the source's text with a counterpart in the rewrite, 0..1. */
  coverage: number;
}

/** One reason of the verdict, in plain words, and where it points. */
export interface ReasonView {
  code: string;
  text: string;
  /** The row to scroll to. */
  row?: string;
  /** The fact to select. */
  fact?: string;
}

export interface ReviewView {
  rows: Row[];
  /** Facts in the order of the list: altered, dropped, new, kept; each group in document order. */
  facts: FactView[];
  summary: SummaryView;
  /** Why the verdict is "needs review" (empty when consistent), each pointing at its row. */
  reasons: ReasonView[];
  lang: { source: string; rewrite: string };
}

export interface DecisionView {
  decision: 'accepted' | 'rejected';
  time: string;
  /** Where a rejected rewrite went, relative to the workspace root. */
  movedTo?: string;
  /** The reason as picked (its label, translated) and the reviewer's comment. */
  reason?: string;
  comment?: string;
}

/** Where the rewrite stands in the review queue (set when it is a queue item): "x of N reviewed". */
export interface QueueProgressView {
  reviewed: number;
  total: number;
  pending: number;
}

export interface ClaimView {
  claim: string;
  verdict: 'contradicted' | 'unsupported';
  /** What the source says instead (quoted), when it says something. */
  evidence?: string;
}

export interface ClaimCheckView {
  model: string;
  cached: boolean;
  /** The model found no claim the source does not support. */
  consistent: boolean;
  /** The claims the source does not support (contradicted first). */
  claims: ClaimView[];
}

/** Everything the panel draws; sent on each (re)load and after each refresh. */
export interface ReviewPayload {
  source: { path: string; name: string };
  rewrite: { path: string; name: string };
  view: ReviewView;
  decision?: DecisionView;
  /** A cached claim check for exactly these texts, if one exists. */
  claims?: ClaimCheckView;
  /** Set when the texts could not be read (the panel shows it instead of the rows). */
  error?: string;
  /** The review queue's progress, when this rewrite is one of its items. */
  queue?: QueueProgressView;
}

/** The webview's UI strings, translated by the host (vscode.l10n.t) and sent in the first message. */
export const STRING_KEYS = [
  'consistent', 'needsReview', 'score', 'kept', 'dropped', 'altered', 'new', 'source', 'rewrite',
  'accept', 'reject', 'edit', 'diff', 'nextDiff', 'prevDiff', 'nextProblem', 'prevProblem',
  'factsTitle', 'groupAltered', 'groupDropped', 'groupNew', 'groupKept', 'noFacts', 'droppedRow', 'addedRow',
  'checkClaims', 'checking', 'claimsTitle', 'claimContradicted', 'claimUnsupported',
  'claimsCached', 'claimsNone', 'claimsHint', 'accepted', 'rejected', 'movedTo', 'decidedHint', 'shortcuts',
  'kind.number', 'kind.date', 'kind.entity', 'kind.url', 'kind.email', 'kind.code', 'kind.negation', 'kind.polarity',
  'noDifferences', 'loading', 'refreshed', 'becomes', 'onlySource', 'onlyRewrite',
  'coverage', 'ofTotal', 'reasonsTitle', 'reviewedOf', 'nextPending', 'prevPending', 'reasonLabel',
] as const;
export type StringKey = (typeof STRING_KEYS)[number];
export type Strings = Record<StringKey, string>;

export interface ReviewProtocol extends Protocol {
  requests: {
    /** Record a decision (through the corpusCurator.reviewDecide command). */
    decide: { params: { decision: 'accepted' | 'rejected' }; result: DecisionView | undefined };
    /** Open the next or previous pending item of the review queue (false when there is none). */
    navigate: { params: { direction: 'next' | 'previous' }; result: boolean };
    /** Open the rewrite in a text editor beside the panel. */
    edit: { params: Record<string, never>; result: void };
    /** Open VS Code's diff editor on the pair. */
    openDiff: { params: Record<string, never>; result: void };
    /** Ask the teacher model to check the rewrite's claims (cached by content). */
    checkClaims: { params: Record<string, never>; result: ClaimCheckView };
  };
  toWebview: {
    /** The first message after `ready`: strings and the pair (also kept in the webview state). */
    init: { strings: Strings; pair: { source: string; rewrite: string } };
    /** A (re)computed review: on load, after a save of either file, after a decision. */
    review: ReviewPayload;
  };
  toHost: {
    /** Something for the output log (e.g. a rendering problem). */
    log: { message: string };
    /** The webview drew a review: what it drew (a self-check, and what the tests look at). */
    rendered: RenderedInfo;
  };
}

export interface RenderedInfo {
  rows: number;
  facts: number;
  /** Tags of elements inside the two text columns other than the ones the renderer makes (should be none). */
  foreign: string[];
  /** The columns' text (first 20,000 characters). */
  text: string;
  /** The reasons drawn in the header, as shown. */
  reasons: string[];
}

/** What the webview keeps with vscodeApi.setState, so a reload or a restart reopens the same pair. */
export interface ReviewState {
  source: string;
  rewrite: string;
}

export const REVIEW_VIEW_TYPE = 'corpusCurator.review';
