// Bundled into dist/extension.js: registers the batch and review-queue commands and the Review Queue view
// with a proxy provider, and checks for interrupted batches a few seconds after start-up. Everything heavy
// (journals, the scheduler, the openai client) loads with dist/features.js on first use.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BatchFeatures, CorpusView } from './commands';
import type { QueueEntry } from './queue';

/** Delay before looking for interrupted batches (activation stays fast). */
export const RESUME_CHECK_DELAY_MS = 4000;

export function activateBatch(ctx: vscode.ExtensionContext, get: () => BatchFeatures, loaded: () => BatchFeatures | undefined, corpus?: () => CorpusView): void {
  const reg = (id: string, fn: (...args: never[]) => unknown) => ctx.subscriptions.push(vscode.commands.registerCommand(`corpusCurator.${id}`, fn as (...a: unknown[]) => unknown));
  reg('batchRewrite', (a?: unknown, b?: unknown) => get().rewrite(a as never, b as never));
  reg('batchRewriteCorpus', (args?: unknown) => (corpus ? get().rewriteCorpusView(corpus(), args && typeof args === 'object' ? (args as never) : undefined) : undefined));
  reg('batchResume', (args?: unknown) => get().resume(args as never));
  reg('batchCancel', () => loaded()?.cancel() ?? 0);
  reg('batchExport', (a?: unknown, b?: unknown) => get().exportBatch(a as never, b as never));
  reg('batchImport', (args?: unknown) => get().importResults(args as never));
  reg('batchCheckUnfinished', (opts?: unknown) => get().offerResume(opts as never));
  reg('queueOpen', (e?: QueueEntry) => get().queue.open(e));
  reg('queueNext', () => get().queue.next());
  reg('queueAccept', (e?: QueueEntry) => get().queue.decideOne(e, 'accepted'));
  reg('queueReject', (e?: QueueEntry) => get().queue.decideOne(e, 'rejected'));
  reg('queueBulkAccept', (args?: unknown) => get().queue.bulkAccept(args as never));
  reg('queueBulkReject', (args?: unknown) => get().queue.bulkReject(args as never));
  reg('queueUndo', () => get().queue.undo());
  reg('queueSort', (sort?: unknown) => get().queue.chooseSort(typeof sort === 'string' ? (sort as never) : undefined));
  reg('queueFilter', (f?: unknown) => get().queue.chooseFilter(f && typeof f === 'object' && !('rewriteId' in f) ? (f as never) : undefined));
  reg('queueClearFilter', () => get().queue.clearFilter());
  reg('queueRefresh', () => get().queue.refresh());
  reg('queueItems', () => get().queue.items());
  reg('queueCurrent', () => loaded()?.queue.currentId());

  // The view exists from the start; its data (and the features bundle) load when it is first shown.
  const relay = new vscode.EventEmitter<QueueEntry | undefined | void>();
  let bound = false;
  const queue = () => {
    const q = get().queue;
    if (!bound) {
      bound = true;
      ctx.subscriptions.push(q.onDidChangeTreeData((e) => relay.fire(e)));
      q.attach(view);
    }
    return q;
  };
  const view: vscode.TreeView<QueueEntry> = vscode.window.createTreeView('corpusCurator.reviewQueue', {
    treeDataProvider: {
      onDidChangeTreeData: relay.event,
      getChildren: (e?: QueueEntry) => queue().getChildren(e),
      getTreeItem: (e: QueueEntry) => queue().getTreeItem(e),
      getParent: () => undefined,
    },
  });
  ctx.subscriptions.push(view, relay);

  // Interrupted batches: a cheap existence check first, the journals only when there is a batches folder.
  const timer = setTimeout(() => {
    const any = (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file' && existsSync(join(f.uri.fsPath, '.curator', 'batches')));
    if (any) void get().offerResume().then(undefined, () => undefined);
  }, RESUME_CHECK_DELAY_MS);
  ctx.subscriptions.push({ dispose: () => clearTimeout(timer) });
}
