// CorpusService: the extension's corpus index. Builds and updates it in the indexer worker (off the
// extension host's thread) with a progress notification and Cancel, keeps it under .curator/index/,
// follows the workspace with a debounced FileSystemWatcher (only changed files are re-read), reports
// skipped inputs (path:line, reason) in the output channel, and owns the synthetic-share status bar
// item (created once the first index is loaded). Nothing runs until `start()` (the Corpus view shown
// or a corpus command run).
// Every file folder of the workspace is indexed (multi-root), each under its own `.curator/`; together they
// are one CorpusSet (paths prefixed with the folder's name when there are several).
import * as vscode from 'vscode';
import { isAbsolute, join, relative, sep } from 'node:path';
import { CorpusIndex } from '../../core/corpus/index/corpus-index';
import { CorpusSet, memberNames } from '../../core/corpus/index/corpus-set';
import { runIndexerWorker } from '../../core/corpus/index/worker-client';
import type { IndexerRequest, IndexerSummary } from '../../core/corpus/index/worker-protocol';
import { PathFilter } from '../../core/corpus/index/glob';
import { isSupportedFile } from '../../core/corpus/readers';
import type { CorpusDocument, SkippedInput, SkipReason } from '../../core/corpus/model';
import { log } from '../log';
import { errorMessage } from '../../core/util/errors';
import { COMMANDS, setContext, type CorpusState, type CorpusSummary } from '../commands';
import { readCorpusSettings, type CorpusSettings } from './settings';
import { percent } from './grouping.model';
import { newSkips, skipNotice } from './problems.model';
import { SkippedProblems } from './problems';


const DEBOUNCE_MS = 400;
const PROVENANCE_REL = '.curator/provenance.jsonl';

export function skipReasonLabel(r: SkipReason | string): string {
  switch (r) {
    case 'binary':
      return vscode.l10n.t('binary file');
    case 'too-large':
      return vscode.l10n.t('too large');
    case 'invalid-utf8':
      return vscode.l10n.t('not valid UTF-8');
    case 'bad-json':
      return vscode.l10n.t('invalid JSON');
    case 'no-text-field':
      return vscode.l10n.t('no text field');
    case 'empty':
      return vscode.l10n.t('empty');
    case 'unreadable':
      return vscode.l10n.t('unreadable');
    case 'unsupported':
      return vscode.l10n.t('unsupported');
    default:
      return r;
  }
}

export function skippedRef(s: Pick<SkippedInput, 'path' | 'line'>): string {
  return s.line === undefined ? s.path : `${s.path}:${s.line}`;
}

