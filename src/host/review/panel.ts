// The fact-preservation review panel: one webview panel per (source, rewrite) pair, revealed when it is
// already open. The host computes the review (buildReview → toView) and sends it; the webview draws it
// and sends the user's actions back through the typed protocol (src/shared/review-protocol.ts).
// The webview's decide goes straight to the panel: webview → panel → decision service → provenance → event.
// Every panel follows the decision service's event: a decision taken elsewhere (the review queue) or an
// undo shows at once.
import { documentUri } from '../records';
import * as vscode from 'vscode';
import { basename, join, resolve } from 'node:path';
import { sha256 } from '../../core/text/hash';
import { buildReview } from '../../core/review/review';
import type { ReviewModel } from '../../core/review/types';
import { ensureCuratorDir } from '../../core/provenance/log';
import { isDecisionReason, type DecisionRecord } from '../../core/provenance/types';
import { runCommand, type ReviewArgs, type ReviewPair } from '../commands';
import { HostChannel } from '../webview/channel';
import { webviewHtml, webviewOptions } from '../webview/html';
import {
  REVIEW_VIEW_TYPE,
  type ClaimCheckView,
  type DecisionView,
  type QueueProgressView,
  type RenderedInfo,
  type ReviewPayload,
  type ReviewProtocol,
  type ReviewState,
} from '../../shared/review-protocol';
import { rootFor } from '../workspace';
import { readConfig } from '../config';
import { makeTeacher } from '../teacher';
import { getApiKey, isLocalEndpoint } from '../secrets';
import { log } from '../log';
import { toView } from './view.model';
import { reviewStrings } from './strings';
import { readText } from './pairs.model';
import { latestDecision, reviewedTarget, rewriteRecordFor } from '../../core/provenance/decisions';
import { toWorkspacePath } from '../../core/provenance/log';
import { loadQueue, queueProgress } from '../../core/batch/queue';
import { suggestReason } from '../../core/review/decision-reasons';
import { askReason, reasonLabel, type ReasonAnswer } from './reasons';
import { decisions } from '../decisions';
import { checkClaims, ClaimCheckFailure, readCachedClaims } from './claims.model';
import { errorMessage } from '../../core/util/errors';

/** What the opener of a review already knows about the rewrite (the review queue: from the batch journal). */
export type KnownReview = Pick<ReviewArgs, 'rewriteId' | 'facts' | 'outputSha256' | 'from'>;

const key = (p: string) => resolve(p);

interface Loaded {
  sourceText: string;
  rewriteText: string;
  /** Where the rewrite's text was read (its moved place after a reject). */
  rewriteAt: string;
  model: ReviewModel;
}

/** Reads both texts (a rejected rewrite from where it was moved) and builds the review. */
function loadPair(pair: ReviewPair): Loaded {
  const root = rootFor(vscode.Uri.file(pair.rewrite));
  const sourceText = readText(pair.source);
  if (sourceText === undefined) throw new Error(vscode.l10n.t('Cannot read the source {0}', pair.source));
  let rewriteAt = pair.rewrite;
  let rewriteText = readText(pair.rewrite);
  if (rewriteText === undefined) {
    const d = latestDecision(root, pair.rewrite);
    if (d?.movedTo) {
      rewriteAt = join(root, ...d.movedTo.split('/'));
      rewriteText = readText(rewriteAt);
    }
  }
  if (rewriteText === undefined) throw new Error(vscode.l10n.t('Cannot read the rewrite {0}', pair.rewrite));
  return { sourceText, rewriteText, rewriteAt, model: buildReview(sourceText, rewriteText) };
}

/**
 * Records a decision on a pair through the decision service: 'accepted' leaves the rewrite where it is;
 * 'rejected' moves it to .curator/rejected/<relative path> (never deletes it). The record names the rewrite
 * (by the id the opener knew, else by the provenance log) and the fact summary of the texts as reviewed (the
 * batch's, when the opener passed it for this very text).
 */
