// Skipped inputs (broken JSONL lines, unreadable files, damaged shards) in the Problems view: one
// DiagnosticCollection the corpus service fills after each index run (problems.model.ts builds the rows).
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { SkippedInput } from '../../core/corpus/model';
import { skipDiagnostics } from './problems.model';

export class SkippedProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('corpus-curator');

  constructor(private readonly reasonLabel: (reason: string) => string) {}

  /** Replaces the diagnostics with the skipped inputs of the index of `root`. */
  set(root: string, skipped: readonly SkippedInput[]): void {
    const rows = skipDiagnostics(skipped, this.reasonLabel, (n) => vscode.l10n.t('row {0}', n));
    const entries: [vscode.Uri, vscode.Diagnostic[]][] = [];
    for (const [path, list] of rows) {
      entries.push([
        vscode.Uri.file(join(root, ...path.split('/'))),
        list.map((r) => {
          const d = new vscode.Diagnostic(new vscode.Range(r.line, 0, r.line, Number.MAX_SAFE_INTEGER), r.message, vscode.DiagnosticSeverity.Warning);
          d.source = vscode.l10n.t('Corpus Curator (skipped input)');
          d.code = r.code;
          return d;
        }),
      ]);
    }
    this.collection.clear();
    this.collection.set(entries);
  }

  clear(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}
