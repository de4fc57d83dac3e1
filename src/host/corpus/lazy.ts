// Part of the activation bundle (keep it tiny, vscode only): the Corpus view's tree provider that
// loads the features bundle — and starts indexing — only when the view first asks for its items.
import * as vscode from 'vscode';
import { VIEWS } from '../commands';

export interface CorpusTreeLike extends vscode.TreeDataProvider<unknown> {
  attach(view: vscode.TreeView<unknown>): void;
}


export function registerLazyCorpusView(context: vscode.ExtensionContext, tree: () => CorpusTreeLike): vscode.TreeView<unknown> {
  const emitter = new vscode.EventEmitter<unknown>();
  let real: CorpusTreeLike | undefined;
  const holder: { view?: vscode.TreeView<unknown> } = {};
  const get = () => {
    if (!real) {
      real = tree();
      real.onDidChangeTreeData?.((e) => emitter.fire(e));
      if (holder.view) real.attach(holder.view);
    }
    return real;
  };
  const provider: vscode.TreeDataProvider<unknown> = {
    onDidChangeTreeData: emitter.event,
    getTreeItem: (e) => get().getTreeItem(e),
    getChildren: (e) => get().getChildren(e),
  };
  const view = vscode.window.createTreeView(VIEWS.corpus, { treeDataProvider: provider, showCollapseAll: true });
  holder.view = view;
  real?.attach(view);
  context.subscriptions.push(view, emitter);
  return view;
}
