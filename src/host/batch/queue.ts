// The Review Queue view: batch rewrites waiting for a decision, with their fact score and verdict; sort and
// filter from the view's toolbar; open one in the review panel and, after each decision, the next one;
// bulk accept (consistent and score ≥ threshold) and bulk reject with a modal confirmation; undo. Every
// decision goes through the decision service (a provenance line each); the view follows the decision service's
// event (decisions taken here or in a review panel), and the journals and the provenance log live.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { log } from '../log';
import { batchEvents } from './run';
import { bulkAcceptCandidates, decisionTarget, loadQueue, queueProgress, SINGLE_BATCH, type QueueFilter } from '../../core/batch/queue';
import { parseRecordRef } from '../../core/corpus/record-ref';
import { DECISION_REASONS, isDecisionReason } from '../../core/provenance/types';
import { suggestReason } from '../../core/review/decision-reasons';
import { VERDICT_VERSION } from '../../core/review/verdict';
import { askReason, reasonLabel } from '../review/reasons';
import type { DecisionEvent } from '../../core/provenance/decisions';
import { decisions } from '../decisions';
import { describeFilter, isFilterEmpty, nextPending, pendingView, previousPending, queueIcon, QUEUE_SORTS } from './queue.model';
import { COMMANDS, runCommand, setContext, type QueueDecideArgs, type QueueEntry, type QueueSort, type QueueStepArgs } from '../commands';
import { errorMessage } from '../../core/util/errors';


const SORT_KEY = 'corpusCurator.queue.sort';
const FILTER_KEY = 'corpusCurator.queue.filter';

