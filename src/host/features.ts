// The extension's features, loaded on first use (the activation bundle stays small and fast).
import * as vscode from 'vscode';
import { PREVIEW_SCHEME, PreviewProvider } from './rewrite/preview';
import { RewriteCommands, running, type RewriteArgs } from './rewrite/commands';
import { choosePreset, clearApiKey, setApiKey } from './teacher';
import { createBatchFeatures, type BatchFeatures } from './batch/commands';
import { createCorpusFeatures, type CorpusFeatures } from './corpus/commands';
import { ReviewCommands, type DecideArgs, type ReviewArgs } from './review/commands';

export interface Features {
  rewriteDocument(args?: RewriteArgs | vscode.Uri): Promise<unknown>;
  rewriteSelection(args?: RewriteArgs): Promise<unknown>;
  rewriteFiles(clicked?: vscode.Uri, selected?: vscode.Uri[] | RewriteArgs): Promise<unknown>;
  cancelAll(): number;
  setApiKey(value?: string): Promise<boolean>;
  clearApiKey(): Promise<void>;
  choosePreset(id?: string): Promise<void>;
  batch: BatchFeatures;
  reviewRewrite(arg?: ReviewArgs | vscode.Uri, selected?: vscode.Uri[]): Promise<unknown>;
  reviewDecide(args?: DecideArgs): Promise<unknown>;
  reviewState(args?: ReviewArgs): unknown;
  reviewCheckClaims(args?: ReviewArgs): Promise<unknown>;
  restoreReview(panel: vscode.WebviewPanel, state: unknown): void;
  corpus: CorpusFeatures;
}

export function createFeatures(context: vscode.ExtensionContext): Features {
  const preview = new PreviewProvider();
  context.subscriptions.push(preview, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview));
  const rewrite = new RewriteCommands(context, preview);
  const review = new ReviewCommands(context);
  return {
    rewriteDocument: (args) => rewrite.rewriteDocument(isArgs(args) ? args : args instanceof vscode.Uri ? { uri: args } : {}),
    rewriteSelection: (args) => rewrite.rewriteSelection(isArgs(args) ? args : {}),
    rewriteFiles: (clicked, selected) => {
      if (isArgs(clicked)) return rewrite.rewriteFiles(undefined, undefined, clicked);
      if (isArgs(selected)) return rewrite.rewriteFiles(clicked, undefined, selected);
      return rewrite.rewriteFiles(clicked, selected);
    },
    cancelAll: () => {
      const n = running.size;
      for (const c of running) c.abort();
      return n;
    },
    setApiKey: (value) => setApiKey(context, value),
    clearApiKey: () => clearApiKey(context),
    choosePreset: (id) => choosePreset(id),
    batch: createBatchFeatures(context),
    reviewRewrite: (arg, selected) => review.reviewRewrite(arg, selected),
    reviewDecide: (args) => review.reviewDecide(args),
    reviewState: (args) => review.reviewState(args),
    reviewCheckClaims: (args) => review.reviewCheckClaims(args),
    restoreReview: (panel, state) => review.restore(panel, state),
    corpus: createCorpusFeatures(context),
  };
}

function isArgs(x: unknown): x is RewriteArgs {
  return !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);
}
