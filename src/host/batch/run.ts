// Corpus: Rewrite in Batch… — starts a batch from explorer files/folders, a JSONL jobs file or a list of
// paths (the Corpus view's filter or search result), with one style/audience or a plan of several; shows a
// progress notification (done/failed/left, tokens, cost, ETA, Cancel); offers to resume interrupted batches.
import * as vscode from 'vscode';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { defaultTextOutDir, pooledFactCheck, readJobSource, rewriteExecutor } from '../../core/batch/executor';
import { defaultFactCheckWorker, FactCheckPool } from '../../core/batch/factcheck-pool';
import { batchDir, listUnfinishedBatches, readJournal, type BatchMeta, type PlannedJob } from '../../core/batch/journal';
import { runBatch, type RunBatchResult } from '../../core/batch/runner';
import type { BatchProgress } from '../../core/batch/scheduler';
import { parseJobsJsonl, specsFromFiles, specsFromFolder, type JobSpec, type SourceError, type StyleShare } from '../../core/batch/sources';
import { readProvenance, toWorkspacePath } from '../../core/provenance/log';
import { AUDIENCES, checkStyleAndAudience } from '../../core/rewrite/catalog';
import { availableStyles, loadTemplates, type TemplateSet } from '../../core/rewrite/templates';
import { readConfig, readTokenizerSetting } from '../config';
import { log } from '../log';
import { llmMessage, makeTeacher, openEndpointSettings } from '../teacher';
import { pickStyleAndAudience } from '../rewrite/pickStyle';
import { focusView, setContext, type BatchArgs, type BatchOutcome, type ResumeArgs, type UnfinishedBatch } from '../commands';
import { formatCost, formatTokens, parsePlanText, planBatch, priceFor, progressParts, type PriceTable } from './run.model';
import { estimateBatch, type BatchEstimate } from '../../core/batch/estimate';
import { endpointHost } from '../../core/llm/client';
import { lazyTokenCounter } from '../../core/text/tokenizers';
import { errorMessage } from '../../core/util/errors';
import { requireTrust } from '../trust';
import { recordTextField } from '../records';
import { RecordTexts, recordAwareReader } from '../../core/batch/records';

export interface PreparedBatch {
  root: string;
  batchId: string;
  meta: BatchMeta;
  jobs: PlannedJob[];
  errors: SourceError[];
  scope: vscode.Uri;
  templates: TemplateSet;
}

interface BatchSettings {
  rpm: number;
  tpm: number;
  prices: PriceTable;
  maxAttempts: number;
}

export function readBatchSettings(scope?: vscode.Uri): BatchSettings {
  const c = vscode.workspace.getConfiguration('corpusCurator.batch', scope);
  return {
    rpm: Math.max(0, c.get<number>('requestsPerMinute', 0)),
    tpm: Math.max(0, c.get<number>('tokensPerMinute', 0)),
    prices: c.get<PriceTable>('prices', {}) ?? {},
    maxAttempts: Math.max(1, c.get<number>('maxAttempts', 3)),
  };
}

/** Batches running in this window, by id: Cancel aborts them. */
export const runningBatches = new Map<string, AbortController>();

const DISCARDED = 'discarded';

function toUri(p: string | vscode.Uri): vscode.Uri {
  if (typeof p !== 'string') return p;
  if (isAbsolute(p)) return vscode.Uri.file(p);
  const f = vscode.workspace.workspaceFolders?.[0];
  return f ? vscode.Uri.file(join(f.uri.fsPath, p)) : vscode.Uri.file(resolve(p));
}