export class CorpusService implements vscode.Disposable {
  private index: CorpusSet | undefined;
  /** Each folder's loaded index, by the folder's fsPath. */
  private readonly indexes = new Map<string, CorpusIndex>();
  private state_: CorpusState = 'idle';
  private started = false;
  private running: Promise<void> | undefined;
  private runCancel: vscode.CancellationTokenSource | undefined;
  private pendingPaths = new Set<string>();
  private pendingScan = false;
  private pendingProvenance = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchers: vscode.FileSystemWatcher[] = [];
  private statusBar: vscode.StatusBarItem | undefined;
  private reported = new Set<string>();
  private readonly problems = new SkippedProblems(skipReasonLabel);
  /** The workspace-wide settings (the target share and the tokenizer: one figure for the corpus together). */
  private settings: CorpusSettings;
  /** Each folder's own indexing settings (include, exclude, text field, size limit: resource-scoped), by fsPath. */
  private readonly folderSettings = new Map<string, CorpusSettings>();
  private lastError = '';
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the index (or its state) changed. */
  readonly onDidChange = this.changed.event;
  /** Resolves when the first index run has finished (whatever its outcome). */
  private firstRun: Promise<void> | undefined;
  /** A command asked for the filter-rule hits (ensureFilterRules) though the setting chooses no preset. */
  private filterRulesAsked = false;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.settings = readCorpusSettings(this.folder?.uri);
    this.disposables.push(
      this.changed,
      this.problems,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('corpusCurator.corpus') && !e.affectsConfiguration('corpusCurator.tokenizer')) return;
        const key = (c: CorpusSettings) => JSON.stringify([c.include, c.exclude, c.reader, c.tokenizer, c.filterRules]);
        const before = this.settings;
        this.settings = readCorpusSettings(this.folder?.uri);
        let indexing = key(before) !== key(this.settings);
        // A folder's own settings (.vscode/settings.json of that folder) change only that folder's indexing.
        for (const f of this.folders) {
          const old = this.folderSettings.get(f.uri.fsPath);
          this.folderSettings.delete(f.uri.fsPath);
          if (old && key(old) !== key(this.settingsOf(f))) indexing = true;
        }
        if (indexing && this.started) {
          this.pendingScan = true;
          this.schedule();
        } else {
          this.updateStatusBar();
          this.changed.fire();
        }
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.folderSettings.clear();
        if (!this.started) return;
        this.index = undefined;
        this.indexes.clear();
        this.reported.clear();
        this.problems.clear();
        this.watch();
        this.pendingScan = true;
        this.schedule();
      }),
    );
  }

  get state(): CorpusState {
    return this.state_;
  }

  get current(): CorpusSet | undefined {
    return this.index;
  }

  get target(): number {
    return this.settings.targetSyntheticShare;
  }

  /**
   * A folder's corpus settings, read with the folder as scope: include, exclude, the text field and the size
   * limit are resource-scoped (package.json), so each folder of a multi-root workspace may set its own.
   */
  settingsOf(folder: vscode.WorkspaceFolder): CorpusSettings {
    let c = this.folderSettings.get(folder.uri.fsPath);
    if (!c) {
      c = readCorpusSettings(folder.uri);
      this.folderSettings.set(folder.uri.fsPath, c);
    }
    return c;
  }

  get errorMessage(): string {
    return this.lastError;
  }

  /** The first workspace folder indexed (settings are read there; exports go there by default). */
  get folder(): vscode.WorkspaceFolder | undefined {
    return this.folders[0];
  }

  /** Every workspace folder indexed: the folders on disk. */
  get folders(): vscode.WorkspaceFolder[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  }

  /** The absolute path of a corpus path (`<folder name>/<path>` in a multi-root workspace), or of a path already absolute. */
  absolutePath(path: string): string | undefined {
    if (isAbsolute(path)) return path;
    const r = this.index?.resolve(path);
    if (r) return join(r.member.root, r.rel);
    const f = this.folder;
    return f ? join(f.uri.fsPath, path) : undefined;
  }

  /** The corpus path of an absolute path inside a workspace folder (undefined outside them). */
  corpusPath(abs: string): string | undefined {
    const names = memberNames(this.folders.map((f) => f.name));
    const many = this.folders.length > 1;
    for (const [i, f] of this.folders.entries()) {
      const rel = relative(f.uri.fsPath, abs).split(sep).join('/');
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return many ? `${names[i]}/${rel}` : rel;
    }
    return undefined;
  }

  /** Starts indexing (once): the Corpus view became visible or a corpus command runs. */
  start(): Promise<void> {
    if (!this.started) {
      this.started = true;
      this.watch();
      this.firstRun = this.runNow({ mode: 'open' }, true);
    }
    return this.firstRun!;
  }

  /** The loaded index, after the first run (undefined when there is no folder or it failed). */
  async ensureIndex(): Promise<CorpusSet | undefined> {
    await this.start();
    if (this.running) await this.running;
    return this.index;
  }

  /**
   * The loaded index with every document's filter-rule hits, computed now when the index lacks them (a preset
   * asked for outside the setting, as by the mix export); they are then kept for the session.
   */
  async ensureFilterRules(): Promise<CorpusSet | undefined> {
    const idx = await this.ensureIndex();
    if (!idx || idx.filterRules) return idx;
    this.filterRulesAsked = true;
    await this.refresh(false);
    return this.index;
  }

  /** Re-scans the workspace (or rebuilds from scratch) with a progress notification. */
  async refresh(rebuild = false): Promise<CorpusSummary> {
    if (!this.started) await this.start();
    else {
      if (this.running) await this.running.catch(() => undefined);
      await this.runNow({ mode: rebuild ? 'build' : 'update' }, true);
    }
    if (this.running) await this.running;
    return this.summary();
  }

  /** Cancels the running index job (the Cancel button does the same). */
  cancel(): boolean {
    if (!this.runCancel) return false;
    this.runCancel.cancel();
    return true;
  }

  private setState(s: CorpusState): void {
    this.state_ = s;
    void setContext('corpusState', s);
    this.changed.fire();
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = this.folders.map((folder) => {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      const on = (deleted: boolean) => (uri: vscode.Uri) => this.onFileEvent(folder, uri, deleted);
      w.onDidCreate(on(false));
      w.onDidChange(on(false));
      w.onDidDelete(on(true));
      return w;
    });
  }

  private onFileEvent(folder: vscode.WorkspaceFolder, uri: vscode.Uri, deleted: boolean): void {
    if (uri.scheme !== 'file') return;
    const rel = relative(folder.uri.fsPath, uri.fsPath).split(sep).join('/');
    if (!rel || rel.startsWith('..')) return;
    // A rewrites shard's lock file (core/util/file-lock.ts) comes and goes with every append: no scan for it.
    if (rel.endsWith('.lock')) return;
    if (rel === PROVENANCE_REL) {
      this.pendingProvenance = true;
      this.schedule();
      return;
    }
    const own = this.settingsOf(folder);
    const filter = new PathFilter(own.include, own.exclude);
    if (isSupportedFile(rel)) {
      if (!filter.matches(rel)) return;
      this.pendingPaths.add(uri.fsPath);
    } else if (deleted && !filter.excludesDir(rel)) {
      // A folder (or an unsupported file) went away: a scan finds the files that went with it.
      this.pendingScan = true;
    } else return;
    this.schedule();
  }

  private schedule(): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    if (this.running) {
      // Picked up when the current run ends.
      return;
    }
    if (this.pendingScan) {
      this.pendingScan = false;
      this.pendingPaths.clear();
      this.pendingProvenance = false;
      await this.runNow({ mode: 'update' }, false);
    } else if (this.pendingPaths.size) {
      const paths = [...this.pendingPaths];
      this.pendingPaths.clear();
      this.pendingProvenance = false;
      await this.runNow({ mode: 'update', changedPaths: paths }, false);
    } else if (this.pendingProvenance) {
      this.pendingProvenance = false;
      if (this.index) {
        // Provenance (kind, review status…) is re-derived from the logs: no file needs re-reading.
        this.index.refreshProvenance();
        this.afterLoad();
      }
    }
  }

  /** Runs the indexer over every folder in turn (with changed paths: only the folders holding them). */
  private runNow(req: Omit<IndexerRequest, 'root' | 'include' | 'exclude' | 'reader' | 'tokenizer'>, notify: boolean): Promise<void> {
    const folders = this.folders;
    if (!folders.length) {
      this.setState('noFolder');
      return Promise.resolve();
    }
    const all = async () => {
      for (const folder of folders) {
        const root = folder.uri.fsPath;
        let changedPaths = req.changedPaths;
        if (changedPaths) {
          changedPaths = changedPaths.filter((p) => {
            const rel = relative(root, p);
            return rel && !rel.startsWith('..') && !isAbsolute(rel);
          });
          if (!changedPaths.length && this.indexes.has(root)) continue;
          if (!this.indexes.has(root)) changedPaths = undefined;
        }
        const own = this.settingsOf(folder);
        const request: IndexerRequest = { ...req, changedPaths, root, include: own.include, exclude: own.exclude, reader: own.reader, tokenizer: this.settings.tokenizer, filterRules: this.settings.filterRules ?? (this.filterRulesAsked || undefined), wantDelta: this.indexes.has(root) || undefined };
        if (changedPaths === undefined) delete request.changedPaths;
        await this.execute(request, notify, folders.length > 1 ? folder.name : undefined);
      }
    };
    const p = all().finally(() => {
      if (this.running === p) this.running = undefined;
      if (this.pendingScan || this.pendingPaths.size || this.pendingProvenance) this.schedule();
    });
    this.running = p;
    return p;
  }

  private async execute(request: IndexerRequest, notify: boolean, folderName?: string): Promise<void> {
    const prev = this.state_;
    this.setState(this.index ? prev : 'indexing');
    if (this.index) void setContext('corpusIndexing', true);
    const cts = new vscode.CancellationTokenSource();
    this.runCancel = cts;
    const ac = new AbortController();
    cts.token.onCancellationRequested(() => ac.abort());
    const worker = join(this.context.extensionPath, 'dist', 'indexer.worker.js');
    const title0 = request.mode === 'build' ? vscode.l10n.t('Rebuilding the corpus index') : vscode.l10n.t('Indexing the corpus');
    const title = folderName ? `${title0} (${folderName})` : title0;
    const work = async (progress: vscode.Progress<{ message?: string; increment?: number }>, token?: vscode.CancellationToken): Promise<IndexerSummary> => {
      token?.onCancellationRequested(() => cts.cancel());
      let reported = 0;
      // A child process, not a thread of the extension host: the indexing memory (the whole index, analysis
      // threads) is never the host's, and all of it is returned when the run ends.
      return runIndexerWorker(worker, request, {
        childProcess: true,
        signal: ac.signal,
        onLog: (m) => log().info(m),
        onProgress: (p) => {
          if (p.phase === 'read' && p.total > 0) {
            const pct = Math.floor((p.done / p.total) * 90);
            progress.report({ message: vscode.l10n.t('{0} of {1} files', p.done, p.total), increment: Math.max(0, pct - reported) });
            reported = Math.max(reported, pct);
          } else if (p.phase === 'scan') progress.report({ message: vscode.l10n.t('Looking for documents…') });
          else if (p.phase === 'tokens' && p.total > 0) progress.report({ message: vscode.l10n.t('Counting tokens ({0}): {1} of {2} documents', this.settings.tokenizer, p.done, p.total) });
          else if (p.phase === 'filters' && p.total > 0) progress.report({ message: vscode.l10n.t('Filter rules (for the preset): {0} of {1} documents', p.done, p.total) });
          else if (p.phase === 'dedup') progress.report({ message: vscode.l10n.t('Finding near-duplicates…') });
          else if (p.phase === 'write') progress.report({ message: vscode.l10n.t('Saving the index…') });
        },
      });
    };
    const t0 = Date.now();
    try {
      const summary = notify
        ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, work)
        : await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, (p) => work(p));
      // An update's changes are applied to the index held (only new search shards are opened); anything
      // else (a first run, a rebuild, a recount, a delta that does not follow what is held) loads it whole.
      const held = this.indexes.get(request.root);
      const applied = !!held && !!summary.delta && held.applyDelta(summary.delta);
      if (!applied) {
        const loaded = CorpusIndex.load(request.root, { include: request.include, exclude: request.exclude, reader: request.reader });
        if (!loaded.index) throw new Error(loaded.problem ?? 'the index was not written');
        this.indexes.set(request.root, loaded.index);
      }
      this.index = this.makeSet();
      const u = summary.update;
      if (u && !u.rebuilt) {
        log().info(`Corpus index updated in ${Date.now() - t0} ms: ${u.readFiles.length} file(s) read, ${u.removedFiles.length} removed (+${u.addedDocs}/−${u.removedDocs} documents); ${summary.documents} documents; ${applied ? 'changes applied to the loaded index' : 'index loaded whole'}.`);
      } else {
        log().info(`Corpus index of ${request.root} ready in ${Date.now() - t0} ms: ${summary.documents} documents from ${summary.files} files, ${summary.skipped} inputs skipped (generation ${summary.generation}).`);
      }
      this.lastError = '';
      this.afterLoad();
    } catch (e) {
      if ((e instanceof Error && e.name === 'AbortError') || ac.signal.aborted) {
        log().info('Corpus indexing cancelled.');
        if (!this.index) this.setState('cancelled');
      } else {
        this.lastError = errorMessage(e);
        log().error(`Corpus indexing failed: ${this.lastError}`);
        if (!this.index) this.setState('error');
        void vscode.window.showErrorMessage(vscode.l10n.t('Corpus indexing failed: {0}', this.lastError));
      }
    } finally {
      cts.dispose();
      if (this.runCancel === cts) this.runCancel = undefined;
      void setContext('corpusIndexing', false);
    }
  }

  /** The set of the folders' loaded indexes, in folder order. */
  private makeSet(): CorpusSet {
    const folders = this.folders.filter((f) => this.indexes.has(f.uri.fsPath));
    const names = memberNames(this.folders.map((f) => f.name));
    return new CorpusSet(
      folders.map((f) => ({ name: names[this.folders.indexOf(f)]!, root: f.uri.fsPath, index: this.indexes.get(f.uri.fsPath)! })),
      { prefixed: this.folders.length > 1 },
    );
  }

  /** After a (re)load: report new skipped inputs, update the status bar and the views. */
  private afterLoad(): void {
    const idx = this.index;
    if (!idx) return;
    const skipped = idx.skipped();
    const { fresh, seen } = newSkips(this.reported, skipped);
    this.reported = seen;
    const root = this.folder?.uri.fsPath;
    if (root) this.problems.set(root, skipped);
    void setContext('corpusSkipped', skipped.length > 0);
    if (fresh.length) {
      const ch = log();
      ch.warn(`${fresh.length} input(s) skipped while indexing the corpus:`);
      for (const s of fresh.slice(0, 500)) ch.warn(`  ${skippedRef(s)} — ${s.reason}: ${s.message}`);
      if (fresh.length > 500) ch.warn(`  … and ${fresh.length - 500} more (see the Corpus view).`);
      void this.notifySkipped(fresh);
    }
    this.updateStatusBar();
    this.setState(idx.size === 0 ? 'empty' : 'ready');
  }

  /** The notification after an index run that skipped inputs not skipped before, with a way to see them. */
  private async notifySkipped(fresh: readonly SkippedInput[]): Promise<void> {
    const n = skipNotice(fresh);
    if (!n) return;
    const show = vscode.l10n.t('Show Problems');
    const msg =
      n.inputs === 1
        ? vscode.l10n.t('Indexing skipped 1 input ({0}): it is not in the corpus.', skippedRef(fresh[0]!))
        : vscode.l10n.t('Indexing skipped {0} inputs in {1} file(s): they are not in the corpus.', n.inputs, n.files);
    if ((await vscode.window.showWarningMessage(msg, show)) === show) await this.showSkipped();
  }

  /** Opens the Problems view, where the skipped inputs are listed with their file and line. */
  async showSkipped(): Promise<number> {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    return this.index?.skipped().length ?? 0;
  }

  private shares(docs: readonly CorpusDocument[]) {
    let synthetic = 0;
    let tokens = 0;
    let syntheticTokens = 0;
    for (const d of docs) {
      tokens += d.tokens;
      if (d.kind === 'synthetic') {
        synthetic++;
        syntheticTokens += d.tokens;
      }
    }
    const byDocs = docs.length ? synthetic / docs.length : 0;
    const byTokens = tokens ? syntheticTokens / tokens : 0;
    return { synthetic, tokens, syntheticTokens, byDocs, byTokens };
  }

  private updateStatusBar(): void {
    const idx = this.index;
    if (!idx) return;
    // Nothing to measure in a workspace without documents: no item (the view shows its welcome).
    if (idx.size === 0) {
      this.statusBar?.hide();
      return;
    }
    if (!this.statusBar) {
      this.statusBar = vscode.window.createStatusBarItem('corpusCurator.syntheticShare', vscode.StatusBarAlignment.Left, 20);
      this.statusBar.name = vscode.l10n.t('Corpus Synthetic Share');
      this.statusBar.command = COMMANDS.showStats.id;
      this.disposables.push(this.statusBar);
    }
    const s = this.shares(idx.documents());
    const target = this.settings.targetSyntheticShare;
    // The target is by tokens (the setting says so): the share by documents is shown beside it, never warned on.
    const over = s.byTokens > target;
    const item = this.statusBar;
    item.text = `$(database) ${vscode.l10n.t('{0} synthetic ({1} of documents)', percent(s.byTokens), percent(s.byDocs))}`;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown(`**${vscode.l10n.t('Corpus Synthetic Share')}**\n\n`);
    tip.appendMarkdown(`${vscode.l10n.t('By tokens: {0}', percent(s.byTokens))}  \n${vscode.l10n.t('By documents: {0}', percent(s.byDocs))}  \n${vscode.l10n.t('Target: {0}', percent(target))}\n\n`);
    if (over) tip.appendMarkdown(`$(warning) ${vscode.l10n.t('Above the target synthetic share.')}\n\n`);
    tip.appendMarkdown(vscode.l10n.t('Click to show the corpus statistics.'));
    tip.supportThemeIcons = true;
    item.tooltip = tip;
    item.backgroundColor = over ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.accessibilityInformation = { label: vscode.l10n.t('{0} of the corpus tokens are synthetic', percent(s.byTokens)) };
    item.show();
  }

  summary(): CorpusSummary {
    const idx = this.index;
    const docs = idx?.documents() ?? [];
    const s = this.shares(docs);
    const out: CorpusSummary = {
      state: this.state_,
      documents: docs.length,
      natural: docs.length - s.synthetic,
      synthetic: s.synthetic,
      tokens: s.tokens,
      syntheticTokens: s.syntheticTokens,
      skipped: idx?.skipped() ?? [],
      generation: idx?.generation ?? 0,
    };
    if (this.statusBar) {
      const tip = this.statusBar.tooltip;
      out.statusBar = { text: this.statusBar.text, warning: !!this.statusBar.backgroundColor, tooltip: typeof tip === 'string' ? tip : (tip?.value ?? '') };
    }
    return out;
  }

  /** Waits until no index run is running or scheduled (tests, commands that need fresh data). */
  async idle(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (this.running) await this.running.catch(() => undefined);
      else if (this.timer || this.pendingPaths.size || this.pendingScan || this.pendingProvenance) await new Promise((r) => setTimeout(r, DEBOUNCE_MS / 2));
      else return;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.runCancel?.cancel();
    for (const w of this.watchers) w.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
