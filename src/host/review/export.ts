// "Corpus: Export Review Decisions…": the workspace's review decisions as training data (preference pairs
// and SFT records, src/core/rewrite/training.ts), into a folder the user picks (default .curator/training/).
import * as vscode from 'vscode';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { exportDecisionTraining, type DecisionExport } from '../../core/rewrite/training';
import { CURATOR_DIR } from '../../core/provenance/types';
import type { ExportDecisionsArgs } from '../commands';
import { log } from '../log';

export async function exportDecisions(args: ExportDecisionsArgs): Promise<DecisionExport | undefined> {
  const root = args.root ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a workspace folder first.'));
    return undefined;
  }
  let outDir = args.outDir;
  if (!outDir) {
    const def = join(root, CURATOR_DIR, 'training');
    mkdirSync(def, { recursive: true });
    const pick = await vscode.window.showOpenDialog({
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      defaultUri: vscode.Uri.file(def),
      openLabel: vscode.l10n.t('Export Here'),
      title: vscode.l10n.t('Folder for preference-pairs.jsonl and sft.jsonl'),
    });
    if (!pick?.[0]) return undefined;
    outDir = pick[0].fsPath;
  }
  const r = exportDecisionTraining(root, outDir);
  log().info(`export decisions: ${r.pairs} pairs, ${r.sft} SFT records → ${outDir}`);
  for (const s of r.skipped) log().warn(`export decisions: skipped ${s.rewrite}: ${s.reason}`);
  const msg = vscode.l10n.t(
    '{0} preference pairs and {1} accepted rewrites (SFT) exported from {2} accepted and {3} rejected rewrites.',
    r.pairs,
    r.sft,
    r.accepted,
    r.rejected,
  );
  const skipped = r.skipped.length ? ' ' + vscode.l10n.t('{0} skipped (see the output log).', r.skipped.length) : '';
  const open = vscode.l10n.t('Open Pairs File');
  const openSft = vscode.l10n.t('Open SFT File');
  void vscode.window.showInformationMessage(msg + skipped, open, openSft).then(async (b) => {
    if (b === open || b === openSft) await vscode.window.showTextDocument(vscode.Uri.file(b === open ? r.pairsFile : r.sftFile));
  });
  return r;
}
