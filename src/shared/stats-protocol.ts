// The statistics panel's protocol (corpusCurator.showStats): the host computes the statistics of the
// corpus index and sends them with the panel's strings (translated on the host); the webview draws
// them (SVG via DOM, theme colours), searches through the host and asks it to open documents.
// Imported by both sides: no Node or vscode imports.
import type { Protocol } from './ipc';

export interface StatsBreakdownRow {
  key: string;
  documents: number;
  tokens: number;
  synthetic: number;
  syntheticTokens: number;
}

export interface StatsHistogram {
  signal: string;
  /** The signal's name for people (translated on the host). */
  label: string;
  edges: number[];
  counts: number[];
}

export interface StatsSkipped {
  path: string;
  line?: number;
  reason: string;
  /** The reason for people (translated on the host). */
  reasonLabel: string;
  message: string;
}

/** What the panel shows (a view of core CorpusStats, plus index info). */
export interface StatsView {
  generatedAt: string;
  /** The tokenizer of every token figure (id, and its name for people). */
  tokenizer: string;
  tokenizerLabel: string;
  documents: number;
  natural: number;
  synthetic: number;
  tokens: number;
  naturalTokens: number;
  syntheticTokens: number;
  syntheticShare: number;
  syntheticTokenShare: number;
  targetSyntheticShare: number;
  overTarget: boolean;
  byStyle: StatsBreakdownRow[];
  byAudience: StatsBreakdownRow[];
  byDomain: StatsBreakdownRow[];
  byLanguage: StatsBreakdownRow[];
  byModel: StatsBreakdownRow[];
  /** One row per workspace folder in a multi-root workspace (empty with one folder); the rest is all folders together. */
  byFolder: StatsBreakdownRow[];
  review: { accepted: number; rejected: number; pending: number; acceptanceRate: number | null };
  duplicates: { exactGroups: number; exactDocs: number; nearClusters: number; nearDocs: number; duplicateRate: number; passageDocs: number };
  quality: StatsHistogram[];
  diversity: null | {
    sampled: number;
    distinctN: [number, number, number, number];
    topOpenings: { phrase: string; count: number }[];
    meanPairwiseSimilarity: number;
    pairs: number;
  };
  /** The filter preset of the setting: how many documents it drops, and each rule's drops; null: no preset. */
  filters: null | {
    preset: string;
    documents: number;
    dropped: number;
    byRule: { filter: string; rule: string; documents: number }[];
    /** With Chinese documents: how many, and the preset's rules not applied to them (no meaning per character). */
    notAppliedToChinese?: { documents: number; rules: { filter: string; rule: string }[] };
  };
  /** byReason is keyed by the translated reason. */
  skipped: { total: number; byReason: Record<string, number>; examples: StatsSkipped[] };
}

export interface StatsSearchHit {
  path: string;
  line?: number;
  title: string;
  kind: 'natural' | 'synthetic';
  lang: string;
  snippet: string;
  /** [start, end) ranges of `snippet` that hold a query hit (drawn as marks). */
  highlights: [number, number][];
}

export type PanelState =
  | { state: 'indexing'; message: string }
  | { state: 'empty' }
  | { state: 'ready'; stats: StatsView }
  | { state: 'error'; message: string };

export interface StatsProtocol extends Protocol {
  requests: {
    /** The strings of the panel (translated) and the current state. */
    init: { params: Record<string, never>; result: { strings: Record<StatsStringKey, string>; panel: PanelState } };
    search: { params: { query: string }; result: { hits: StatsSearchHit[]; errors: string[] } };
    /** The documents one rule of the current filter preset drops (at most 200). */
    ruleDocs: { params: { filter: string; rule: string }; result: { hits: StatsSearchHit[] } };
  };
  toWebview: {
    panel: PanelState;
  };
  toHost: {
    open: { path: string; line?: number };
    refresh: Record<string, never>;
    openSettings: Record<string, never>;
    exportMix: Record<string, never>;
  };
}

/** State the webview keeps with setState (survives reloads and the panel being restored). */
export interface StatsWebviewState {
  query: string;
  scrollY: number;
}

export const STATS_STRING_KEYS = [
  'title',
  'refresh',
  'exportMix',
  'indexing',
  'empty',
  'overTarget',
  'targetSetting',
  'share',
  'byDocuments',
  'byTokens',
  'natural',
  'synthetic',
  'target',
  'documents',
  'tokens',
  'breakdowns',
  'byStyle',
  'byAudience',
  'byDomain',
  'byLanguage',
  'byModel',
  'byFolder',
  'review',
  'accepted',
  'rejected',
  'pending',
  'acceptanceRate',
  'duplicates',
  'duplicateRate',
  'nearClusters',
  'exactGroups',
  'passageDocs',
  'quality',
  'qualityHint',
  'filterPreset',
  'filterPresetHint',
  'filterDropped',
  'filterNotAppliedZh',
  'diversity',
  'diversityHint',
  'distinctN',
  'openings',
  'noOpenings',
  'pairwise',
  'pairwiseHint',
  'noDiversity',
  'skipped',
  'noSkipped',
  'search',
  'searchPlaceholder',
  'noResults',
  'none',
  'count',
  'yes',
  'no',
  'openList',
] as const;

export type StatsStringKey = (typeof STATS_STRING_KEYS)[number];

/** The panel's webview type (its serializer restores it after a reload). */
export const STATS_VIEW_TYPE = 'corpusCurator.stats';
