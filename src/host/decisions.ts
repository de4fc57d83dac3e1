// The window's decision service (src/core/provenance/decisions.ts), shared by the review panel and the
// review queue: a rejected file moves through VS Code's file system (open editors follow it; a dirty editor
// of the file is saved first), and every decision reaches every open view through `decisions.onDidChange`.
import * as vscode from 'vscode';
import { DecisionService } from '../core/provenance/decisions';

export const decisions = new DecisionService({
  move: async (from, to) => {
    const uri = vscode.Uri.file(from);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
    if (open?.isDirty) await open.save();
    await vscode.workspace.fs.rename(uri, vscode.Uri.file(to), { overwrite: false });
  },
});
