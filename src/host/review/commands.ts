// The review commands (see the table in ../commands.ts):
//   reviewRewrite  open the review of a (source, rewrite) pair: from args {source, rewrite} (plus what the
//                  caller already knows: rewriteId, facts), from the explorer with two files selected, or from
//                  the palette (the active file's pair by the provenance log, else a pick of recent rewrites)
//   reviewDecide   {rewrite, source?, decision: 'accepted'|'rejected'} or the active review. The panel's own
//                  buttons and keys call the panel directly (webview → panel → decision → provenance → event).
// and, for the in-VS-Code tests (api.ts), the panel's state and its claim check.
import { parseRecordRef, primeRecord } from '../../core/corpus/record-ref';
import { recordRefOf, recordTextField } from '../records';
import * as vscode from 'vscode';
import { basename, isAbsolute, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { DecisionRecord } from '../../core/provenance/types';
import { toWorkspacePath } from '../../core/provenance/log';
import { rootFor } from '../workspace';
import { isOptions, type CommandHandlers, type DecideArgs, type ExportDecisionsArgs, type ReviewArgs, type ReviewPair } from '../commands';
import { exportDecisions } from './export';
import type { CuratorApi, ReviewPanelState } from '../api';
import type { ClaimCheckView } from '../../shared/review-protocol';
import { rewriteRecordFor, rewriteRecords } from '../../core/provenance/decisions';
import { orderPair } from './pairs.model';
import { askRejectReason, ReviewPanel, decideReview, type KnownReview } from './panel';
import { answerReasonPicks, lastReasonPick, type ReasonAnswer } from './reasons';
import { isDecisionReason } from '../../core/provenance/types';
import { errorMessage } from '../../core/util/errors';

export interface ReviewFeature {
  handlers: Pick<CommandHandlers, 'reviewRewrite' | 'reviewDecide' | 'exportDecisions'>;
  api: Pick<CuratorApi, 'reviewState' | 'reviewCheckClaims' | 'answerReasonPicks' | 'lastReasonPick'>;
  /** Re-creates a review panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, state: unknown): void;
}

export function reviewCommands(context: vscode.ExtensionContext): ReviewFeature {
  const review = new ReviewCommands(context);
  return {
    handlers: {
      reviewRewrite: (arg, selected) => review.reviewRewrite(arg, selected),
      reviewDecide: (args) => review.reviewDecide(args),
      exportDecisions: (args) => exportDecisions(isOptions<ExportDecisionsArgs>(args) ? args : {}),
    },
    api: {
      reviewState: async (args) => review.reviewState(args),
      reviewCheckClaims: (args) => review.reviewCheckClaims(args),
      answerReasonPicks: (list) => answerReasonPicks(list),
      lastReasonPick: () => lastReasonPick(),
    },
    restore: (panel, state) => ReviewPanel.restore(context, panel, state),
  };
}

const fsPath = (p: string | vscode.Uri | undefined): string | undefined => (p === undefined ? undefined : typeof p === 'string' ? p : p.fsPath);

function absolute(p: string): string {
  if (isAbsolute(p)) return p;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, p) : p;
}

class ReviewCommands {
  constructor(private readonly context: vscode.ExtensionContext) {}

  /** Opens the review panel; returns the pair reviewed, or undefined when the user cancelled. */
  async reviewRewrite(arg?: ReviewArgs | vscode.Uri, selected?: vscode.Uri[]): Promise<ReviewPair | undefined> {
    let pair: ReviewPair | undefined;
    if (arg && !(arg instanceof vscode.Uri) && typeof arg === 'object' && (arg.source || arg.rewrite)) {
      pair = await this.complete(fsPath(arg.source), fsPath(arg.rewrite));
    } else if (selected && selected.length === 2) {
      pair = await this.fromTwo(selected[0]!.fsPath, selected[1]!.fsPath);
    } else if (selected && selected.length > 2) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select exactly two files: a source and its rewrite.'));
      return undefined;
    } else {
      const file = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      const rec = file && recordRefOf(file);
      pair = rec ? await this.complete(undefined, rec.ref) : await this.fromPalette(file?.scheme === 'file' ? file.fsPath : undefined);
    }
    if (!pair) return undefined;
    // Records of Parquet shards are read asynchronously once, before the panel reads both texts.
    for (const p of [pair.source, pair.rewrite]) {
      const r = parseRecordRef(p);
      if (r) await primeRecord(p, recordTextField(vscode.Uri.file(r.path))).catch(() => undefined);
    }
    ReviewPanel.show(this.context, pair, { known: known(arg) });
    return pair;
  }

  /** Fills in the missing side from the provenance log (or asks). */
  private async complete(source: string | undefined, rewrite: string | undefined): Promise<ReviewPair | undefined> {
    if (source && rewrite) return { source: absolute(source), rewrite: absolute(rewrite) };
    if (rewrite) {
      const rw = absolute(rewrite);
      const root = rootFor(vscode.Uri.file(rw));
      const rec = rewriteRecordFor(root, rw);
      if (rec) return { source: join(root, ...rec.source.path.split('/')), rewrite: rw };
      const src = await this.pickFile(vscode.l10n.t('Choose the source of {0}', basename(rw)));
      return src ? { source: src, rewrite: rw } : undefined;
    }
    if (source) return this.fromPalette(absolute(source));
    return undefined;
  }

  private async fromTwo(a: string, b: string): Promise<ReviewPair | undefined> {
    const root = rootFor(vscode.Uri.file(a));
    const ordered = orderPair(root, a, b);
    if (ordered) return ordered;
    const items = [a, b].map((p) => ({ label: basename(p), description: vscode.workspace.asRelativePath(p), path: p }));
    const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Which file is the source?') });
    if (!pick) return undefined;
    return { source: pick.path, rewrite: pick.path === a ? b : a };
  }

  private async fromPalette(file: string | undefined): Promise<ReviewPair | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (file) {
      const root = rootFor(vscode.Uri.file(file));
      const asRewrite = rewriteRecordFor(root, file);
      if (asRewrite) return { source: join(root, ...asRewrite.source.path.split('/')), rewrite: file };
      // the active file is a source: its rewrites (the only one, or a pick)
      const rel = toWorkspacePath(root, file);
      const mine = rewriteRecords(root).filter((r) => r.source.path === rel && existsSync(join(root, ...r.output.path.split('/'))));
      const unique = [...new Map(mine.map((r) => [r.output.path, r])).values()];
      if (unique.length === 1) return { source: file, rewrite: join(root, ...unique[0]!.output.path.split('/')) };
      if (unique.length > 1) {
        const pick = await vscode.window.showQuickPick(
          unique.map((r) => ({ label: basename(r.output.path), description: `${r.style} · ${r.audience}`, detail: new Date(r.time).toLocaleString(), path: join(root, ...r.output.path.split('/')) })),
          { placeHolder: vscode.l10n.t('Choose a rewrite of {0} to review', basename(file)) },
        );
        return pick ? { source: file, rewrite: pick.path } : undefined;
      }
    }
    // recent rewrites of every workspace folder
    type Item = vscode.QuickPickItem & { pair?: ReviewPair };
    const items: Item[] = [];
    const seen = new Set<string>();
    for (const f of folders) {
      for (const r of rewriteRecords(f.uri.fsPath)) {
        const rw = join(f.uri.fsPath, ...r.output.path.split('/'));
        if (seen.has(rw) || !existsSync(rw)) continue;
        seen.add(rw);
        items.push({ label: basename(r.output.path), description: r.source.path, detail: `${new Date(r.time).toLocaleString()} · ${r.style} · ${r.model}`, pair: { source: join(f.uri.fsPath, ...r.source.path.split('/')), rewrite: rw } });
        if (items.length >= 50) break;
      }
    }
    const choose: Item = { label: `$(files) ${vscode.l10n.t('Choose the two files…')}`, alwaysShow: true };
    const pick = items.length ? await vscode.window.showQuickPick<Item>([...items, choose], { placeHolder: vscode.l10n.t('Choose a rewrite to review'), matchOnDescription: true }) : choose;
    if (!pick) return undefined;
    if (pick.pair) return pick.pair;
    const source = await this.pickFile(vscode.l10n.t('Choose the source document'));
    if (!source) return undefined;
    const rewrite = await this.pickFile(vscode.l10n.t('Choose the rewrite of {0}', basename(source)));
    return rewrite ? { source, rewrite } : undefined;
  }

  private async pickFile(title: string): Promise<string | undefined> {
    const r = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Select'), title, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
    return r?.[0]?.fsPath;
  }

  /** Records a decision; with a panel open for the pair it shows the decided state. */
  async reviewDecide(args: DecideArgs = {}): Promise<DecisionRecord | undefined> {
    const decision = args.decision;
    if (decision !== 'accepted' && decision !== 'rejected') throw new Error(`decision must be 'accepted' or 'rejected'`);
    const rw = fsPath(args.rewrite);
    const panel = rw ? ReviewPanel.forRewrite(absolute(rw)) : ReviewPanel.active();
    let pair: ReviewPair | undefined = panel?.pair;
    if (!pair && rw) pair = await this.complete(fsPath(args.source), rw);
    if (!pair) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a review first.'));
      return undefined;
    }
    if (args.reason !== undefined && !isDecisionReason(args.reason)) throw new Error(`unknown reason "${String(args.reason)}"`);
    let why: ReasonAnswer = { ...(args.reason ? { reason: args.reason } : {}), ...(typeof args.comment === 'string' ? { comment: args.comment } : {}) };
    if (decision === 'rejected' && args.interactive && !args.reason) {
      const a = await askRejectReason(pair);
      if (!a) return undefined;
      why = a;
    }
    try {
      if (panel) return await panel.decide(decision, why);
      return await decideReview(pair, decision, undefined, known(args), why);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not record the decision: {0}', errorMessage(e)));
      throw e;
    }
  }

  /** The panel's "Check claims with the model" (opens the panel for {source, rewrite} when needed). */
  async reviewCheckClaims(args: ReviewArgs = {}): Promise<ClaimCheckView | undefined> {
    const rw = fsPath(args.rewrite);
    let panel = rw ? ReviewPanel.forRewrite(absolute(rw)) : ReviewPanel.active();
    if (!panel && rw) {
      const pair = await this.complete(fsPath(args.source), rw);
      if (pair) panel = ReviewPanel.show(this.context, pair);
    }
    if (!panel) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a review first.'));
      return undefined;
    }
    return panel.checkClaims();
  }

  /** For tests: what the review panel of a rewrite drew and which notifications it received. */
  reviewState(args: ReviewArgs = {}): ReviewPanelState | undefined {
    const rw = fsPath(args.rewrite);
    const panel = rw ? ReviewPanel.forRewrite(absolute(rw)) : ReviewPanel.active();
    if (!panel) return undefined;
    return { pair: panel.pair, rendered: panel.rendered, received: panel.received, payload: panel.payload() };
  }
}

/** What the caller of a review already knows about the rewrite (the queue: from the batch journal). */
function known(arg: unknown): KnownReview | undefined {
  if (!arg || typeof arg !== 'object' || arg instanceof vscode.Uri) return undefined;
  const a = arg as ReviewArgs;
  if (!a.rewriteId && !a.facts && !a.from) return undefined;
  return { rewriteId: a.rewriteId, facts: a.facts, outputSha256: a.outputSha256, from: a.from };
}
