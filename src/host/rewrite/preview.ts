// A read-only virtual document that shows a rewrite as it streams in, beside its source.
import * as vscode from 'vscode';

export const PREVIEW_SCHEME = 'corpus-curator-preview';

export class PreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  readonly onDidChange = this.emitter.event;
  private seq = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** A new preview showing `waiting` (what it waits for) until the first words arrive. */
  create(title: string, waiting = ''): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${title}`, query: `n=${++this.seq}` });
    this.texts.set(uri.toString(), waiting);
    return uri;
  }

  /** Updates the text, at most ten times a second. */
  update(uri: vscode.Uri, text: string): void {
    if (!text) return;
    const key = uri.toString();
    this.texts.set(key, text);
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        this.emitter.fire(uri);
      }, 100),
    );
  }

  async close(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key) await vscode.window.tabGroups.close(tab, true);
      }
    }
    this.texts.delete(key);
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.emitter.dispose();
  }
}