export class ReviewQueue implements vscode.TreeDataProvider<QueueEntry>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<QueueEntry | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private view: vscode.TreeView<QueueEntry> | undefined;
  private entries: QueueEntry[] = [];
  private shown: QueueEntry[] = [];
  private loaded = false;
  private filter: QueueFilter;
  private sort: QueueSort;
  /** The item opened in the review panel from this queue: after its decision, the next one opens. */
  private current: { id: string; order: string[] } | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.filter = context.workspaceState.get<QueueFilter>(FILTER_KEY, {});
    this.sort = context.workspaceState.get<QueueSort>(SORT_KEY, 'score-asc');
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      for (const glob of ['.curator/provenance.jsonl', '.curator/batches/*/journal.jsonl']) {
        const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(f, glob));
        w.onDidChange(() => this.refreshSoon());
        w.onDidCreate(() => this.refreshSoon());
        w.onDidDelete(() => this.refreshSoon());
        this.disposables.push(w);
      }
    }
    this.disposables.push(
      batchEvents.event(() => this.refreshSoon()),
      decisions.onDidChange((e) => this.onDecisions(e)),
    );
  }

  /** Binds the tree view (created in lazy.ts so the view exists before the features load). */
  attach(view: vscode.TreeView<QueueEntry>): void {
    this.view = view;
    this.updateChrome();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    if (this.timer) clearTimeout(this.timer);
  }

  refreshSoon(ms = 250): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, ms);
  }

  /** Reads the journals and the provenance log again, redraws, and opens the next item after a decision. */
  refresh(): void {
    this.reload();
    this.changed.fire();
    this.followDecision();
  }

  private reload(): void {
    const out: QueueEntry[] = [];
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const root = f.uri.fsPath;
      try {
        for (const it of loadQueue(root)) out.push({ ...it, root });
      } catch (e) {
        log().warn(`review queue: ${errorMessage(e)}`);
      }
    }
    this.entries = out;
    this.shown = pendingView(out, this.filter, this.sort);
    this.loaded = true;
    this.updateChrome();
  }

  private updateChrome(): void {
    if (!this.view) return;
    const pending = this.entries.filter((e) => e.state === 'pending').length;
    const filtered = !isFilterEmpty(this.filter);
    const p = queueProgress(this.entries);
    const progress = p.total ? vscode.l10n.t('{0} of {1} reviewed', p.reviewed, p.total) : '';
    this.view.description = filtered ? `${describeFilter(this.filter)} · ${this.shown.length} · ${progress}` : progress;
    this.view.badge = pending ? { value: pending, tooltip: vscode.l10n.t('{0} rewrites wait for review', pending) } : undefined;
    // An empty queue shows its welcome view (package.json: viewsWelcome); a filter that hides everything says so.
    this.view.message = !this.shown.length && filtered && this.entries.length ? vscode.l10n.t('No rewrite matches the filter.') : undefined;
    void setContext('queueFiltered', filtered);
  }

  getChildren(element?: QueueEntry): QueueEntry[] {
    if (element) return [];
    if (!this.loaded) this.reload();
    return this.shown;
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(e: QueueEntry): vscode.TreeItem {
    // The source's name is shorter than the rewrite's (which repeats style and audience) and leaves room for the score.
    const item = new vscode.TreeItem(basename(e.source), vscode.TreeItemCollapsibleState.None);
    item.id = e.rewriteId;
    const score = e.score !== undefined ? e.score.toFixed(2) : '—';
    const verdict = e.verdict === 'consistent' ? vscode.l10n.t('consistent') : e.verdict === 'needs-review' ? vscode.l10n.t('needs review') : vscode.l10n.t('not scored');
    const reasons = e.facts?.reasons ?? [];
    // the first reason in plain words where it needs review ("drops 4 of 9 source passages")
    const decided = e.state === 'accepted' ? vscode.l10n.t('accepted') : e.state === 'rejected' ? vscode.l10n.t('rejected') : undefined;
    const why = e.reason ? reasonLabel(e.reason) : undefined;
    item.description = decided
      ? `${decided}${why ? `: ${why}` : ''}${e.comment ? ` “${e.comment}”` : ''} · ${score} · ${e.style}/${e.audience}`
      : `${score} · ${verdict}${reasons.length ? `: ${reasons[0]}${reasons.length > 1 ? ` (+${reasons.length - 1})` : ''}` : ''} · ${e.style}/${e.audience}`;
    // Decided items say so; pending ones by their verdict (an open circle for "consistent": the filled check
    // means "accepted", here and in the Corpus view).
    const icon = queueIcon(e.verdict);
    item.iconPath =
      e.state === 'accepted'
        ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'))
        : e.state === 'rejected'
          ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconFailed'))
          : new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(basename(e.output))}**\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Source')}: \`${e.source}\`  \n${vscode.l10n.t('Rewrite')}: \`${e.output}\`\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Style')}: ${e.style} · ${vscode.l10n.t('Audience')}: ${e.audience}\n\n`);
    if (e.facts) {
      md.appendMarkdown(`${vscode.l10n.t('Fact score')}: **${score}** (${verdict})  \n`);
      md.appendMarkdown(vscode.l10n.t('{0} kept, {1} dropped, {2} altered, {3} added', e.facts.kept, e.facts.dropped, e.facts.altered, e.facts.added) + '\n\n');
      if (e.facts.factsTotal !== undefined && e.facts.coverage !== undefined) {
        md.appendMarkdown(vscode.l10n.t('Facts kept: {0} of {1} · coverage of the source: {2}%', e.facts.kept, e.facts.factsTotal, Math.round(e.facts.coverage * 100)) + '\n\n');
      }
      if (reasons.length) md.appendMarkdown(`${vscode.l10n.t('Needs review because it')}:\n\n${reasons.map((r) => `- ${escapeMd(r)}`).join('\n')}\n\n`);
      else if (e.facts.verdictVersion !== VERDICT_VERSION) md.appendMarkdown(vscode.l10n.t('Checked by an older version of the fact check: review it on its own (Accept All leaves it).') + '\n\n');
    }
    if (decided) {
      md.appendMarkdown(`**${decided}**${why ? ` · ${vscode.l10n.t('Reason: {0}', why)}` : ''}${e.decidedAt ? ` · ${new Date(e.decidedAt).toLocaleString()}` : ''}\n\n`);
      if (e.comment) md.appendMarkdown(`> ${escapeMd(e.comment)}\n\n`);
    }
    md.appendMarkdown(e.batchId === SINGLE_BATCH ? vscode.l10n.t('Rewritten on its own (not in a batch)') : `${vscode.l10n.t('Batch')}: ${e.batchId} · ${e.jobId}`);
    item.tooltip = md;
    item.contextValue = decided ? 'decidedRewrite' : 'pendingRewrite';
    item.command = { command: COMMANDS.queueOpen.id, title: vscode.l10n.t('Review'), arguments: [e] };
    item.accessibilityInformation = { label: `${basename(e.output)}${decided ? `, ${decided}${why ? `, ${why}` : ''}` : ''}, ${vscode.l10n.t('Fact score')} ${score}, ${verdict}${reasons.length ? `: ${reasons.join('; ')}` : ''}, ${e.style}, ${e.audience}` };
    return item;
  }

  /** Pending items as shown (filtered, sorted), read afresh, for tests and other features. */
  items(): QueueEntry[] {
    this.reload();
    this.changed.fire();
    return this.shown;
  }

  /** The item opened from the queue (the one whose decision opens the next), if any. */
  currentId(): string | undefined {
    return this.current?.id;
  }

  all(): QueueEntry[] {
    if (!this.loaded) this.reload();
    return this.entries;
  }

  // -------------------------------------------------------------------------------------------------------
  // Commands

  async open(e?: QueueEntry): Promise<boolean> {
    e ??= this.view?.selection[0] ?? this.items()[0];
    if (!e) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No rewrite waits for review.'));
      return false;
    }
    this.current = { id: e.rewriteId, order: this.shown.map((s) => s.rewriteId) };
    if (this.view?.visible) void this.view.reveal(e, { select: true, focus: false }).then(undefined, () => undefined);
    // A record's source is a line or row of a shard (`x.jsonl.gz:3`): there when its shard is.
    if (!existsSync(join(e.root, parseRecordRef(e.source)?.path ?? e.source))) {
      // An inline-text job (JSONL "text") has no source file to review against: show the rewrite itself.
      await vscode.window.showTextDocument(vscode.Uri.file(join(e.root, e.output)), { preview: true });
      return true;
    }
    // What the batch computed goes along: the panel's decision names the rewrite id, and keeps the batch's
    // fact summary while the rewrite's text is the one the batch checked.
    await runCommand('reviewRewrite', {
      source: join(e.root, e.source),
      rewrite: join(e.root, e.output),
      rewriteId: e.rewriteId,
      facts: e.facts,
      outputSha256: e.outputSha256,
      from: 'queue',
    });
    return true;
  }

  /** Opens the next pending item (after the current one, or after `from`, in the order the user saw). */
  async next(args: QueueStepArgs = {}): Promise<boolean> {
    return this.step('next', args);
  }

  /** Opens the previous pending item (before the current one, or before `from`). */
  async previous(args: QueueStepArgs = {}): Promise<boolean> {
    return this.step('previous', args);
  }

  private async step(direction: 'next' | 'previous', args: QueueStepArgs): Promise<boolean> {
    this.reload();
    this.changed.fire();
    if (typeof args.from === 'string' && args.from !== this.current?.id) this.current = { id: args.from, order: this.orderAround(args.from) };
    const pending = this.shown.filter((s) => s.state === 'pending');
    const n = (direction === 'next' ? nextPending : previousPending)(pending, this.current?.id, this.current?.order);
    if (!n) {
      this.current = undefined;
      void vscode.window.showInformationMessage(vscode.l10n.t('Review queue done: no rewrite left to review.'));
      return false;
    }
    return this.open(n);
  }

  /** The order the user sees, with `id` in its place even when the filter hides it (decided items keep their rank). */
  private orderAround(id: string): string[] {
    const order = this.shown.map((s) => s.rewriteId);
    if (order.includes(id)) return order;
    const all = pendingView(this.entries, { ...this.filter, state: 'any' }, this.sort).map((s) => s.rewriteId);
    return all.includes(id) ? all : order;
  }

  /** After decisions (here or in the review panel): redraw; a decision on the item opened from here opens the next one. */
  private onDecisions(e: DecisionEvent): void {
    this.reload();
    this.changed.fire();
    if (e.kind === 'decided' && this.current && e.records.some((r) => !r.rewriteId || r.rewriteId === this.current!.id)) void this.next();
  }

  private followDecision(): void {
    if (!this.current) return;
    const cur = this.entries.find((x) => x.rewriteId === this.current!.id);
    if (cur && cur.state !== 'pending') void this.next();
  }

  /** Accept or reject one item (the selected one by default); a reject without a reason asks for one (Escape decides nothing). */
  async decideOne(e: QueueEntry | undefined, decision: 'accepted' | 'rejected', args: QueueDecideArgs = {}): Promise<boolean> {
    e ??= this.view?.selection[0];
    if (!e) return false;
    if (args.reason !== undefined && !isDecisionReason(args.reason)) throw new Error(`unknown reason "${String(args.reason)}"; one of ${DECISION_REASONS.join(', ')}`);
    let why = { reason: args.reason, comment: args.comment };
    if (decision === 'rejected' && !args.reason) {
      const suggested = suggestReason({ texts: e.facts?.reasons });
      const a = await askReason({ decision, rewrite: e.output, ...(suggested ? { suggested } : {}) });
      if (!a) return false;
      why = { reason: a.reason, comment: a.comment };
    }
    await decisions.decide(e.root, [decisionTarget(e)], decision, why);
    log().info(`review queue: ${decision} ${e.output}${why.reason ? ` because ${why.reason}` : ''}`);
    return true;
  }

  async bulkAccept(args: { threshold?: number; confirm?: boolean } = {}): Promise<number> {
    const threshold = args.threshold ?? vscode.workspace.getConfiguration('corpusCurator.review').get<number>('bulkAcceptThreshold', 0.9);
    this.reload();
    const targets = bulkAcceptCandidates(this.entries, threshold);
    if (!targets.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No pending rewrite is consistent with a fact score of at least {0}.', threshold.toFixed(2)));
      return 0;
    }
    if (args.confirm !== false) {
      const ok = vscode.l10n.t('Accept {0}', targets.length);
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Accept {0} rewrites whose facts are consistent with their sources (fact score ≥ {1})?', targets.length, threshold.toFixed(2)),
        { modal: true, detail: vscode.l10n.t('Each decision is recorded in the provenance log. "Undo Last Decision" reverts the whole group.') },
        ok,
      );
      if (pick !== ok) return 0;
    }
    return this.decideMany(targets, 'accepted', `bulk-accept ≥ ${threshold}`);
  }

  async bulkReject(args: { confirm?: boolean } = {}): Promise<number> {
    this.reload();
    const targets = this.shown.filter((s) => s.state === 'pending');
    if (!targets.length) return 0;
    if (args.confirm !== false) {
      const ok = vscode.l10n.t('Reject {0}', targets.length);
      const pick = await vscode.window.showWarningMessage(
        isFilterEmpty(this.filter)
          ? vscode.l10n.t('Reject all {0} pending rewrites?', targets.length)
          : vscode.l10n.t('Reject the {0} pending rewrites that match the filter ({1})?', targets.length, describeFilter(this.filter)),
        { modal: true, detail: vscode.l10n.t('Rejected files are moved to .curator/rejected/, never deleted. "Undo Last Decision" brings them back.') },
        ok,
      );
      if (pick !== ok) return 0;
    }
    return this.decideMany(targets, 'rejected', 'bulk-reject');
  }

  private async decideMany(targets: QueueEntry[], decision: 'accepted' | 'rejected', note: string): Promise<number> {
    const byRoot = new Map<string, QueueEntry[]>();
    for (const t of targets) byRoot.set(t.root, [...(byRoot.get(t.root) ?? []), t]);
    let n = 0;
    for (const [root, items] of byRoot) n += (await decisions.decide(root, items.map(decisionTarget), decision, { note })).length;
    log().info(`review queue: ${decision} ${n} rewrite(s) (${note})`);
    void vscode.window.showInformationMessage(decision === 'accepted' ? vscode.l10n.t('{0} rewrites accepted.', n) : vscode.l10n.t('{0} rewrites rejected.', n));
    return n;
  }

  async undo(): Promise<number> {
    let n = 0;
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const r = await decisions.undoLast(f.uri.fsPath);
      n += r.length;
      if (r.length) log().info(`review queue: undid ${r.length} decision(s): ${r.map((x) => x.output.path).join(', ')}`);
      if (n) break;
    }
    if (!n) this.refresh();
    void vscode.window.showInformationMessage(n ? vscode.l10n.t('Undid {0} decision(s).', n) : vscode.l10n.t('No decision to undo.'));
    return n;
  }

  async chooseSort(sort?: QueueSort): Promise<QueueSort | undefined> {
    if (!sort) {
      const labels: Record<QueueSort, string> = {
        'score-asc': vscode.l10n.t('Fact score, lowest first'),
        'score-desc': vscode.l10n.t('Fact score, highest first'),
        source: vscode.l10n.t('Source path'),
        style: vscode.l10n.t('Style'),
        audience: vscode.l10n.t('Audience'),
        newest: vscode.l10n.t('Newest first'),
        oldest: vscode.l10n.t('Oldest first'),
      };
      const pick = await vscode.window.showQuickPick(
        QUEUE_SORTS.map((s) => ({ label: labels[s], description: s === this.sort ? vscode.l10n.t('current') : undefined, s })),
        { title: vscode.l10n.t('Sort the review queue') },
      );
      if (!pick) return undefined;
      sort = pick.s;
    }
    this.sort = sort;
    await this.context.workspaceState.update(SORT_KEY, sort);
    this.refresh();
    return sort;
  }

  async chooseFilter(filter?: QueueFilter): Promise<QueueFilter | undefined> {
    if (!filter) {
      filter = await this.askFilter();
      if (!filter) return undefined;
    }
    this.filter = filter;
    await this.context.workspaceState.update(FILTER_KEY, filter);
    this.refresh();
    return filter;
  }

  clearFilter(): Promise<QueueFilter | undefined> {
    return this.chooseFilter({});
  }

  private async askFilter(): Promise<QueueFilter | undefined> {
    const f: QueueFilter = { ...this.filter };
    const pending = this.entries.filter((e) => e.state === 'pending');
    const distinct = (k: 'style' | 'audience') => [...new Set(pending.map((e) => e[k]))].sort();
    const fields = [
      { label: vscode.l10n.t('Minimum fact score…'), description: f.minScore?.toString(), k: 'min' },
      { label: vscode.l10n.t('Maximum fact score…'), description: f.maxScore?.toString(), k: 'max' },
      { label: vscode.l10n.t('Verdict…'), description: f.verdict, k: 'verdict' },
      { label: vscode.l10n.t('Style…'), description: f.style, k: 'style' },
      { label: vscode.l10n.t('Audience…'), description: f.audience, k: 'audience' },
      { label: vscode.l10n.t('Source path contains…'), description: f.source, k: 'source' },
      { label: vscode.l10n.t('Decision…'), description: f.state ?? (f.reason ? undefined : 'pending'), k: 'state' },
      { label: vscode.l10n.t('Reason…'), description: f.reason, k: 'reason' },
      { label: vscode.l10n.t('Clear the filter'), k: 'clear' },
    ];
    const field = await vscode.window.showQuickPick(fields, { title: vscode.l10n.t('Filter the review queue') });
    if (!field) return undefined;
    const any = vscode.l10n.t('(any)');
    switch (field.k) {
      case 'clear':
        return {};
      case 'min':
      case 'max': {
        const v = await vscode.window.showInputBox({
          title: field.label,
          prompt: vscode.l10n.t('A number from 0 to 1; empty for no limit.'),
          value: String((field.k === 'min' ? f.minScore : f.maxScore) ?? ''),
          validateInput: (s) => (s.trim() === '' || (Number(s) >= 0 && Number(s) <= 1) ? null : vscode.l10n.t('A number from 0 to 1; empty for no limit.')),
        });
        if (v === undefined) return undefined;
        const n = v.trim() === '' ? undefined : Number(v);
        if (field.k === 'min') f.minScore = n;
        else f.maxScore = n;
        return f;
      }
      case 'verdict': {
        const pick = await vscode.window.showQuickPick(
          [
            { label: any, v: undefined },
            { label: vscode.l10n.t('consistent'), v: 'consistent' as const },
            { label: vscode.l10n.t('needs review'), v: 'needs-review' as const },
            { label: vscode.l10n.t('not scored'), v: 'unscored' as const },
          ],
          { title: field.label },
        );
        if (!pick) return undefined;
        f.verdict = pick.v;
        return f;
      }
      case 'style':
      case 'audience': {
        const k = field.k;
        const pick = await vscode.window.showQuickPick([{ label: any, v: undefined as string | undefined }, ...distinct(k).map((v) => ({ label: v, v }))], { title: field.label });
        if (!pick) return undefined;
        f[k] = pick.v;
        return f;
      }
      case 'state': {
        const pick = await vscode.window.showQuickPick(
          [
            { label: vscode.l10n.t('pending (to review)'), v: undefined },
            { label: vscode.l10n.t('accepted'), v: 'accepted' as const },
            { label: vscode.l10n.t('rejected'), v: 'rejected' as const },
            { label: vscode.l10n.t('every decision'), v: 'any' as const },
          ],
          { title: field.label },
        );
        if (!pick) return undefined;
        f.state = pick.v;
        return f;
      }
      case 'reason': {
        const pick = await vscode.window.showQuickPick(
          [{ label: any, v: undefined as QueueFilter['reason'] }, ...DECISION_REASONS.map((r) => ({ label: reasonLabel(r), v: r as QueueFilter['reason'] })), { label: vscode.l10n.t('(no reason given)'), v: 'none' as const }],
          { title: field.label },
        );
        if (!pick) return undefined;
        f.reason = pick.v;
        return f;
      }
      case 'source': {
        const v = await vscode.window.showInputBox({ title: field.label, value: f.source ?? '' });
        if (v === undefined) return undefined;
        f.source = v.trim() || undefined;
        return f;
      }
    }
    return undefined;
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|]/g, (c) => `\\${c}`);
}