function rootOf(uri: vscode.Uri): string {
  const f = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  return f ? f.uri.fsPath : dirname(uri.fsPath);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

export class BatchRunner {
  constructor(private readonly context: vscode.ExtensionContext) {}

  /** Explorer (clicked + selected), a list of paths ({paths}), or a jobs file ({jobsFile}). */
  async start(clicked?: vscode.Uri, selected?: vscode.Uri[], args: BatchArgs = {}): Promise<BatchOutcome | undefined> {
    if (!requireTrust('batch')) return undefined;
    const p = await this.prepare(clicked, selected, args);
    if (!p) return undefined;
    if (!p.jobs.length) return { batchId: '', jobs: 0, done: 0, failed: 0, skipped: 0, notRun: 0, recovered: 0, cancelled: false, errors: p.errors, failures: [], tokens: 0 };
    if (args.confirm && !(await this.confirmStart(p))) return undefined;
    return this.run(p.root, p.batchId, p.meta, p.jobs, p.errors, p.scope);
  }

  /**
   * Before a batch sends anything: the number of requests and the estimated cost (tokens counted with the
   * configured tokenizer, the model's price from corpusCurator.batch.prices, "cost unknown" without one).
   */
  private async confirmStart(p: PreparedBatch): Promise<boolean> {
    const cfg = readConfig(p.scope);
    const price = priceFor(p.meta.model || cfg.model, readBatchSettings(p.scope).prices);
    const tokenizer = readTokenizerSetting(p.scope);
    const done = readJournal(p.root, p.batchId)?.done;
    const todo = done ? p.jobs.filter((j) => !done.has(j.key)) : p.jobs;
    if (!todo.length) return true; // nothing will be sent
    let e: BatchEstimate;
    try {
      e = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Estimating the batch…') }, async () =>
        estimateBatch(todo, {
          templates: p.templates,
          chunkTokens: cfg.chunkTokens,
          countTokens: lazyTokenCounter(tokenizer),
          textOf: (j) => (j.source.path !== undefined ? readJobSource(join(p.root, ...j.source.path.split('/'))).text : (j.source.text ?? '')),
          price,
        }),
      );
    } catch (err) {
      log().warn(`batch ${p.batchId}: no estimate: ${errorMessage(err)}`);
      return true;
    }
    const model = p.meta.model || cfg.model;
    const lines = [
      vscode.l10n.t('{0} requests to {1}.', e.requests, endpointHost(cfg.baseUrl)),
      vscode.l10n.t('About {0} tokens in and {1} out ({2}), answers assumed as long as their sources.', formatTokens(e.tokens.promptTokens), formatTokens(e.tokens.completionTokens), tokenizer),
      e.costUsd !== undefined
        ? vscode.l10n.t('Estimated cost: {0}.', formatCost(e.costUsd))
        : vscode.l10n.t('Cost unknown: no price for {0} in the setting "corpusCurator.batch.prices".', model),
    ];
    if (done && p.jobs.length > todo.length) lines.push(vscode.l10n.t('{0} documents done in an earlier run are skipped.', p.jobs.length - todo.length));
    if (e.unreadable) lines.push(vscode.l10n.t('{0} sources cannot be read now.', e.unreadable));
    const start = vscode.l10n.t('Start Batch');
    const prices = vscode.l10n.t('Set Prices…');
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t('Rewrite {0} documents with {1}?', todo.length, model),
      { modal: true, detail: lines.join('\n') },
      start,
      ...(e.costUsd === undefined ? [prices] : []),
    );
    if (pick === prices) await vscode.commands.executeCommand('workbench.action.openSettings', 'corpusCurator.batch.prices');
    return pick === start;
  }

  /** Reads the sources, asks for style/audience or a plan, and plans the jobs (no request yet). */
  async prepare(clicked?: vscode.Uri, selected?: vscode.Uri[], args: BatchArgs = {}, mode: 'run' | 'export' = 'run'): Promise<PreparedBatch | undefined> {
    let uris: vscode.Uri[];
    if (args.jobsFile) uris = [toUri(args.jobsFile)];
    else if (args.paths) uris = args.paths.map(toUri);
    else if (selected && selected.length) uris = selected;
    else if (clicked) uris = [clicked];
    else {
      const picked = await vscode.window.showOpenDialog({
        canSelectFiles: true,
        canSelectFolders: true,
        canSelectMany: true,
        openLabel: vscode.l10n.t('Rewrite in Batch'),
        title: vscode.l10n.t('Choose files, folders or a JSONL jobs file to rewrite'),
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      });
      if (!picked?.length) return undefined;
      uris = picked;
    }
    uris = uris.filter((u) => u.scheme === 'file');
    if (!uris.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Select files, a folder or a JSONL jobs file to rewrite in batch.'));
      return undefined;
    }
    const root = rootOf(uris[0]!);
    const templates = loadTemplates(root);
    for (const e of templates.errors) log().warn(`template skipped: ${e.message}`);

    // The jobs.
    let specs: JobSpec[] = [];
    const errors: SourceError[] = [];
    let jobsFile: string | undefined;
    let jobsContent: Buffer | undefined;
    const jsonl = uris.length === 1 && extname(uris[0]!.fsPath).toLowerCase() === '.jsonl' && !isDir(uris[0]!.fsPath);
    if (jsonl) {
      jobsFile = uris[0]!.fsPath;
      try {
        jobsContent = readFileSync(jobsFile);
      } catch (e) {
        void vscode.window.showErrorMessage(errorMessage(e));
        return undefined;
      }
      const parsed = parseJobsJsonl(jobsContent.toString('utf8'));
      specs = parsed.specs;
      errors.push(...parsed.errors);
    } else {
      // A folder holds earlier rewrites beside their sources: those are outputs, not sources to rewrite again.
      let outputs: Set<string> | undefined;
      for (const u of uris) {
        if (isDir(u.fsPath)) {
          outputs ??= rewriteOutputs(root);
          specs.push(...specsFromFolder(u.fsPath).filter((s) => !outputs!.has(toWorkspacePath(root, s.path!))));
        } else specs.push(...specsFromFiles([u.fsPath]));
      }
    }
    if (!specs.length) {
      void vscode.window.showErrorMessage(jsonl ? vscode.l10n.t('{0} has no valid job.', basename(jobsFile!)) : vscode.l10n.t('No text files (.md, .txt, .html…) in the selection.'));
      reportErrors(errors, jobsFile);
      return undefined;
    }

    // Style and audience: one pair, or a plan.
    const allNamed = specs.every((s) => s.style && s.audience);
    let mix: StyleShare[] | undefined;
    let single: { style: string; audience: string } | undefined;
    if (args.plan) {
      try {
        mix = parsePlanText(args.plan);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cannot read the plan: {0}', errorMessage(e)));
        return undefined;
      }
    } else if (args.style && args.audience) single = { style: args.style, audience: args.audience };
    else if (!allNamed) {
      const choice = await this.pickPlan(templates, specs.length);
      if (!choice) return undefined;
      if ('mix' in choice) mix = choice.mix;
      else single = choice;
    }
    const unknown = checkPairs(templates, [...(single ? [single] : []), ...(mix ?? [])]);
    if (unknown) {
      void vscode.window.showErrorMessage(unknown);
      return undefined;
    }

    const cfg = readConfig(uris[0]);
    // Records of shards (`x.jsonl.gz:3`, from the Corpus view or a jobs file) are read first, a shard at a time.
    const records = new RecordTexts(recordTextField(uris[0]));
    await records.preload(specs, jobsFile ? dirname(jobsFile) : root);
    const readSource = recordAwareReader(records, readJobSource);
    const { plan, batchId, planText } = planBatch({ root, jobsFile: jobsFile ? { path: jobsFile, content: jobsContent! } : undefined, specs, single, mix, seed: args.seed, model: cfg.model, templates, mode, readSource });
    errors.push(...plan.errors);
    reportErrors(errors, jobsFile);
    if (plan.duplicates.length) log().info(`batch: ${plan.duplicates.length} duplicate job(s) left out (same content, prompt, model, style and audience)`);
    if (!plan.jobs.length) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No job to run: {0} problem(s), see the output channel.', errors.length));
      log().show(true);
      return { root, batchId: '', meta: { origin: '', model: cfg.model, mode }, jobs: [], errors, scope: uris[0]!, templates };
    }
    const origin =
      args.origin ??
      (jobsFile
        ? toWorkspacePath(root, jobsFile)
        : uris.length === 1
          ? toWorkspacePath(root, uris[0]!.fsPath) || basename(root)
          : vscode.l10n.t('{0} files and folders', uris.length));
    const meta: BatchMeta = {
      origin,
      model: cfg.model,
      mode,
      ...(planText ? { plan: planText } : {}),
      ...(jobsFile ? { jobsFile: toWorkspacePath(root, jobsFile) } : {}),
    };
    return { root, batchId, meta, jobs: plan.jobs, errors, scope: uris[0]!, templates };
  }

  /** Resumes an interrupted batch: finished jobs are never requested again, interrupted ones are. */
  async resume(args: ResumeArgs = {}): Promise<BatchOutcome | undefined> {
    if (!requireTrust('batch')) return undefined;
    let root = args.root;
    let batchId = args.batchId;
    if (!batchId) {
      const all = unfinishedBatches();
      if (!all.length) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No interrupted batch in this workspace.'));
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        all.map((b) => ({
          label: b.status.meta?.origin ?? b.status.batchId,
          description: vscode.l10n.t('{0} of {1} left', b.status.unfinished, b.status.total),
          detail: [b.status.paused ? vscode.l10n.t('paused: {0}', llmMessage(b.status.paused)) : undefined, b.status.batchId, b.status.meta?.model ?? '', new Date(b.status.updated).toLocaleString()].filter(Boolean).join(' · '),
          b,
        })),
        { title: vscode.l10n.t('Resume a batch') },
      );
      if (!pick) return undefined;
      root = pick.b.root;
      batchId = pick.b.status.batchId;
    }
    root ??= vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!root) return undefined;
    const st = readJournal(root, batchId);
    if (!st?.plan) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Batch {0} has no journal.', batchId));
      return undefined;
    }
    const cfg = readConfig(vscode.Uri.file(root));
    if (st.plan.meta.model && st.plan.meta.model !== cfg.model) log().warn(`batch ${batchId} was planned for model ${st.plan.meta.model}; the settings now say ${cfg.model}`);
    return this.run(root, batchId, st.plan.meta, st.plan.jobs, [], vscode.Uri.file(root));
  }

  private async run(root: string, batchId: string, meta: BatchMeta, jobs: PlannedJob[], errors: SourceError[], scope: vscode.Uri): Promise<BatchOutcome | undefined> {
    if (runningBatches.has(batchId)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This batch is already running.'));
      return undefined;
    }
    const teacher = await makeTeacher(this.context, scope);
    if (!teacher) return undefined;
    const cfg = readConfig(scope);
    const bs = readBatchSettings(scope);
    const templates = loadTemplates(root);
    const jobsFile = typeof meta.jobsFile === 'string' ? join(root, meta.jobsFile) : undefined;
    // Fact checks in a worker thread (dist/factcheck.worker.js): a long document's check would otherwise
    // hold the extension host's thread, and with it every other extension, for as long as it takes.
    const workerFile = defaultFactCheckWorker();
    const pool = workerFile ? new FactCheckPool(workerFile) : undefined;
    const executor = rewriteExecutor({
      root,
      teacher,
      templates,
      chunkTokens: cfg.chunkTokens,
      outDir: cfg.outputFolder ? (isAbsolute(cfg.outputFolder) ? cfg.outputFolder : join(root, cfg.outputFolder)) : undefined,
      textOutDir: jobsFile ? defaultTextOutDir(jobsFile) : undefined,
      textOrigin: typeof meta.jobsFile === 'string' ? meta.jobsFile : undefined,
      factCheck: pool ? pooledFactCheck(pool) : undefined,
      textField: recordTextField(scope),
    });
    const prices = priceFor(meta.model || cfg.model, bs.prices);
    meta = { ...meta, endpointHost: meta.endpointHost ?? teacher.endpointHost };
    const ctrl = new AbortController();
    runningBatches.set(batchId, ctrl);
    void setContext('batchRunning', true);
    log().info(`batch ${batchId}: ${jobs.length} jobs from ${meta.origin}, concurrency ${cfg.concurrency}, rpm ${bs.rpm || '∞'}, tpm ${bs.tpm || '∞'}`);
    let res: RunBatchResult | undefined;
    let fatal: unknown;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Batch rewrite: {0}', meta.origin), cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => ctrl.abort());
          let lastPct = 0;
          let lastReport = 0;
          const report = (p: BatchProgress, force = false) => {
            const now = Date.now();
            if (!force && now - lastReport < 200) return;
            lastReport = now;
            const parts = progressParts(p);
            const inc = Math.max(0, parts.percent - lastPct);
            lastPct = Math.max(lastPct, parts.percent);
            progress.report({ increment: inc, message: progressMessage(parts, p.cancelled) });
          };
          report({ total: jobs.length, done: 0, failed: 0, skipped: 0, running: 0, remaining: jobs.length, retries: 0, tokens: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, elapsedMs: 0, cancelled: false, event: 'start' }, true);
          try {
            res = await runBatch({
              root,
              batchId,
              meta,
              jobs,
              executor,
              concurrency: cfg.concurrency,
              rpm: bs.rpm || undefined,
              tpm: bs.tpm || undefined,
              prices,
              maxAttempts: bs.maxAttempts,
              signal: ctrl.signal,
              onProgress: (p) => {
                if (p.event === 'job-failed') log().warn(`batch ${batchId}: job ${p.jobId} failed: ${p.reason}`);
                else if (p.event === 'job-retry') log().info(`batch ${batchId}: job ${p.jobId} will be tried again: ${p.reason}`);
                report(p, p.event === 'start' || p.event === 'end' || p.event === 'job-done' || p.event === 'job-failed');
              },
              onJobDone: () => batchEvents.fire({ batchId, root }),
            });
          } catch (e) {
            fatal = e;
          }
        },
      );
    } finally {
      // Not awaited: the workers are idle by now, and ending them must not hold up the batch's end.
      void pool?.close().catch((e) => log().warn(`batch ${batchId}: closing the fact-check workers: ${errorMessage(e)}`));
      runningBatches.delete(batchId);
      void setContext('batchRunning', runningBatches.size > 0);
      batchEvents.fire({ batchId, root, finished: true });
    }
    if (fatal || !res) {
      const msg = errorMessage(fatal);
      log().error(`batch ${batchId}: ${msg}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Batch rewrite failed: {0}', msg));
      return undefined;
    }
    const r: RunBatchResult = res;
    const cost = r.costUsd !== undefined ? `, $${r.costUsd.toFixed(4)}` : '';
    log().info(`batch ${batchId}: done ${r.done} (${r.recovered} recovered), failed ${r.failed}, skipped ${r.skipped}, not run ${r.notRun}, ${r.tokens.totalTokens} tokens${cost}, ${(r.elapsedMs / 1000).toFixed(1)} s`);
    for (const f of r.failures) log().warn(`batch ${batchId}: ${f.job}: ${f.reason}`);
    const outcome: BatchOutcome = {
      batchId,
      jobs: jobs.length,
      done: r.done,
      failed: r.failed,
      skipped: r.skipped,
      notRun: r.notRun,
      recovered: r.recovered,
      cancelled: r.cancelled,
      errors,
      failures: r.failures,
      tokens: r.tokens.totalTokens,
      costUsd: r.costUsd,
      ...(r.paused ? { paused: r.paused.reason } : {}),
    };
    if (r.paused) log().warn(`batch ${batchId}: paused after ${r.paused.failures} connection failures in a row: ${r.paused.reason}`);
    void this.announce(outcome, root);
    return outcome;
  }

  private async announce(o: BatchOutcome, root: string): Promise<void> {
    const openQueue = vscode.l10n.t('Open Review Queue');
    const showLog = vscode.l10n.t('Show Log');
    const resume = vscode.l10n.t('Resume');
    let pick: string | undefined;
    const settings = vscode.l10n.t('Open Settings');
    if (o.paused) {
      // Jobs that failed to connect are still to do: resume runs them with the rest.
      pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Batch paused: {0} {1} done, {2} still to do. Resume it when the server answers.', llmMessage(o.paused), o.done + o.skipped, o.notRun + o.failed),
        resume,
        settings,
      );
    } else if (o.cancelled) {
      pick = await vscode.window.showInformationMessage(vscode.l10n.t('Batch stopped: {0} done, {1} left. Nothing is lost: resume it later.', o.done + o.skipped, o.notRun), resume);
    } else if (o.failed || o.errors.length) {
      pick = await vscode.window.showWarningMessage(vscode.l10n.t('Batch finished: {0} done, {1} failed, {2} invalid.', o.done + o.skipped, o.failed, o.errors.length), openQueue, showLog);
    } else {
      pick = await vscode.window.showInformationMessage(vscode.l10n.t('Batch finished: {0} rewrites done.', o.done + o.skipped), openQueue);
    }
    if (pick === openQueue) await focusView('reviewQueue');
    if (pick === showLog) log().show(true);
    if (pick === resume) await this.resume({ batchId: o.batchId, root });
    if (pick === settings) await openEndpointSettings();
  }

  /** Single pair (the usual quick picks) or a plan typed as "50% textbook/high-school, 50% qa/college". */
  private async pickPlan(templates: TemplateSet, n: number): Promise<{ style: string; audience: string } | { mix: StyleShare[] } | undefined> {
    const one = { label: vscode.l10n.t('$(symbol-text) One style and audience'), detail: vscode.l10n.t('Every document is rewritten the same way.'), id: 'one' };
    const plan = { label: vscode.l10n.t('$(list-tree) A plan of several'), detail: vscode.l10n.t('Shares of style/audience pairs, e.g. 50% textbook/high-school, 50% qa/college.'), id: 'plan' };
    const kind = await vscode.window.showQuickPick([one, plan], { title: vscode.l10n.t('Rewrite {0} documents in batch', n) });
    if (!kind) return undefined;
    if (kind.id === 'one') return pickStyleAndAudience(this.context, templates);
    const last = this.context.globalState.get<string>('corpusCurator.lastBatchPlan', '50% textbook/high-school, 50% qa/college');
    const styles = availableStyles(templates).map((s) => s.id);
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Batch plan'),
      prompt: vscode.l10n.t('Styles: {0}. Audiences: {1}.', styles.join(', '), AUDIENCES.map((a) => a.id).join(', ')),
      value: last,
      placeHolder: '50% textbook/high-school, 50% qa/college',
      validateInput: (v) => {
        try {
          return checkPairs(templates, parsePlanText(v)) ?? null;
        } catch (e) {
          return errorMessage(e);
        }
      },
    });
    if (!text) return undefined;
    await this.context.globalState.update('corpusCurator.lastBatchPlan', text);
    return { mix: parsePlanText(text) };
  }
}

/** The catalog's check of the chosen pairs, worded for the user. */
function checkPairs(templates: TemplateSet, pairs: { style: string; audience: string }[]): string | undefined {
  const u = checkStyleAndAudience(pairs, templates.templates);
  if (!u) return undefined;
  return u.kind === 'style' ? vscode.l10n.t('Unknown style "{0}" (known: {1}).', u.value, u.known.join(', ')) : vscode.l10n.t('Unknown audience "{0}" (known: {1}).', u.value, u.known.join(', '));
}

/** Workspace-relative paths of every rewrite output in the provenance log. */
function rewriteOutputs(root: string): Set<string> {
  const out = new Set<string>();
  for (const r of readProvenance(root).records) if (r.type === 'rewrite') out.add(r.output.path);
  return out;
}

function reportErrors(errors: SourceError[], jobsFile?: string): void {
  if (!errors.length) return;
  const where = jobsFile ? basename(jobsFile) : 'batch';
  for (const e of errors) log().warn(`${where}${e.line ? `:${e.line}` : ''}${e.id ? ` (${e.id})` : ''}: ${e.message}`);
  void vscode.window.showWarningMessage(vscode.l10n.t('{0} job(s) left out of the batch; see the output channel for the lines.', errors.length));
}

export function progressMessage(p: ReturnType<typeof progressParts>, cancelled = false): string {
  const parts = [
    vscode.l10n.t('{0} done', p.done),
    vscode.l10n.t('{0} failed', p.failed),
    vscode.l10n.t('{0} left', p.remaining),
    vscode.l10n.t('{0} tokens', p.tokens),
  ];
  if (p.cost) parts.push(vscode.l10n.t('≈ {0}', p.cost));
  if (p.eta) parts.push(vscode.l10n.t('ETA {0}', p.eta));
  if (cancelled) parts.push(vscode.l10n.t('stopping…'));
  return parts.join(' · ');
}

/** Fires when a batch job finishes or a batch ends (the review queue refreshes). */
export const batchEvents = new vscode.EventEmitter<{ batchId: string; root: string; finished?: boolean }>();

/** Interrupted batches of every workspace folder (not running here, not discarded). */
export function unfinishedBatches(): UnfinishedBatch[] {
  const out: UnfinishedBatch[] = [];
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const root = f.uri.fsPath;
    if (!existsSync(join(root, '.curator', 'batches'))) continue;
    for (const status of listUnfinishedBatches(root)) {
      if (runningBatches.has(status.batchId)) continue;
      if (existsSync(join(batchDir(root, status.batchId), DISCARDED))) continue;
      out.push({ root, status });
    }
  }
  return out;
}

/** Marks a batch as not to be offered again (its journal and finished rewrites stay). */
export function discardBatch(root: string, batchId: string): void {
  writeFileSync(join(batchDir(root, batchId), DISCARDED), `${new Date().toISOString()}\n`);
}

/** The start-up offer: "Resume batch (N left)" / "Discard" for each interrupted batch. Returns what it found. */
export async function offerResume(runner: BatchRunner, opts: { answer?: 'resume' | 'discard' } = {}): Promise<UnfinishedBatch[]> {
  const found = unfinishedBatches();
  for (const b of found) {
    const s = b.status;
    const resume = vscode.l10n.t('Resume batch ({0} left)', s.unfinished);
    const discard = vscode.l10n.t('Discard');
    const msg = vscode.l10n.t('A batch rewrite was interrupted: {0} ({1} of {2} done).', s.meta?.origin ?? s.batchId, s.done, s.total);
    const pickP = opts.answer ? Promise.resolve(opts.answer === 'resume' ? resume : discard) : vscode.window.showInformationMessage(msg, resume, discard);
    void Promise.resolve(pickP).then(async (pick) => {
      if (pick === resume) await runner.resume({ batchId: s.batchId, root: b.root });
      else if (pick === discard) {
        discardBatch(b.root, s.batchId);
        log().info(`batch ${s.batchId}: discarded (${s.unfinished} jobs not run; finished rewrites kept)`);
      }
    });
  }
  return found;
}
