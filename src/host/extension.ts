// Activation entry point. Kept light: it registers the commands and loads the features bundle
// (dist/features.js: the openai client, review, index…) only when a command first needs it.
import * as vscode from 'vscode';
import type { Features } from './features';
import { activateBatch } from './batch/activation';
import { registerLazyCorpusView } from './corpus/lazy';

let features: Features | undefined;
let context: vscode.ExtensionContext;

function load(): Features {
  if (!features) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('./features.js') as typeof import('./features');
    features = mod.createFeatures(context);
  }
  return features;
}

export function activate(ctx: vscode.ExtensionContext): { activationMs: number } {
  const t0 = Date.now();
  context = ctx;
  const reg = (id: string, fn: (...args: never[]) => unknown) => ctx.subscriptions.push(vscode.commands.registerCommand(`corpusCurator.${id}`, fn as (...a: unknown[]) => unknown));
  reg('rewriteDocument', (args?: unknown) => load().rewriteDocument(args as never));
  reg('rewriteSelection', (args?: unknown) => load().rewriteSelection(args as never));
  reg('rewriteFiles', (clicked?: vscode.Uri, selected?: vscode.Uri[]) => load().rewriteFiles(clicked, selected));
  reg('cancelRewrites', () => (features ? features.cancelAll() : 0));
  reg('setApiKey', (value?: string) => load().setApiKey(value));
  reg('clearApiKey', () => load().clearApiKey());
  reg('choosePreset', (id?: string) => load().choosePreset(id));
  activateBatch(ctx, () => load().batch, () => features?.batch, () => load().corpus);
  // Corpus (index, view, search, statistics, export): nothing is scanned until the view or a command asks.
  reg('search', (args?: unknown) => load().corpus.search(args as never));
  reg('showStats', () => load().corpus.showStats());
  reg('exportMix', (args?: unknown) => load().corpus.exportMix(args as never));
  reg('refreshCorpus', (rebuild?: unknown) => load().corpus.refresh(rebuild === true));
  reg('rebuildCorpus', () => load().corpus.refresh(true));
  reg('cancelIndexing', () => (features ? features.corpus.cancel() : false));
  reg('filterCorpus', (preset?: unknown) => load().corpus.filter(preset as never));
  reg('clearCorpusFilter', () => load().corpus.filter({}));
  reg('openCorpusDocument', (arg?: unknown) => load().corpus.open(arg));
  reg('reviewCorpusDocument', (arg?: unknown) => load().corpus.review(arg));
  reg('rewriteCorpusDocument', (arg?: unknown) => load().corpus.rewrite(arg));
  reg('revealCorpusDocument', (arg?: unknown) => load().corpus.reveal(arg));
  reg('corpusStatus', () => (features ? features.corpus.status() : { state: 'idle' }));
  registerLazyCorpusView(ctx, () => load().corpus.tree);
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer('corpusCurator.stats', {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => load().corpus.reviveStats(panel),
    }),
  );
  reg('reviewRewrite', (arg?: unknown, selected?: vscode.Uri[]) => load().reviewRewrite(arg as never, selected));
  reg('reviewDecide', (args?: unknown) => load().reviewDecide(args as never));
  reg('reviewState', (args?: unknown) => load().reviewState(args as never));
  reg('reviewCheckClaims', (args?: unknown) => load().reviewCheckClaims(args as never));
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer('corpusCurator.review', {
      deserializeWebviewPanel: async (panel, state) => load().restoreReview(panel, state),
    }),
  );
  return { activationMs: Date.now() - t0 };
}

export function deactivate(): void {
  if (features) {
    features.cancelAll();
    features.corpus.cancel();
  }
}
