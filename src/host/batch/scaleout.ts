// Corpus: Export Batch for OpenAI Batch API… / Import Batch Results… — scale-out through a provider's batch
// endpoint (OpenAI's Batch API, or `vllm run-batch` on your own GPUs), on the core's batch files
// (src/core/batch/batchfile.ts, importer.ts). Export plans the batch like "Rewrite in Batch…" (its journal
// says mode "export") and writes the request files; import matches each output line to its job by
// custom_id, checks the answers, saves the rewrites with provenance and journals them, and reports the lines
// it could not import with their line numbers.
import * as vscode from 'vscode';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { jobRequests, OPENAI_MAX_BYTES_PER_FILE, OPENAI_MAX_REQUESTS_PER_FILE, splitIntoFiles } from '../../core/batch/batchfile';
import { defaultTextOutDir, rewriteSaver, type RewriteSaver } from '../../core/batch/executor';
import { importOutput } from '../../core/batch/importer';
import { Journal, type BatchMeta } from '../../core/batch/journal';
import { loadTemplates } from '../../core/rewrite/templates';
import { readConfig } from '../config';
import { log } from '../log';
import { isOptions, type ExportArgs, type ExportOutcome, type ImportArgs, type ImportOutcome } from '../commands';
import { batchEvents, type BatchRunner } from './run';
import { errorMessage } from '../../core/util/errors';

function rootFor(p: string): string {
  const f = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(p)) ?? vscode.workspace.workspaceFolders?.[0];
  return f ? f.uri.fsPath : resolve(p, '..');
}

export async function exportBatch(runner: BatchRunner, clicked?: vscode.Uri | ExportArgs, selected?: vscode.Uri[] | ExportArgs): Promise<ExportOutcome | undefined> {
  const args: ExportArgs = isOptions<ExportArgs>(clicked) ? clicked : isOptions<ExportArgs>(selected) ? selected : {};
  const c = clicked instanceof vscode.Uri ? clicked : undefined;
  const s = Array.isArray(selected) ? selected : undefined;
  const p = await runner.prepare(c, s, args, 'export');
  if (!p || !p.jobs.length) return p ? { batchId: '', files: [], requests: 0, jobs: 0, errors: p.errors } : undefined;
  const cfg = readConfig(p.scope);
  const errors = [...p.errors];
  const saver = rewriteSaver({ root: p.root, templates: p.templates, textOrigin: typeof p.meta.jobsFile === 'string' ? p.meta.jobsFile : undefined, factCheck: null });
  const groups: string[][] = [];
  let jobs = 0;
  // The journal's plan lets "Import Batch Results…" match the answers to their jobs later.
  const journal = await Journal.open(p.root, p.batchId);
  try {
    if (!journal.state.plan) await journal.append({ t: 'plan', v: 1, batchId: p.batchId, time: new Date().toISOString(), meta: { ...p.meta, endpointHost: 'batch-api' }, jobs: p.jobs });
    const opts = { batchId: p.batchId, model: cfg.model, templates: p.templates, chunkTokens: cfg.chunkTokens, temperature: cfg.temperature, maxOutputTokens: cfg.maxOutputTokens };
    for (const job of journal.state.plan!.jobs) {
      if (journal.state.done.has(job.key)) continue;
      try {
        groups.push(jobRequests(job, saver.sourceOf(job).text, opts).map((l) => JSON.stringify(l)));
        jobs++;
      } catch (e) {
        errors.push({ line: job.line, id: job.id, message: errorMessage(e) });
        log().warn(`export: ${p.meta.origin}${job.line ? `:${job.line}` : ''} (${job.id}): ${errorMessage(e)}`);
      }
    }
  } finally {
    await journal.close();
    await saver.close();
  }
  let split: string[][];
  try {
    split = splitIntoFiles(groups, { maxRequests: args.maxRequests ?? OPENAI_MAX_REQUESTS_PER_FILE, maxBytes: args.maxBytes ?? OPENAI_MAX_BYTES_PER_FILE });
  } catch (e) {
    void vscode.window.showErrorMessage(errorMessage(e));
    return undefined;
  }
  const outDir = args.outDir ? (isAbsolute(args.outDir) ? args.outDir : join(p.root, args.outDir)) : join(p.root, '.curator', 'batches', p.batchId);
  mkdirSync(outDir, { recursive: true });
  let requests = 0;
  const files = split.map((lines, i) => {
    const f = join(outDir, `openai-batch-input-${String(i + 1).padStart(3, '0')}.jsonl`);
    writeFileSync(f, lines.join('\n') + '\n');
    requests += lines.length;
    return f;
  });
  log().info(`export: batch ${p.batchId}: ${requests} requests for ${jobs} documents in ${files.length} file(s): ${files.join(', ')}`);
  const reveal = vscode.l10n.t('Reveal in Explorer');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Exported {0} requests for {1} documents into {2} file(s). Upload them to the Batch API (or run "vllm run-batch"), then use "Import Batch Results…".', requests, jobs, files.length), reveal)
    .then((pick) => {
      if (pick === reveal && files[0]) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(files[0]));
    });
  return { batchId: p.batchId, files, requests, jobs, errors };
}

