// Activation entry point. Kept light: it registers every command of the table (commands.ts) in one loop, the
// two views and the panel serializers, and loads the features bundle (dist/features.js: the openai client,
// review, index…) only when a command, a view or a panel first needs it. Returns the API of api.ts.
import * as vscode from 'vscode';
import type { Features } from './features';
import type { CuratorApi } from './api';
import { COMMANDS, type CommandName } from './commands';
import { registerLazyCorpusView } from './corpus/lazy';
import { registerLazyQueueView, scheduleResumeCheck } from './batch/lazy';
import { REVIEW_VIEW_TYPE } from '../shared/review-protocol';
import { STATS_VIEW_TYPE } from '../shared/stats-protocol';

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

export function activate(ctx: vscode.ExtensionContext): CuratorApi {
  const t0 = Date.now();
  context = ctx;
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    const spec = COMMANDS[name];
    ctx.subscriptions.push(
      vscode.commands.registerCommand(spec.id, (...args: unknown[]) => {
        // A command that only stops or cancels answers without loading anything when nothing runs.
        if (!features && 'whenNotLoaded' in spec) return spec.whenNotLoaded;
        // Arguments come from menus, the palette, keybindings or code, untyped: each handler checks its own.
        return Reflect.apply(load().handlers[name], undefined, args);
      }),
    );
  }
  // The views exist from the start; their data (and the features bundle) load when they are first shown.
  // Nothing is scanned until the Corpus view or a corpus command asks.
  registerLazyCorpusView(ctx, () => load().corpusTree);
  registerLazyQueueView(ctx, () => load().queue);
  scheduleResumeCheck(ctx, () => load().offerResume());
  ctx.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(STATS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => load().reviveStats(panel),
    }),
    vscode.window.registerWebviewPanelSerializer(REVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => load().restoreReview(panel, state),
    }),
  );
  return {
    activationMs: Date.now() - t0,
    corpusStatus: () => (features ? features.api.corpusStatus() : { state: 'idle' }),
    queueItems: () => load().api.queueItems(),
    queueCurrent: () => features?.api.queueCurrent(),
    reviewState: (args) => load().api.reviewState(args),
    reviewCheckClaims: (args) => load().api.reviewCheckClaims(args),
    batchCheckUnfinished: (opts) => load().api.batchCheckUnfinished(opts),
    answerReasonPicks: (answers) => load().api.answerReasonPicks(answers),
    lastReasonPick: () => features?.api.lastReasonPick(),
  };
}

export function deactivate(): void {
  features?.stop();
}
