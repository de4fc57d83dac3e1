// Corpus: Export Batch for OpenAI Batch API… / Import Batch Results… — scale-out through a provider's batch
// endpoint (OpenAI's Batch API, or `vllm run-batch` on your own GPUs). Export plans the batch like "Rewrite
// in Batch…" (its journal says mode "export") and writes the request files; import matches each output line
// to its job by custom_id, checks the answers, saves the rewrites with provenance and journals them, and
// reports errors and unmatched lines with their line numbers.
import * as vscode from 'vscode';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { defaultTextOutDir, readJobSource, reviewFactCheck } from '../../core/batch/executor';
import { Journal, readJournal, type PlannedJob } from '../../core/batch/journal';
import { doneRecord } from '../../core/batch/runner';
import type { OutputFlag, TokenUsage } from '../../core/provenance/types';
import { checkAnswer, FLAG_TEXT } from '../../core/rewrite/checks';
import { candidateName, outputBaseName } from '../../core/rewrite/naming';
import { saveRewrite } from '../../core/rewrite/rewrite';
import { loadTemplates, selectTemplate } from '../../core/rewrite/templates';
import { sha256 } from '../../core/text/hash';
import { detectLanguage } from '../../core/text/lang';
import { readConfig } from '../config';
import { log } from '../log';
import { batchEvents, type BatchArgs, type BatchRunner } from './run';
import { jobRequests, parseCustomId, parseResultLine, splitFiles, type ResultLine } from './openai-batch';

export interface ExportArgs extends BatchArgs {
  /** Folder for the request files (default .curator/batches/<batch id>/). */
  outDir?: string;
  maxRequests?: number;
  maxBytes?: number;
}

export interface ExportOutcome {
  batchId: string;
  files: string[];
  requests: number;
  jobs: number;
  errors: { line?: number; id?: string; message: string }[];
}

export interface ImportArgs {
  resultsFile?: string;
}

export interface ImportOutcome {
  imported: number;
  alreadyDone: number;
  failed: number;
  /** Lines with an error (from the provider or unreadable), 1-based. */
  errorLines: { line: number; message: string }[];
  /** Lines whose custom_id matches no job of any batch. */
  unmatched: { line: number; customId?: string }[];
  /** Jobs with some parts missing from the file. */
  incomplete: { job: string; missing: number }[];
}

function rootFor(p: string): string {
  const f = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(p)) ?? vscode.workspace.workspaceFolders?.[0];
  return f ? f.uri.fsPath : resolve(p, '..');
}

