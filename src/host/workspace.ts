import * as vscode from 'vscode';
import { dirname } from 'node:path';

/** The workspace folder holding a file (where `.curator/` lives); the file's folder when outside any. */
export function rootFor(uri: vscode.Uri): string {
  const f = vscode.workspace.getWorkspaceFolder(uri);
  return f ? f.uri.fsPath : dirname(uri.fsPath);
}
