// The command table: every command of the extension, its id and its argument and result types, in one place.
// extension.ts registers them all in one loop (loading the features bundle on first use); each feature folder
// (rewrite/, review/, corpus/, batch/) and teacher.ts give their handlers, and features.ts checks that the
// handlers cover the table. Code calls another feature's command through `runCommand` (typed); built-in
// VS Code commands go through vscode.commands.executeCommand as usual.
//
// To add a command: add a line to COMMANDS (and its types here), its contribution in package.json (title in
// package.nls*.json), and its handler in the feature's commands.ts. See docs/architecture.md.
//
// Only types and the table live here (it is part of the small activation bundle): no feature code.
import * as vscode from 'vscode';
import type { BatchStatus } from '../core/batch/journal';
import type { QueueFilter, QueueItem } from '../core/batch/queue';
import type { SourceError } from '../core/batch/sources';
import type { ExportManifest } from '../core/corpus/export';
import type { PresetName } from '../core/corpus/filters/presets';
import type { PipelineExecutor } from '../core/corpus/pipeline/datatrove';
import type { DecisionExport } from '../core/rewrite/training';
import type { DocKind, ReviewStatus, SkippedInput } from '../core/corpus/model';
import type { DecisionReason, DecisionRecord, FactSummary } from '../core/provenance/types';
import type { Lang } from '../core/text/lang';
import type { StatsView } from '../shared/stats-protocol';

// ---------------------------------------------------------------------------------------------------------
// Rewrite

/** Options for running the rewrite commands from code (tests, keybindings, other extensions) without prompts. */
export interface RewriteArgs {
  style?: string;
  audience?: string;
  /** A file to rewrite instead of the active editor's document. */
  uri?: vscode.Uri | string;
  files?: (vscode.Uri | string)[];
  /** What to do with a flagged answer without asking: save it marked "flagged", or keep it out of the corpus. */
  flagged?: 'save' | 'discard';
  /** Open the result beside the source (default: the openResultBeside setting). */
  open?: boolean;
}

export interface RewriteOutcome {
  outputs: string[];
  failed: { path: string; reason: string }[];
  cancelled: boolean;
}

// ---------------------------------------------------------------------------------------------------------
// Review

export interface ReviewPair {
  source: string;
  rewrite: string;
}

/** What opens a review: the pair (a missing side is found in the provenance log), and what the caller already knows. */
export interface ReviewArgs {
  source?: string | vscode.Uri;
  rewrite?: string | vscode.Uri;
  /** The rewrite's id in the provenance log (the batch journal has it): the decision names it without a look-up. */
  rewriteId?: string;
  /** The fact summary the batch computed for this rewrite. */
  facts?: FactSummary;
  /** The rewrite's SHA-256 when `facts` was computed: the facts stand for the text only while it is unchanged. */
  outputSha256?: string;
  /** Where the review was opened from. */
  from?: 'queue' | 'corpus' | 'rewrite';
}

export interface DecideArgs extends ReviewArgs {
  decision?: 'accepted' | 'rejected';
  /** Ask why before a reject (the reason pick list, as the panel's button does; Escape decides nothing). */
  interactive?: boolean;
  /** Why (recorded in the decision line) and the reviewer's comment. */
  reason?: DecisionReason;
  comment?: string;
}

/** Where `exportDecisions` writes (default: asks for a folder) and which workspace folder it reads. */
export interface ExportDecisionsArgs {
  outDir?: string;
  root?: string;
}

/** A decision from the Review Queue with its reason: without `reason`, a reject asks for one. */
export interface QueueDecideArgs {
  reason?: DecisionReason;
  comment?: string;
}

