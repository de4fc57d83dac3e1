// The corpus feature (loaded with dist/features.js): the index service, the Corpus view, search, the
// statistics panel, the training-mix export, and the view's actions — their command handlers (see the
// table in ../commands.ts).
import * as vscode from 'vscode';
import type { CuratorApi } from '../api';
import type { CommandHandlers, CorpusFilter } from '../commands';
import { CorpusService } from './service';
import { CorpusTree } from './tree';
import { openLocation, pickFilter, revealFromTree, reviewFromTree, rewriteFromTree } from './actions';
import { searchCommand } from './search';
import { showStatsCommand, StatsPanel } from './statsPanel';
import { exportMixCommand } from './exportMix';

type CorpusCommandName =
  | 'search'
  | 'showStats'
  | 'exportMix'
  | 'refreshCorpus'
  | 'rebuildCorpus'
  | 'cancelIndexing'
  | 'filterCorpus'
  | 'clearCorpusFilter'
  | 'showSkipped'
  | 'openCorpusDocument'
  | 'reviewCorpusDocument'
  | 'rewriteCorpusDocument'
  | 'revealCorpusDocument';

export interface CorpusFeature {
  service: CorpusService;
  tree: CorpusTree;
  handlers: Pick<CommandHandlers, CorpusCommandName>;
  api: Pick<CuratorApi, 'corpusStatus'>;
  /** Re-creates the statistics panel VS Code restored after a reload. */
  reviveStats(panel: vscode.WebviewPanel): void;
  cancel(): boolean;
}

const isFilter = (x: unknown): x is CorpusFilter => !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);

export function corpusCommands(context: vscode.ExtensionContext): CorpusFeature {
  const service = new CorpusService(context);
  const tree = new CorpusTree(service);
  context.subscriptions.push(service, { dispose: () => StatsPanel.current?.dispose() });
  return {
    service,
    tree,
    handlers: {
      search: (args) => searchCommand(service, args && typeof args === 'object' ? args : undefined),
      showStats: () => showStatsCommand(context, service),
      exportMix: (args) => exportMixCommand(service, args && typeof args === 'object' ? args : {}),
      refreshCorpus: (rebuild) => service.refresh(rebuild === true),
      rebuildCorpus: () => service.refresh(true),
      cancelIndexing: () => service.cancel(),
      filterCorpus: (preset) => pickFilter(service, tree, isFilter(preset) ? preset : undefined),
      clearCorpusFilter: () => pickFilter(service, tree, {}),
      showSkipped: async () => {
        await service.ensureIndex();
        return service.showSkipped();
      },
      openCorpusDocument: async (target) => {
        await service.start();
        return openLocation(service, target);
      },
      reviewCorpusDocument: (target) => reviewFromTree(service, target),
      rewriteCorpusDocument: (target) => rewriteFromTree(service, target),
      revealCorpusDocument: (target) => revealFromTree(service, target),
    },
    api: {
      corpusStatus: () => ({ ...service.summary(), filter: tree.filter, statsPanel: !!StatsPanel.current, tree: service.current ? tree.snapshot(4) : [] }),
    },
    reviveStats: (panel) => void StatsPanel.revive(panel, context, service),
    cancel: () => service.cancel(),
  };
}