export async function exportBatch(runner: BatchRunner, clicked?: vscode.Uri | ExportArgs, selected?: vscode.Uri[] | ExportArgs): Promise<ExportOutcome | undefined> {
  const args: ExportArgs = (isArgs(clicked) ? clicked : isArgs(selected) ? selected : {}) as ExportArgs;
  const c = clicked instanceof vscode.Uri ? clicked : undefined;
  const s = Array.isArray(selected) ? selected : undefined;
  const p = await runner.prepare(c, s, args, 'export');
  if (!p || !p.jobs.length) return p ? { batchId: '', files: [], requests: 0, jobs: 0, errors: p.errors } : undefined;
  const cfg = readConfig(p.scope);
  const jobsFile = typeof p.meta.jobsFile === 'string' ? join(p.root, p.meta.jobsFile) : undefined;
  const errors = [...p.errors];
  const lines: string[] = [];
  let jobs = 0;
  for (const job of p.jobs) {
    try {
      lines.push(
        ...jobRequests(job, {
          batchId: p.batchId,
          model: cfg.model,
          templates: p.templates,
          chunkTokens: cfg.chunkTokens,
          temperature: cfg.temperature,
          maxOutputTokens: cfg.maxOutputTokens,
          textOf: (j) => (j.source.path !== undefined ? readJobSource(resolve(p.root, j.source.path)).text : (j.source.text ?? '')),
        }),
      );
      jobs++;
    } catch (e) {
      errors.push({ line: job.line, id: job.id, message: (e as Error).message });
      log().warn(`export: ${jobsFile ? basename(jobsFile) : 'batch'}${job.line ? `:${job.line}` : ''} (${job.id}): ${(e as Error).message}`);
    }
  }
  // The journal's plan lets "Import Batch Results…" match the answers to their jobs later.
  const journal = await Journal.open(p.root, p.batchId);
  try {
    if (!journal.state.plan) await journal.append({ t: 'plan', v: 1, batchId: p.batchId, time: new Date().toISOString(), meta: { ...p.meta, endpointHost: 'batch-api' }, jobs: p.jobs });
  } finally {
    await journal.close();
  }
  const outDir = args.outDir ? (isAbsolute(args.outDir) ? args.outDir : join(p.root, args.outDir)) : join(p.root, '.curator', 'batches', p.batchId);
  mkdirSync(outDir, { recursive: true });
  const files = splitFiles(lines, args.maxRequests, args.maxBytes).map((chunk, i) => {
    const f = join(outDir, `openai-batch-input-${String(i + 1).padStart(3, '0')}.jsonl`);
    writeFileSync(f, chunk.join('\n') + '\n');
    return f;
  });
  log().info(`export: batch ${p.batchId}: ${lines.length} requests for ${jobs} documents in ${files.length} file(s): ${files.join(', ')}`);
  const reveal = vscode.l10n.t('Reveal in Explorer');
  void vscode.window
    .showInformationMessage(vscode.l10n.t('Exported {0} requests for {1} documents into {2} file(s). Upload them to the Batch API (or run "vllm run-batch"), then use "Import Batch Results…".', lines.length, jobs, files.length), reveal)
    .then((pick) => {
      if (pick === reveal && files[0]) void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(files[0]));
    });
  return { batchId: p.batchId, files, requests: lines.length, jobs, errors };
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
  const out: ImportOutcome = { imported: 0, alreadyDone: 0, failed: 0, errorLines: [], unmatched: [], incomplete: [] };
  const text = readFileSync(file, 'utf8');
  // Group the answers by batch and job.
  const byBatch = new Map<string, Map<string, { parts: (ResultLine | undefined)[]; lines: number[] }>>();
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const r = parseResultLine(raw, i + 1);
    const id = r.customId ? parseCustomId(r.customId) : undefined;
    if (!r.customId || (!id && r.ok)) {
      if (!r.customId) out.errorLines.push({ line: i + 1, message: r.error ?? 'no custom_id' });
      else out.unmatched.push({ line: i + 1, customId: r.customId });
      return;
    }
    if (!id) {
      out.unmatched.push({ line: i + 1, customId: r.customId });
      return;
    }
    if (!r.ok) out.errorLines.push({ line: i + 1, message: `${r.customId}: ${r.error}` });
    let jobs = byBatch.get(id.batchId);
    if (!jobs) byBatch.set(id.batchId, (jobs = new Map()));
    let j = jobs.get(id.key);
    if (!j) jobs.set(id.key, (j = { parts: new Array(id.chunks).fill(undefined), lines: [] }));
    if (id.chunks !== j.parts.length) {
      out.errorLines.push({ line: i + 1, message: `${r.customId}: part count differs from an earlier line` });
      return;
    }
    j.parts[id.chunk] = r;
    j.lines.push(i + 1);
  });

  const cfg = readConfig(vscode.Uri.file(root));
  const templates = loadTemplates(root);
  const outDirSetting = cfg.outputFolder ? (isAbsolute(cfg.outputFolder) ? cfg.outputFolder : join(root, cfg.outputFolder)) : undefined;
  for (const [batchId, jobs] of byBatch) {
    let st;
    try {
      st = readJournal(root, batchId);
    } catch {
      st = undefined;
    }
    if (!st?.plan) {
      for (const j of jobs.values()) for (const l of j.lines) out.unmatched.push({ line: l, customId: j.parts.find((x) => x)?.customId });
      continue;
    }
    const plan = new Map(st.plan.jobs.map((j) => [j.key, j]));
    const meta = st.plan.meta;
    const journal = await Journal.open(root, batchId);
    try {
      for (const [key, j] of jobs) {
        const job = plan.get(key);
        if (!job) {
          for (const l of j.lines) out.unmatched.push({ line: l, customId: j.parts.find((x) => x)?.customId });
          continue;
        }
        if (journal.state.done.has(key)) {
          out.alreadyDone++;
          continue;
        }
        const missing = j.parts.filter((x) => !x).length;
        if (missing) {
          out.incomplete.push({ job: job.id, missing });
          continue;
        }
        const parts = j.parts as ResultLine[];
        if (parts.some((x) => !x.ok)) {
          out.failed++;
          await journal.append({ t: 'fail', key, job: job.id, time: new Date().toISOString(), reason: parts.filter((x) => !x.ok).map((x) => `line ${x.line}: ${x.error}`).join('; '), kind: 'import' });
          continue;
        }
        try {
          const saved = saveImported(root, job, parts, { meta, templates, outDir: outDirSetting, batchId });
          if ('flags' in saved) {
            out.failed++;
            out.errorLines.push(...saved.problems.map((m) => ({ line: m.line, message: `${job.id}: ${m.message}` })));
            await journal.append({ t: 'fail', key, job: job.id, time: new Date().toISOString(), reason: saved.problems.map((p) => p.message).join('; '), kind: 'output-check', flags: saved.flags });
            continue;
          }
          await journal.append(doneRecord(job, saved.success, { imported: true }));
          out.imported++;
        } catch (e) {
          out.failed++;
          out.errorLines.push({ line: j.lines[0]!, message: `${job.id}: ${(e as Error).message}` });
          await journal.append({ t: 'fail', key, job: job.id, time: new Date().toISOString(), reason: (e as Error).message, kind: 'import' });
        }
      }
    } finally {
      await journal.close();
    }
    batchEvents.fire({ batchId, root, finished: true });
  }

  for (const e of out.errorLines.sort((a, b) => a.line - b.line)) log().warn(`import: ${name}:${e.line}: ${e.message}`);
  for (const u of out.unmatched) log().warn(`import: ${name}:${u.line}: no job matches custom_id ${JSON.stringify(u.customId ?? '')}`);
  for (const m of out.incomplete) log().warn(`import: job ${m.job}: ${m.missing} part(s) missing from ${name}`);
  log().info(`import: ${name}: ${out.imported} imported, ${out.alreadyDone} already done, ${out.failed} failed, ${out.errorLines.length} error line(s), ${out.unmatched.length} unmatched`);
  const msg = vscode.l10n.t('Imported {0} rewrites from {1}: {2} failed, {3} lines with errors, {4} unmatched, {5} already imported.', out.imported, name, out.failed, out.errorLines.length, out.unmatched.length, out.alreadyDone);
  const showLog = vscode.l10n.t('Show Log');
  const problems = out.errorLines.length + out.unmatched.length + out.incomplete.length + out.failed;
  void (problems ? vscode.window.showWarningMessage(msg, showLog) : vscode.window.showInformationMessage(msg)).then((p) => {
    if (p === showLog) log().show(true);
  });
  return out;
}

