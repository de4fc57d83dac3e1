// Messages between the extension host (or CLI) and indexer.worker.ts.
import type { IndexProgress, UpdateResult } from './corpus-index';
import type { IndexDelta } from './delta';
import type { ReaderOptions } from '../model';
import type { TokenizerId } from '../../text/tokenizers';

export interface IndexerRequest {
  /** 'open': load, rebuild when absent/corrupt, refresh; 'build': from scratch; 'update': re-scan or re-read `changedPaths`. */
  mode: 'open' | 'build' | 'update';
  root: string;
  include?: string[];
  exclude?: string[];
  reader?: Omit<ReaderOptions, 'signal'>;
  /** Tokenizer of the token counts (recounted from the cache or the texts when it changes). */
  tokenizer?: TokenizerId;
  changedPaths?: string[];
  /** Compute the documents' filter-rule hits (a filter preset is chosen); absent: keep what the index has. */
  filterRules?: boolean;
  /** Send back what an update changed (summary.delta) for a holder of the previous generation to apply. */
  wantDelta?: boolean;
}

export interface IndexerSummary {
  documents: number;
  files: number;
  skipped: number;
  generation: number;
  durationMs: number;
  update?: UpdateResult;
  /** What the update changed (asked for with wantDelta; absent when the index must be loaded whole). */
  delta?: IndexDelta;
}

export type IndexerMessage =
  | { type: 'progress'; progress: IndexProgress }
  | { type: 'log'; message: string }
  | { type: 'done'; summary: IndexerSummary }
  | { type: 'error'; name: string; message: string };

/** Host → worker: stop as soon as possible (the worker answers with an AbortError). */
export interface IndexerCancel {
  type: 'cancel';
}