export async function decideReview(pair: ReviewPair, decision: 'accepted' | 'rejected', loaded?: Loaded, known?: KnownReview, why: ReasonAnswer = {}): Promise<DecisionRecord> {
  const root = rootFor(vscode.Uri.file(pair.rewrite));
  const l = loaded ?? loadPair(pair);
  if (l.rewriteAt !== pair.rewrite) throw new Error(vscode.l10n.t('This rewrite was already rejected and moved.'));
  const batchFacts = known?.facts && known.outputSha256 && known.outputSha256 === sha256(l.rewriteText) ? known.facts : undefined;
  const target = reviewedTarget({ root, source: pair.source, rewrite: pair.rewrite, sourceText: l.sourceText, rewriteText: l.rewriteText, facts: batchFacts ?? l.model.summary, rewriteId: known?.rewriteId });
  ensureCuratorDir(root);
  const [record] = await decisions.decide(root, [target], decision, { reason: why.reason, comment: why.comment });
  log().info(
    `review: ${decision} ${record!.output.path}${record!.movedTo ? ` → ${record!.movedTo}` : ''} (score ${record!.facts?.score})${record!.reason ? ` because ${record!.reason}` : ''}${known?.from ? ` from the ${known.from}` : ''}`,
  );
  return record!;
}

/**
 * Asks why before a reject (the panel's button and key, and reviewDecide with `interactive`): the reason pick
 * list with the one the verdict and the rewrite's output flags suggest; Escape decides nothing.
 */
export async function askRejectReason(pair: ReviewPair, loaded?: Loaded): Promise<ReasonAnswer | undefined> {
  const root = rootFor(vscode.Uri.file(pair.rewrite));
  let codes = loaded?.model.verdict.reasons.map((r) => r.code);
  if (!codes) {
    try {
      codes = loadPair(pair).model.verdict.reasons.map((r) => r.code);
    } catch {
      codes = [];
    }
  }
  const suggested = suggestReason({ flags: rewriteRecordFor(root, pair.rewrite)?.flags, codes });
  return askReason({ decision: 'rejected', rewrite: pair.rewrite, ...(suggested ? { suggested } : {}) });
}

