// What activate() returns (the extension's `exports`): the activation time and the read-outs the in-VS-Code
// tests use to look inside the views, which are no commands (nobody runs them from a menu or the palette).
//   const api = (await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate()) as CuratorApi;
import type { ClaimCheckView, RenderedInfo, ReviewPayload } from '../shared/review-protocol';
import type { CorpusFilter, CorpusSummary, QueueEntry, ReviewArgs, ReviewPair, UnfinishedBatch } from './commands';
import type { DecisionReason } from '../core/provenance/types';

/** An answer of the reason pick list of a decision (src/host/review/reasons.ts). */
export interface ReasonAnswer {
  reason?: DecisionReason;
  comment?: string;
}

/** What a reason pick offered: the reasons in order, the preselected one, and its title. */
export interface ReasonPickOffer {
  decision: 'accepted' | 'rejected';
  reasons: DecisionReason[];
  suggested?: DecisionReason;
  title: string;
}

/** What the Corpus view and its status bar item show. */
export interface CorpusStatus extends CorpusSummary {
  filter: CorpusFilter;
  statsPanel: boolean;
  /** The tree's labels, indented by depth (four levels). */
  tree: string[];
}

/** What the review panel of a rewrite drew and which notifications its webview sent. */
export interface ReviewPanelState {
  pair: ReviewPair;
  rendered?: RenderedInfo;
  received: { method: string; params: unknown }[];
  payload: ReviewPayload;
}

export interface CuratorApi {
  /** How long activate() itself ran (it registers the commands; the features load on first use). */
  activationMs: number;
  /** The corpus index's state; `{ state: 'idle' }` while nothing has asked for the corpus (nothing is loaded). */
  corpusStatus(): CorpusStatus | { state: 'idle' };
  /** Pending review queue items as the view shows them (filtered, sorted), read afresh. */
  queueItems(): Promise<QueueEntry[]>;
  /** The rewrite id of the item opened from the queue (its decision opens the next one), if any. */
  queueCurrent(): string | undefined;
  /** The review panel of a rewrite ({rewrite}), or the active one. */
  reviewState(args?: ReviewArgs): Promise<ReviewPanelState | undefined>;
  /** The panel's "Check claims with the model" (opens the panel for {source, rewrite} when needed). */
  reviewCheckClaims(args?: ReviewArgs): Promise<ClaimCheckView | undefined>;
  /** Answers the next reason picks of a decision, in order ('cancel' as Escape), instead of showing them. */
  answerReasonPicks(answers: (ReasonAnswer | 'cancel')[]): void;
  /** What the last reason pick offered (its reasons, the one preselected, its title). */
  lastReasonPick(): ReasonPickOffer | undefined;
  /** The start-up look for interrupted batches; `answer` replies to each offer without asking. */
  batchCheckUnfinished(opts?: { answer?: 'resume' | 'discard' }): Promise<UnfinishedBatch[]>;
}
