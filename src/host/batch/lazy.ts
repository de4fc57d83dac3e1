// Part of the activation bundle (keep it tiny, vscode only): the Review Queue view with a proxy provider
// that loads the features bundle only when the view first asks for its items, and the look for interrupted
// batches a few seconds after start-up. Everything heavy (journals, the scheduler, the openai client) loads
// with dist/features.js on first use.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS, type QueueEntry } from '../commands';

/** Delay before looking for interrupted batches (activation stays fast). */
export const RESUME_CHECK_DELAY_MS = 4000;

/** What the view needs of the loaded review queue (src/host/batch/queue.ts). */
export interface QueueLike extends vscode.TreeDataProvider<QueueEntry> {
  attach(view: vscode.TreeView<QueueEntry>): void;
}

export function registerLazyQueueView(ctx: vscode.ExtensionContext, queue: () => QueueLike): vscode.TreeView<QueueEntry> {
  const relay = new vscode.EventEmitter<QueueEntry | QueueEntry[] | undefined | null | void>();
  let real: QueueLike | undefined;
  const get = () => {
    if (!real) {
      real = queue();
      if (real.onDidChangeTreeData) ctx.subscriptions.push(real.onDidChangeTreeData((e) => relay.fire(e)));
      real.attach(view);
    }
    return real;
  };
  const view: vscode.TreeView<QueueEntry> = vscode.window.createTreeView(VIEWS.reviewQueue, {
    treeDataProvider: {
      onDidChangeTreeData: relay.event,
      getChildren: (e?: QueueEntry) => get().getChildren(e),
      getTreeItem: (e: QueueEntry) => get().getTreeItem(e),
      getParent: () => undefined,
    },
  });
  ctx.subscriptions.push(view, relay);
  return view;
}

/** Interrupted batches: a cheap existence check first, the journals (and the features) only when there is a batches folder. */
export function scheduleResumeCheck(ctx: vscode.ExtensionContext, offerResume: () => Promise<unknown>): void {
  const timer = setTimeout(() => {
    const any = (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && existsSync(join(f.uri.fsPath, '.curator', 'batches')));
    if (any) void offerResume().then(undefined, () => undefined);
  }, RESUME_CHECK_DELAY_MS);
  ctx.subscriptions.push({ dispose: () => clearTimeout(timer) });
}
