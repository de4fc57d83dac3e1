// Corpus: Open a Sample Document — the Getting Started walkthrough's "rewrite a sample" step: copies a short
// article shipped in media/walkthrough/ (Chinese when VS Code speaks Chinese) into the workspace folder
// (curator-samples/, never over an existing file) and opens it, ready for Rewrite Document.
import * as vscode from 'vscode';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export async function openSample(context: vscode.ExtensionContext): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: the sample and its rewrite are written into it.'));
    return undefined;
  }
  const zh = vscode.env.language.toLowerCase().startsWith('zh');
  const name = zh ? 'sample.zh.md' : 'sample.md';
  const target = join(folder.uri.fsPath, 'curator-samples', zh ? 'dragon-boat-festival.zh.md' : 'night-trains.md');
  if (!existsSync(target)) {
    mkdirSync(join(folder.uri.fsPath, 'curator-samples'), { recursive: true });
    copyFileSync(join(context.extensionPath, 'media', 'walkthrough', name), target);
  }
  await vscode.window.showTextDocument(vscode.Uri.file(target), { preview: false });
  return target;
}