/** Where "next / previous pending" starts: the rewrite id of the item shown (default: the one opened from the queue). */
export interface QueueStepArgs {
  from?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Corpus

export type QualityFilter = 'clean' | 'flagged';

/** A filter of the Corpus view and of search: each field lists allowed values (OR), fields combine with AND. */
export interface CorpusFilter {
  kind?: DocKind[];
  lang?: Lang[];
  style?: string[];
  audience?: string[];
  domain?: string[];
  status?: ReviewStatus[];
  model?: string[];
  quality?: QualityFilter[];
  dup?: boolean;
  /** Ranges of quality signals (`markupPer1k:2..5`: 2 ≤ value < 5), as the statistics panel's histogram bars search. */
  signals?: SignalRange[];
}

export interface SignalRange {
  signal: string;
  min?: number;
  /** Exclusive. */
  max?: number;
}

export type CorpusState = 'idle' | 'indexing' | 'ready' | 'empty' | 'cancelled' | 'error' | 'noFolder';

export interface CorpusSummary {
  state: CorpusState;
  documents: number;
  natural: number;
  synthetic: number;
  tokens: number;
  syntheticTokens: number;
  skipped: SkippedInput[];
  generation: number;
  statusBar?: { text: string; warning: boolean; tooltip: string };
}

/** A location in the corpus: `{path, line}` (a search hit), a Uri, a path, or a Corpus view element. */
export interface DocLocation {
  path: string;
  line?: number;
}
export type CorpusTarget = DocLocation | vscode.Uri | string | { readonly type: string };

export interface SearchArgs {
  /** Runs the query and returns the hits without any UI. */
  query?: string;
  limit?: number;
}

export interface SearchHitView {
  path: string;
  line?: number;
  title: string;
  kind: DocKind;
  lang: string;
  snippet: string;
  /** [start, end) ranges of `snippet` that hold a query hit. */
  highlights: [number, number][];
}

export interface SearchResult {
  hits: SearchHitView[];
  errors: string[];
}

export interface ExportMixArgs {
  /** Target synthetic share in [0, 1]. */
  share?: number;
  seed?: number;
  /** Output file (absolute, or relative to the workspace folder). */
  out?: string;
  /** Quality thresholds, e.g. "markupPer1k<=2,garbledPer1k<1". */
  quality?: string;
  measure?: 'tokens' | 'documents';
  acceptedOnly?: boolean;
  /** Remove shared passages from every document but the first that has them (no document is left out). */
  dropSharedPassages?: boolean;
  /** Leave out what this filter preset drops (default: the `corpusCurator.corpus.filterPreset` setting; 'none': no preset). */
  filterPreset?: 'none' | 'fineweb' | 'gopher' | 'c4' | 'all';
}

/** Arguments of Export Pipeline for datatrove (any left out is asked). */
export interface ExportPipelineArgs {
  preset?: PresetName;
  executor?: PipelineExecutor;
  /** The script (absolute, or relative to the workspace folder). */
  out?: string;
  /** What the pipeline reads (default the workspace folder). */
  input?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Batch and review queue

/** Arguments for running a batch from code (Corpus view, tests) without prompts. */
export interface BatchArgs {
  /** Files and folders (absolute, or relative to the first workspace folder). */
  paths?: string[];
  /** A JSONL jobs file: one job a line ({"id", "path" or "text", "style", "audience"}). */
  jobsFile?: string;
  style?: string;
  audience?: string;
  /** A plan of several pairs, e.g. "50% textbook/high-school, 50% qa/college" (instead of style/audience). */
  plan?: string;
  /** Seed of the plan's assignment (default "curator"). */
  seed?: string;
  /** Describes where the paths came from (e.g. "Corpus search: river"), for the progress title and resume prompt. */
  origin?: string;
  /** Asks first, with the number of requests and the estimated cost (menus and the palette: yes; callers with options: only when true). */
  confirm?: boolean;
}

export interface BatchOutcome {
  batchId: string;
  jobs: number;
  done: number;
  failed: number;
  skipped: number;
  notRun: number;
  recovered: number;
  cancelled: boolean;
  errors: SourceError[];
  failures: { job: string; reason: string }[];
  tokens: number;
  costUsd?: number;
  /** Why the batch paused by itself (a run of connection failures); it stays resumable. */
  paused?: string;
}

export interface ResumeArgs {
  batchId?: string;
  root?: string;
}

export interface ExportArgs extends BatchArgs {
  /** Folder for the request files (default .curator/batches/<batch id>/). */
  outDir?: string;
  maxRequests?: number;
  maxBytes?: number;
}

export interface ExportOutcome {
  batchId: string;
  files: string[];
  requests: number;
  jobs: number;
  errors: { line?: number; id?: string; message: string }[];
}

export interface ImportArgs {
  resultsFile?: string;
}

export interface ImportOutcome {
  imported: number;
  /** Jobs already done in their journal (the file was imported before). */
  alreadyDone: number;
  failed: number;
  /** Lines not imported, 1-based: malformed, unknown custom_id, failed request, failed output check… */
  problems: { line: number; customId?: string; message: string }[];
}

/** An interrupted batch of a workspace folder. */
export interface UnfinishedBatch {
  root: string;
  status: BatchStatus;
}

/** A review queue item with its workspace root. */
export interface QueueEntry extends QueueItem {
  root: string;
}

export type QueueSort = 'score-asc' | 'score-desc' | 'source' | 'style' | 'audience' | 'newest' | 'oldest';

// ---------------------------------------------------------------------------------------------------------
// The table

type Handler = (...args: never[]) => unknown;

/** One command: its id, and (phantom) its handler's signature. */
export interface CommandSpec<F extends Handler> {
  readonly id: string;
  /** The answer while the features bundle is not loaded yet (the command then loads nothing). */
  readonly whenNotLoaded?: Awaited<ReturnType<F>>;
  /** Never set: carries the signature for the type checker. */
  readonly signature?: F;
}

function command<F extends Handler>(id: string, whenNotLoaded?: Awaited<ReturnType<F>>): CommandSpec<F> {
  return whenNotLoaded === undefined ? { id } : { id, whenNotLoaded };
}

type ExplorerArgs<A> = [clicked?: vscode.Uri | A, selected?: vscode.Uri[] | A];

export const COMMANDS = {
  // rewrite/
  rewriteDocument: command<(args?: RewriteArgs | vscode.Uri) => Promise<RewriteOutcome | undefined>>('corpusCurator.rewriteDocument'),
  rewriteSelection: command<(args?: RewriteArgs) => Promise<RewriteOutcome | undefined>>('corpusCurator.rewriteSelection'),
  rewriteFiles: command<(...args: ExplorerArgs<RewriteArgs>) => Promise<RewriteOutcome | undefined>>('corpusCurator.rewriteFiles'),
  cancelRewrites: command<() => number>('corpusCurator.cancelRewrites', 0),
  openSample: command<() => Promise<string | undefined>>('corpusCurator.openSample'),
  // teacher.ts
  setApiKey: command<(value?: string) => Promise<boolean>>('corpusCurator.setApiKey'),
  clearApiKey: command<() => Promise<void>>('corpusCurator.clearApiKey'),
  choosePreset: command<(id?: string) => Promise<void>>('corpusCurator.choosePreset'),
  // review/
  reviewRewrite: command<(arg?: ReviewArgs | vscode.Uri, selected?: vscode.Uri[]) => Promise<ReviewPair | undefined>>('corpusCurator.reviewRewrite'),
  reviewDecide: command<(args?: DecideArgs) => Promise<DecisionRecord | undefined>>('corpusCurator.reviewDecide'),
  exportDecisions: command<(args?: ExportDecisionsArgs) => Promise<DecisionExport | undefined>>('corpusCurator.exportDecisions'),
  // corpus/
  search: command<(args?: SearchArgs) => Promise<SearchResult | DocLocation | undefined>>('corpusCurator.search'),
  showStats: command<() => Promise<{ state: 'indexing' | 'ready' | 'empty' | 'error'; stats?: StatsView }>>('corpusCurator.showStats'),
  exportMix: command<(args?: ExportMixArgs) => Promise<ExportManifest | undefined>>('corpusCurator.exportMix'),
  exportPipeline: command<(args?: ExportPipelineArgs) => Promise<string | undefined>>('corpusCurator.exportPipeline'),
  refreshCorpus: command<(rebuild?: boolean) => Promise<CorpusSummary>>('corpusCurator.refreshCorpus'),
  rebuildCorpus: command<() => Promise<CorpusSummary>>('corpusCurator.rebuildCorpus'),
  cancelIndexing: command<() => boolean>('corpusCurator.cancelIndexing', false),
  filterCorpus: command<(preset?: CorpusFilter) => Promise<CorpusFilter | undefined>>('corpusCurator.filterCorpus'),
  clearCorpusFilter: command<() => Promise<CorpusFilter | undefined>>('corpusCurator.clearCorpusFilter'),
  showSkipped: command<() => Promise<number>>('corpusCurator.showSkipped'),
  openCorpusDocument: command<(target?: CorpusTarget) => Promise<boolean>>('corpusCurator.openCorpusDocument'),
  reviewCorpusDocument: command<(target?: CorpusTarget) => Promise<ReviewPair | undefined>>('corpusCurator.reviewCorpusDocument'),
  rewriteCorpusDocument: command<(target?: CorpusTarget) => Promise<RewriteOutcome | undefined>>('corpusCurator.rewriteCorpusDocument'),
  revealCorpusDocument: command<(target?: CorpusTarget) => Promise<void>>('corpusCurator.revealCorpusDocument'),
  // batch/
  batchRewrite: command<(...args: ExplorerArgs<BatchArgs>) => Promise<BatchOutcome | undefined>>('corpusCurator.batchRewrite'),
  batchRewriteCorpus: command<(args?: BatchArgs) => Promise<BatchOutcome | undefined>>('corpusCurator.batchRewriteCorpus'),
  batchResume: command<(args?: ResumeArgs) => Promise<BatchOutcome | undefined>>('corpusCurator.batchResume'),
  batchCancel: command<() => number>('corpusCurator.batchCancel', 0),
  batchExport: command<(...args: ExplorerArgs<ExportArgs>) => Promise<ExportOutcome | undefined>>('corpusCurator.batchExport'),
  batchImport: command<(args?: ImportArgs | vscode.Uri) => Promise<ImportOutcome | undefined>>('corpusCurator.batchImport'),
  queueOpen: command<(entry?: QueueEntry) => Promise<boolean>>('corpusCurator.queueOpen'),
  queueNext: command<(args?: QueueStepArgs) => Promise<boolean>>('corpusCurator.queueNext'),
  queuePrevious: command<(args?: QueueStepArgs) => Promise<boolean>>('corpusCurator.queuePrevious'),
  queueAccept: command<(entry?: QueueEntry, args?: QueueDecideArgs) => Promise<boolean>>('corpusCurator.queueAccept'),
  queueReject: command<(entry?: QueueEntry, args?: QueueDecideArgs) => Promise<boolean>>('corpusCurator.queueReject'),
  queueBulkAccept: command<(args?: { threshold?: number; confirm?: boolean }) => Promise<number>>('corpusCurator.queueBulkAccept'),
  queueBulkReject: command<(args?: { confirm?: boolean }) => Promise<number>>('corpusCurator.queueBulkReject'),
  queueUndo: command<() => Promise<number>>('corpusCurator.queueUndo'),
  queueSort: command<(sort?: QueueSort) => Promise<QueueSort | undefined>>('corpusCurator.queueSort'),
  queueFilter: command<(filter?: QueueFilter) => Promise<QueueFilter | undefined>>('corpusCurator.queueFilter'),
  queueClearFilter: command<() => Promise<QueueFilter | undefined>>('corpusCurator.queueClearFilter'),
  queueRefresh: command<() => void>('corpusCurator.queueRefresh'),
};

export type CommandName = keyof typeof COMMANDS;
export type CommandSignature<K extends CommandName> = (typeof COMMANDS)[K] extends CommandSpec<infer F> ? F : never;
/** What the features bundle provides: a handler for every command of the table. */
export type CommandHandlers = { [K in CommandName]: CommandSignature<K> };
export type CommandResult<K extends CommandName> = Awaited<ReturnType<CommandSignature<K>>>;

/** Runs one of our commands by name, typed (for calls across features: the command bus keeps them apart). */
export function runCommand<K extends CommandName>(name: K, ...args: Parameters<CommandSignature<K>>): Thenable<CommandResult<K>> {
  return vscode.commands.executeCommand<CommandResult<K>>(COMMANDS[name].id, ...args);
}

/**
 * Whether a command's argument is an options object: not a Uri, not the Explorer's list of selected files,
 * as the Explorer's context menu passes them. Code (tests, other commands) passes options.
 */
export function isOptions<T extends object>(x: unknown): x is T {
  return !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);
}

// ---------------------------------------------------------------------------------------------------------
// Views and context keys (package.json's "views" and "when" clauses use the same strings)

export const VIEWS = {
  corpus: 'corpusCurator.corpusView',
  reviewQueue: 'corpusCurator.reviewQueue',
} as const;

/** Focuses one of our views (VS Code's built-in "<view id>.focus" command). */
export function focusView(view: keyof typeof VIEWS): Thenable<unknown> {
  return vscode.commands.executeCommand(`${VIEWS[view]}.focus`);
}

export const CONTEXT_KEYS = {
  corpusState: 'corpusCurator.corpusState',
  corpusIndexing: 'corpusCurator.corpusIndexing',
  corpusFiltered: 'corpusCurator.corpusFiltered',
  corpusSkipped: 'corpusCurator.corpusSkipped',
  queueFiltered: 'corpusCurator.queueFiltered',
  batchRunning: 'corpusCurator.batchRunning',
} as const;

/** Sets one of our `when`-clause context keys. */
export function setContext(key: keyof typeof CONTEXT_KEYS, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', CONTEXT_KEYS[key], value);
}