export class ReviewPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, ReviewPanel>();
  private readonly channel: HostChannel<ReviewProtocol>;
  private readonly subs: vscode.Disposable[] = [];
  private loaded?: Loaded;
  private error?: string;
  private claims?: ClaimCheckView;
  private disposed = false;
  /** What the webview last reported drawing, and every notification method it sent (for tests). */
  rendered?: RenderedInfo;
  readonly received: { method: string; params: unknown }[] = [];

  /** Opens (or reveals) the review of a pair. */
  static show(context: vscode.ExtensionContext, pair: ReviewPair, opts: { preserveFocus?: boolean; known?: KnownReview } = {}): ReviewPanel {
    const found = ReviewPanel.panels.get(key(pair.rewrite));
    if (found) {
      if (opts.known) found.known = opts.known;
      if (key(found.pair.source) !== key(pair.source)) found.setPair(pair);
      found.panel.reveal(undefined, opts.preserveFocus);
      return found;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, ReviewPanel.title(pair), { viewColumn: vscode.ViewColumn.Active, preserveFocus: opts.preserveFocus }, {
      ...webviewOptions(context.extensionUri),
      enableFindWidget: true,
    });
    return new ReviewPanel(context, panel, pair, opts.known);
  }

  /** Re-creates a panel VS Code restored after a reload (WebviewPanelSerializer). */
  static restore(context: vscode.ExtensionContext, panel: vscode.WebviewPanel, state: unknown): ReviewPanel | undefined {
    const s = state as Partial<ReviewState> | undefined;
    if (!s || typeof s.source !== 'string' || typeof s.rewrite !== 'string') {
      panel.dispose();
      return undefined;
    }
    const pair = { source: s.source, rewrite: s.rewrite };
    const found = ReviewPanel.panels.get(key(pair.rewrite));
    if (found) {
      panel.dispose();
      return found;
    }
    panel.webview.options = webviewOptions(context.extensionUri);
    return new ReviewPanel(context, panel, pair);
  }

  static forRewrite(rewrite: string): ReviewPanel | undefined {
    return ReviewPanel.panels.get(key(rewrite));
  }

  /** The review panel the user is looking at. */
  static active(): ReviewPanel | undefined {
    for (const p of ReviewPanel.panels.values()) if (p.panel.active) return p;
    return ReviewPanel.panels.size === 1 ? [...ReviewPanel.panels.values()][0] : undefined;
  }

  private static title(pair: ReviewPair): string {
    return vscode.l10n.t('Review: {0}', basename(pair.rewrite));
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    readonly panel: vscode.WebviewPanel,
    public pair: ReviewPair,
    private known?: KnownReview,
  ) {
    ReviewPanel.panels.set(key(pair.rewrite), this);
    panel.webview.html = webviewHtml(panel.webview, context.extensionUri, { bundle: 'review', title: ReviewPanel.title(pair), lang: vscode.env.language });
    this.channel = new HostChannel<ReviewProtocol>(
      panel.webview,
      {
        decide: async ({ decision }) => {
          let why: ReasonAnswer = {};
          if (decision === 'rejected') {
            const a = await askRejectReason(this.pair, this.loaded);
            if (!a) return undefined;
            why = a;
          }
          try {
            return this.decisionView(await this.decide(decision, why));
          } catch (e) {
            void vscode.window.showErrorMessage(vscode.l10n.t('Could not record the decision: {0}', errorMessage(e)));
            throw e;
          }
        },
        navigate: ({ direction }) => this.navigate(direction),
        edit: async () => {
          await vscode.window.showTextDocument(documentUri(this.loaded?.rewriteAt ?? this.pair.rewrite), { viewColumn: vscode.ViewColumn.Beside, preview: false });
        },
        openDiff: async () => {
          const rw = this.loaded?.rewriteAt ?? this.pair.rewrite;
          await vscode.commands.executeCommand('vscode.diff', documentUri(this.pair.source), documentUri(rw), `${basename(this.pair.source)} ↔ ${basename(rw)}`);
        },
        checkClaims: () => this.checkClaims(),
      },
      {
        log: (p) => {
          this.received.push({ method: 'log', params: p });
          log().info(`review webview: ${String(p?.message).slice(0, 500)}`);
        },
        rendered: (p) => {
          this.received.push({ method: 'rendered', params: { rows: p.rows, facts: p.facts } });
          this.rendered = p;
        },
      },
    );
    this.channel.onReady(() => {
      this.channel.notify('init', { strings: reviewStrings(), pair: { ...this.pair } });
      this.push();
    });
    this.subs.push(
      this.channel,
      panel.onDidDispose(() => this.dispose()),
      decisions.onDidChange((e) => {
        if (e.records.some((r) => key(join(e.root, ...r.output.path.split('/'))) === key(this.pair.rewrite))) this.refresh();
        else if (this.queueProgress()) this.push(); // "x of N reviewed" moves with decisions taken elsewhere
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        const p = key(doc.uri.fsPath);
        if (p === key(this.pair.source) || p === key(this.pair.rewrite) || (this.loaded && p === key(this.loaded.rewriteAt))) this.refresh();
      }),
    );
    this.refresh(false);
  }

  private setPair(pair: ReviewPair): void {
    this.pair = pair;
    this.panel.title = ReviewPanel.title(pair);
    this.refresh();
    this.channel.notify('init', { strings: reviewStrings(), pair: { ...pair } });
  }

  /** Re-reads both files and recomputes the review; sends it when `send`. */
  refresh(send = true): void {
    try {
      this.loaded = loadPair(this.pair);
      this.error = undefined;
    } catch (e) {
      this.loaded = undefined;
      this.error = errorMessage(e);
    }
    if (send) this.push();
  }

  private root(): string {
    return rootFor(vscode.Uri.file(this.pair.rewrite));
  }

  private decisionView(rec: DecisionRecord): DecisionView {
    const d: DecisionView = { decision: rec.decision === 'rejected' ? 'rejected' : 'accepted', time: rec.time };
    if (rec.movedTo) d.movedTo = rec.movedTo;
    if (isDecisionReason(rec.reason)) d.reason = reasonLabel(rec.reason);
    if (rec.comment) d.comment = rec.comment;
    return d;
  }

  /** "x of N reviewed" when this rewrite is an item of the review queue (batch results of its workspace). */
  private queueProgress(): QueueProgressView | undefined {
    const root = this.root();
    const items = loadQueue(root);
    const rel = toWorkspacePath(root, this.pair.rewrite);
    if (!items.some((i) => i.output === rel)) return undefined;
    const p = queueProgress(items);
    return { reviewed: p.reviewed, total: p.total, pending: p.pending };
  }

  /** Opens the next or previous pending queue item (from this one); this panel closes when another opened. */
  async navigate(direction: 'next' | 'previous'): Promise<boolean> {
    const root = this.root();
    const rel = toWorkspacePath(root, this.pair.rewrite);
    const from = this.known?.rewriteId ?? loadQueue(root).find((i) => i.output === rel)?.rewriteId;
    const ok = await runCommand(direction === 'next' ? 'queueNext' : 'queuePrevious', from ? { from } : {});
    if (ok && ReviewPanel.active() !== this) this.dispose();
    return ok;
  }

  /** The decision on exactly the text under review (a later edit makes the rewrite undecided again). */
  private currentDecision(): DecisionView | undefined {
    const rec = latestDecision(this.root(), this.pair.rewrite);
    if (!rec || rec.decision === 'pending' || !this.loaded) return undefined;
    if (rec.decision === 'rejected' && rec.movedTo && this.loaded.rewriteAt !== this.pair.rewrite) return this.decisionView(rec);
    if (this.loaded.rewriteAt !== this.pair.rewrite) return undefined;
    if (rec.output.sha256 && rec.output.sha256 !== sha256(this.loaded.rewriteText)) return undefined;
    return this.decisionView(rec);
  }

  payload(): ReviewPayload {
    const name = (p: string) => ({ path: vscode.workspace.asRelativePath(p, false), name: basename(p) });
    const l = this.loaded;
    const out: ReviewPayload = {
      source: name(this.pair.source),
      rewrite: name(l?.rewriteAt ?? this.pair.rewrite),
      view: l ? toView(l.model, l.sourceText, l.rewriteText) : { rows: [], facts: [], summary: { score: 0, verdict: 'needs-review', kept: 0, dropped: 0, altered: 0, added: 0, factsTotal: 0, coverage: 0 }, reasons: [], lang: { source: '', rewrite: '' } },
    };
    if (this.error) out.error = this.error;
    try {
      const q = this.queueProgress();
      if (q) out.queue = q;
    } catch (e) {
      log().warn(`review: the queue's progress: ${errorMessage(e)}`);
    }
    const d = this.currentDecision();
    if (d) out.decision = d;
    if (l) {
      const model = readConfig(vscode.Uri.file(this.pair.rewrite)).model;
      const cached = this.claims && this.claims.model === model ? this.claims : readCachedClaims(this.root(), l.sourceText, l.rewriteText, model);
      if (cached) out.claims = cached;
    }
    return out;
  }

  private push(): void {
    if (this.disposed) return;
    this.channel.notify('review', this.payload());
  }

  /** Records a decision for this panel's pair and shows the decided state. */
  async decide(decision: 'accepted' | 'rejected', why: ReasonAnswer = {}): Promise<DecisionRecord> {
    if (!this.loaded) this.refresh(false);
    // The decision service's event redraws this panel (see the constructor).
    return decideReview(this.pair, decision, this.loaded, this.known, why);
  }

  /** Asks the teacher model for the rewrite's unsupported claims (cached by content); shows them in the panel. */
  async checkClaims(): Promise<ClaimCheckView> {
    const l = this.loaded;
    if (!l) throw new Error(this.error ?? 'no review');
    // without a key, say so inline at once (makeTeacher's own message waits for the user to close it)
    const cfg = readConfig(vscode.Uri.file(this.pair.rewrite));
    if (!(await getApiKey(this.context)).key && !isLocalEndpoint(cfg.baseUrl)) {
      throw new Error(vscode.l10n.t('No API key for {0}: set one with "Corpus: Set API Key", or choose a local endpoint with "Corpus: Choose Endpoint Preset…".', cfg.baseUrl));
    }
    const teacher = await makeTeacher(this.context, vscode.Uri.file(this.pair.rewrite));
    if (!teacher) throw new Error(vscode.l10n.t('No model is set up: set an API key with "Corpus: Set API Key" or choose a local endpoint.'));
    const lang = l.model.lang.rewrite === 'zh' ? 'zh' : 'en';
    let view: ClaimCheckView;
    try {
      view = await checkClaims(this.root(), l.sourceText, l.rewriteText, lang, teacher);
    } catch (e) {
      if (e instanceof ClaimCheckFailure && e.notJson) {
        throw new Error(
          vscode.l10n.t(
            '{0} did not answer in the JSON the claim check asks for ({1}). Choose a model that follows instructions (an instruction-tuned one), or lower the temperature (now {2}; 0 to 0.3 works best), then check again.',
            teacher.model,
            notJsonReason(e.code),
            String(cfg.temperature),
          ),
        );
      }
      throw e;
    }
    this.claims = view;
    this.push();
    return view;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ReviewPanel.panels.get(key(this.pair.rewrite)) === this) ReviewPanel.panels.delete(key(this.pair.rewrite));
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}

/** Why a claim check's answer could not be read, in the user's language. */
function notJsonReason(code: ClaimCheckFailure['code']): string {
  switch (code) {
    case 'empty':
      return vscode.l10n.t('the answer was empty');
    case 'no-json':
      return vscode.l10n.t('no JSON object in the answer');
    case 'bad-json':
      return vscode.l10n.t('the answer is not valid JSON');
    case 'bad-claims':
      return vscode.l10n.t('"claims" is not a list');
    default:
      return vscode.l10n.t('the answer has neither "consistent" nor "claims"');
  }
}