export async function importResults(args: ImportArgs | vscode.Uri = {}): Promise<ImportOutcome | undefined> {
  let file = args instanceof vscode.Uri ? args.fsPath : args.resultsFile;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { JSONL: ['jsonl'] },
      title: vscode.l10n.t('Batch results (OpenAI Batch API or vllm run-batch output)'),
      openLabel: vscode.l10n.t('Import'),
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    if (!picked?.[0]) return undefined;
    file = picked[0].fsPath;
  }
  if (!isAbsolute(file) && vscode.workspace.workspaceFolders?.[0]) file = join(vscode.workspace.workspaceFolders[0].uri.fsPath, file);
  const root = rootFor(file);
  const name = basename(file);
  const cfg = readConfig(vscode.Uri.file(root));
  const templates = loadTemplates(root);
  const outDir = cfg.outputFolder ? (isAbsolute(cfg.outputFolder) ? cfg.outputFolder : join(root, cfg.outputFolder)) : undefined;
  const savers = new Map<string, RewriteSaver>();
  const saverFor = (meta: BatchMeta | undefined) => {
    const origin = typeof meta?.jobsFile === 'string' ? meta.jobsFile : (meta?.origin ?? 'jobs.jsonl');
    let s = savers.get(origin);
    if (!s) {
      s = rewriteSaver({ root, templates, outDir, textOutDir: defaultTextOutDir(resolve(root, origin)), textOrigin: origin });
      savers.set(origin, s);
    }
    return s;
  };
  let r;
  try {
    r = await importOutput(readFileSync(file, 'utf8'), { root, templates, saverFor, endpointHost: 'batch-api' });
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Import failed: {0}', errorMessage(e)));
    return undefined;
  } finally {
    for (const s of savers.values()) await s.close();
  }
  for (const b of r.batches) batchEvents.fire({ batchId: b, root, finished: true });
  const out: ImportOutcome = { imported: r.done, alreadyDone: r.skipped, failed: r.failed, problems: r.problems };
  for (const p of r.problems) log().warn(`import: ${name}:${p.line}: ${p.message}`);
  log().info(`import: ${name}: ${out.imported} imported, ${out.alreadyDone} already done, ${out.failed} failed, ${out.problems.length} line(s) not imported`);
  const msg = vscode.l10n.t('Imported {0} rewrites from {1}: {2} failed, {3} lines not imported, {4} already imported.', out.imported, name, out.failed, out.problems.length, out.alreadyDone);
  const showLog = vscode.l10n.t('Show Log');
  void (out.problems.length || out.failed ? vscode.window.showWarningMessage(msg, showLog) : vscode.window.showInformationMessage(msg)).then((p) => {
    if (p === showLog) log().show(true);
  });
  return out;
}