interface SaveContext {
  meta: { model: string; jobsFile?: unknown; endpointHost?: string };
  templates: ReturnType<typeof loadTemplates>;
  outDir?: string;
  batchId: string;
}

function saveImported(
  root: string,
  job: PlannedJob,
  parts: ResultLine[],
  c: SaveContext,
): { success: Parameters<typeof doneRecord>[1] } | { flags: OutputFlag[]; problems: { line: number; message: string }[] } {
  let abs: string;
  let fileText: string;
  let text: string;
  if (job.source.path !== undefined) {
    abs = resolve(root, job.source.path);
    if (!existsSync(abs)) throw new Error(`the source ${job.source.path} is gone`);
    ({ fileText, text } = readJobSource(abs));
    if (sha256(fileText) !== job.source.sha256) throw new Error(`the source ${job.source.path} changed since the batch was exported`);
  } else {
    const origin = typeof c.meta.jobsFile === 'string' ? c.meta.jobsFile : 'jobs';
    abs = resolve(root, `${origin}#${job.id}`);
    fileText = text = job.source.text ?? '';
  }
  const sourceLang = detectLanguage(text.trim());
  const flags = new Set<OutputFlag>();
  const problems: { line: number; message: string }[] = [];
  const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  for (const p of parts) {
    for (const f of checkAnswer({ sourceLang, text: p.text ?? '', finishReason: p.finishReason as never, refusal: p.refusal })) {
      flags.add(f);
      problems.push({ line: p.line, message: FLAG_TEXT[f] });
    }
    usage.promptTokens += p.usage?.promptTokens ?? 0;
    usage.completionTokens += p.usage?.completionTokens ?? 0;
    usage.totalTokens += p.usage?.totalTokens ?? 0;
  }
  if (flags.size) return { flags: [...flags], problems };
  const template = selectTemplate(c.templates, job.style, job.audience, sourceLang === 'zh' ? 'zh' : 'en');
  if (!template) throw new Error(`no prompt template for style "${job.style}" and audience "${job.audience}"`);
  const rewritten = parts.map((p) => (p.text ?? '').trim()).join('\n\n');
  let outFile: string | undefined;
  if (job.source.path === undefined) {
    const dir = c.outDir ?? (typeof c.meta.jobsFile === 'string' ? defaultTextOutDir(join(root, c.meta.jobsFile)) : join(root, 'rewrites'));
    const { stem, ext } = outputBaseName(`${job.id.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^\.+/, '').slice(0, 120) || 'job'}.md`, job.style, job.audience);
    for (let n = 1; ; n++) {
      const p = candidateName(dir, stem, ext, n);
      if (!existsSync(p)) {
        outFile = p;
        break;
      }
    }
  }
  const { record } = saveRewrite({
    root,
    sourcePath: abs,
    sourceFileText: fileText,
    style: job.style,
    audience: job.audience,
    result: {
      text: rewritten,
      sourceLang,
      flags: [],
      problems: [],
      usage,
      usageEstimated: !parts.every((p) => p.usage),
      chunks: parts.length,
      chunksDone: parts.length,
      template: { id: template.id, sha256: template.sha256, origin: template.origin },
      model: parts[0]?.model ?? c.meta.model,
      endpointHost: 'batch-api',
      attempts: parts.length,
      durationMs: 0,
    },
    outDir: outFile ? undefined : c.outDir,
    outFile,
    batchId: c.batchId,
    jobId: job.id,
  });
  let facts;
  try {
    facts = reviewFactCheck(text, rewritten);
  } catch {
    facts = undefined;
  }
  return {
    success: {
      ok: true,
      rewriteId: record.id,
      output: { path: record.output.path, sha256: record.output.sha256 },
      source: { path: record.source.path, sha256: record.source.sha256 },
      usage,
      flags: [],
      facts,
      requests: 0,
    },
  };
}

function isArgs(x: unknown): x is ExportArgs {
  return !!x && typeof x === 'object' && !(x instanceof vscode.Uri) && !Array.isArray(x);
}
