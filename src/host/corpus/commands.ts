// The corpus features (loaded with dist/features.js): the index service, the Corpus view, search,
// statistics panel, export, and the view's actions.
import * as vscode from 'vscode';
import { CorpusService, type CorpusSummary } from './service';
import { CorpusTree } from './tree';
import { openLocation, pickFilter, revealFromTree, reviewFromTree, rewriteFromTree } from './actions';
import type { CorpusFilter } from './query.model';
import { searchCommand } from './search';
import { showStatsCommand, StatsPanel } from './statsPanel';
import { exportMixCommand, type ExportMixArgs } from './exportMix';

export interface CorpusFeatures {
  service: CorpusService;
  tree: CorpusTree;
  search(args?: { query?: string; limit?: number }): Promise<unknown>;
  showStats(): Promise<unknown>;
  reviveStats(panel: vscode.WebviewPanel): void;
  exportMix(args?: ExportMixArgs): Promise<unknown>;
  refresh(rebuild: boolean): Promise<CorpusSummary>;
  cancel(): boolean;
  filter(preset?: CorpusFilter): Promise<CorpusFilter | undefined>;
  open(arg: unknown): Promise<boolean>;
  review(arg: unknown): Promise<unknown>;
  rewrite(arg: unknown): Promise<unknown>;
  reveal(arg: unknown): Promise<void>;
  status(): CorpusSummary & { filter: CorpusFilter; statsPanel: boolean; tree: string[] };
}

export function createCorpusFeatures(context: vscode.ExtensionContext): CorpusFeatures {
  const service = new CorpusService(context);
  const tree = new CorpusTree(service);
  context.subscriptions.push(service, { dispose: () => StatsPanel.current?.dispose() });
  return {
    service,
    tree,
    search: (args) => searchCommand(service, args && typeof args === 'object' ? args : undefined),
    showStats: () => showStatsCommand(context, service),
    reviveStats: (panel) => void StatsPanel.revive(panel, context, service),
    exportMix: (args) => exportMixCommand(service, args && typeof args === 'object' ? args : {}),
    refresh: (rebuild) => service.refresh(rebuild),
    cancel: () => service.cancel(),
    filter: (preset) => pickFilter(service, tree, preset && typeof preset === 'object' && !(preset instanceof vscode.Uri) ? preset : undefined),
    open: async (arg) => {
      await service.start();
      return openLocation(service, arg);
    },
    review: (arg) => reviewFromTree(service, arg),
    rewrite: (arg) => rewriteFromTree(service, arg),
    reveal: (arg) => revealFromTree(service, arg),
    status: () => ({ ...service.summary(), filter: tree.filter, statsPanel: !!StatsPanel.current, tree: service.current ? tree.snapshot(4) : [] }),
  };
}
