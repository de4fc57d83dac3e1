// The reason pick list of a review decision (issue 17): the reasons of DECISION_REASONS with their labels, the
// one the verdict suggests preselected, then an optional comment. Used by the review panel's Reject and by
// the Review Queue's Reject (a pick is the confirmation: Escape decides nothing). The in-VS-Code tests answer
// it through the API activate() returns (`answerReasonPicks`) and read what was offered (`lastReasonPick`).
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { DECISION_REASONS, type DecisionReason } from '../../core/provenance/types';
import type { ReasonAnswer, ReasonPickOffer } from '../api';

export type { ReasonAnswer, ReasonPickOffer };

export function reasonLabel(r: DecisionReason): string {
  switch (r) {
    case 'facts-dropped':
      return vscode.l10n.t('Facts dropped');
    case 'facts-altered':
      return vscode.l10n.t('Facts altered');
    case 'hallucination':
      return vscode.l10n.t('Hallucination');
    case 'leaked-prompt':
      return vscode.l10n.t('Leaked prompt');
    case 'style':
      return vscode.l10n.t('Style');
    case 'language':
      return vscode.l10n.t('Language');
    case 'other':
      return vscode.l10n.t('Other');
  }
}

function reasonDetail(r: DecisionReason): string {
  switch (r) {
    case 'facts-dropped':
      return vscode.l10n.t('leaves out facts or passages of the source');
    case 'facts-altered':
      return vscode.l10n.t('changes a number, date, name, negation or direction');
    case 'hallucination':
      return vscode.l10n.t('adds what the source does not say');
    case 'leaked-prompt':
      return vscode.l10n.t('repeats the instructions or the source verbatim');
    case 'style':
      return vscode.l10n.t('wrong style or audience, or poor writing');
    case 'language':
      return vscode.l10n.t('wrong language, or mixed languages');
    case 'other':
      return vscode.l10n.t('say why in the comment');
  }
}

const answers: (ReasonAnswer | 'cancel')[] = [];
let lastOffer: ReasonPickOffer | undefined;

/** For tests: the answers of the next picks, in order ('cancel' as Escape). */
export function answerReasonPicks(list: (ReasonAnswer | 'cancel')[]): void {
  answers.push(...list);
}

export function lastReasonPick(): ReasonPickOffer | undefined {
  return lastOffer;
}

/** Asks why (and for an optional comment); undefined when the user cancels (nothing is decided then). */
export async function askReason(o: { decision: 'accepted' | 'rejected'; rewrite: string; suggested?: DecisionReason }): Promise<ReasonAnswer | undefined> {
  const name = basename(o.rewrite);
  const title =
    o.decision === 'rejected'
      ? vscode.l10n.t('Reject {0}: why? (it moves to .curator/rejected/, never deleted)', name)
      : vscode.l10n.t('Accept {0}: a note on why? (optional)', name);
  const reasons = [...DECISION_REASONS];
  lastOffer = { decision: o.decision, reasons, title, ...(o.suggested ? { suggested: o.suggested } : {}) };
  if (answers.length) {
    const a = answers.shift()!;
    return a === 'cancel' ? undefined : a;
  }
  type Item = vscode.QuickPickItem & { reason?: DecisionReason };
  const items: Item[] = reasons.map((r) => ({
    label: reasonLabel(r),
    description: r === o.suggested ? `${reasonDetail(r)} · ${vscode.l10n.t('suggested by the verdict')}` : reasonDetail(r),
    reason: r,
  }));
  if (o.decision === 'accepted') items.unshift({ label: vscode.l10n.t('No reason'), reason: undefined });
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = title;
  qp.placeholder = vscode.l10n.t('Pick a reason (Enter), then add a comment if you like; Escape decides nothing');
  qp.items = items;
  const pre = items.find((i) => i.reason === o.suggested);
  if (pre) qp.activeItems = [pre];
  const picked = await new Promise<Item | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0] ?? qp.activeItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (!picked) return undefined;
  const comment = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Comment (optional): Enter to skip'),
    placeHolder: picked.reason ? reasonLabel(picked.reason) : undefined,
  });
  if (comment === undefined) return undefined;
  return { ...(picked.reason ? { reason: picked.reason } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) };
}
