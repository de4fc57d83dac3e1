// The extension's features, loaded on first use (dist/features.js; the activation bundle stays small and
// fast): each feature folder gives the handlers of its commands, and the object below must cover the whole
// command table (commands.ts) — the compiler says which command has no handler.
import * as vscode from 'vscode';
import { RECORD_SCHEME, RecordDocumentProvider } from './records';
import type { CuratorApi } from './api';
import type { CommandHandlers } from './commands';
import { teacherCommands } from './teacher';
import { PREVIEW_SCHEME, PreviewProvider } from './rewrite/preview';
import { cancelRewrites, rewriteCommands } from './rewrite/commands';
import { reviewCommands } from './review/commands';
import { corpusCommands } from './corpus/commands';
import { batchCommands } from './batch/commands';
import type { CorpusTreeLike } from './corpus/lazy';
import type { QueueLike } from './batch/lazy';

export interface Features {
  handlers: CommandHandlers;
  /** The test read-outs of api.ts (activationMs aside). */
  api: Omit<CuratorApi, 'activationMs'>;
  corpusTree: CorpusTreeLike;
  queue: QueueLike;
  reviveStats(panel: vscode.WebviewPanel): void;
  restoreReview(panel: vscode.WebviewPanel, state: unknown): void;
  /** The start-up offer to resume interrupted batches. */
  offerResume(): Promise<unknown>;
  /** Stops the running rewrites and indexing when the extension is deactivated (a batch's journal survives anything). */
  stop(): void;
}

export function createFeatures(context: vscode.ExtensionContext): Features {
  const preview = new PreviewProvider();
  context.subscriptions.push(preview, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview));
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, new RecordDocumentProvider()));
  const review = reviewCommands(context);
  const corpus = corpusCommands(context);
  const batch = batchCommands(context, () => corpus);
  return {
    handlers: {
      ...rewriteCommands(context, preview),
      ...teacherCommands(context),
      ...review.handlers,
      ...corpus.handlers,
      ...batch.handlers,
    },
    api: { ...review.api, ...corpus.api, ...batch.api },
    corpusTree: corpus.tree,
    queue: batch.queue,
    reviveStats: corpus.reviveStats,
    restoreReview: review.restore,
    offerResume: batch.offerResume,
    stop: () => {
      cancelRewrites();
      corpus.cancel();
    },
  };
}
