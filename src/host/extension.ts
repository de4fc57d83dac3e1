// Activation entry point. Kept light: it registers the commands and loads the features bundle
// (dist/features.js: the openai client, review, index…) only when a command first needs it.
import * as vscode from 'vscode';
import type { Features } from './features';

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
  return { activationMs: Date.now() - t0 };
}

export function deactivate(): void {
  if (features) features.cancelAll();
}
