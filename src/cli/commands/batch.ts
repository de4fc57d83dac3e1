// curator batch run | export | import: many rewrites at once, through the same scheduler, journal and
// executor as the extension.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { checkStyleAndAudience, DEFAULT_AUDIENCE, DEFAULT_STYLE } from '../../core/rewrite/catalog';
import { loadTemplates, type TemplateSet } from '../../core/rewrite/templates';
import { findWorkspaceRoot } from '../../core/workspace/root';
import { toWorkspacePath } from '../../core/provenance/log';
import { defaultTextOutDir, pooledFactCheck, readJobSource, rewriteExecutor, rewriteSaver, templatePromptId, type RewriteSaver } from '../../core/batch/executor';
import { defaultFactCheckWorker, FactCheckPool } from '../../core/batch/factcheck-pool';
import { jobRequests, OPENAI_MAX_BYTES_PER_FILE, OPENAI_MAX_REQUESTS_PER_FILE, splitIntoFiles } from '../../core/batch/batchfile';
import { importOutput } from '../../core/batch/importer';
import { Journal, type BatchMeta, type PlannedJob } from '../../core/batch/journal';
import { DEFAULT_CHUNK_TOKENS } from '../../core/rewrite/rewrite';
import { runBatch } from '../../core/batch/runner';
import { assignStyles, batchIdFor, parseJobsJsonl, parseMix, planJobs, type PlanResult, type StyleShare } from '../../core/batch/sources';
import type { BatchProgress } from '../../core/batch/scheduler';
import { boolFlag, checkFlags, numberFlag, parseArgs, stringFlag, UsageError, type ParsedArgs } from '../args';
import type { CliCommand, CliIO } from './types';
import { TEACHER_DEFAULTS as D } from '../../core/llm/defaults';
import { RecordTexts, recordAwareReader } from '../../core/batch/records';
import { modelFrom, samplingFrom, TEACHER_FLAGS_USAGE, teacherFrom, unknownChoiceMessage } from '../teacher';

const usage = `curator batch run <jobs.jsonl> [options]
curator batch export <jobs.jsonl> --out <prefix> [options]
curator batch import <results.jsonl> [--jobs <jobs.jsonl>] [options]

A jobs file has one JSON object a line: {"id", "path" or "text", "style", "audience"} (paths relative to
the jobs file; style/audience optional when --style/--audience or --mix give them). A "path" may name one
record of a shard, "data/x.jsonl.gz:12" (line) or "x.parquet:3" (row): its rewrite is then a line of
<shard>.rewrites.<style>.<audience>.jsonl beside the shard, not a file of its own.

run      rewrites every job through the teacher model: parallel requests, rate limits, retries, a
         crash-proof journal in .curator/batches/<batch id>/. The batch id comes from the jobs file's path
         and content (and the model and style options), so running the same command again after a kill or
         Ctrl-C resumes: finished jobs are never requested again, interrupted ones are, failed ones are
         tried again. Three connection failures in a row (the endpoint refuses, its host is unknown)
         pause the run: the rest is left to do, and the next run tries the jobs that failed to connect
         again. Prints "done N, failed N, skipped N" (skipped = finished in an earlier run or a
         duplicate of another job).
         Exit status: 0 when every job is done; 1 when any job failed or a line of the jobs file is invalid
         (the others are still done), or on a fatal error; 2 on a usage error; 130 when interrupted.
export   writes OpenAI Batch API input files (<prefix>-001.jsonl, …; custom_id, method, url, body), split
         at 50,000 requests or 200 MB a file; they run on OpenAI's Batch API or on vLLM
         ("vllm run-batch -i in.jsonl -o out.jsonl"). Long documents become several requests (chunks).
import   reads a batch output file (OpenAI or vLLM), matches each line to its job by custom_id, checks the
         answers, writes the rewrites with their provenance and journals them like "run" does. Errors,
         unmatched and malformed lines are reported with their line numbers. Exit 1 if any line failed.

Options:
  --style <id> --audience <id>   defaults for jobs that name none (default ${DEFAULT_STYLE}, ${DEFAULT_AUDIENCE})
  --mix <spec>          style/audience pairs with shares for jobs that name none, assigned
                        deterministically, e.g. "textbook/high-school:50,qa/college:50"
  --seed <s>            seed of the --mix assignment (default "curator")
${TEACHER_FLAGS_USAGE}
  --concurrency <n>     parallel requests (default 8)
  --rpm <n>             requests per minute (default: no limit)
  --tpm <n>             tokens per minute, estimated before and corrected after each job (default: no limit)
  --max-attempts <n>    tries per job for timeouts and server errors after the client's retries (default 2)
  --out-dir <dir>       output folder (default: beside each source; inline texts: <jobs>.rewrites/)
  --temperature <t>     sampling temperature (default ${D.temperature})
  --max-tokens <n>      output token limit per request (default ${D.maxOutputTokens})
  --chunk-tokens <n>    source tokens per request for long documents (default ${DEFAULT_CHUNK_TOKENS})
  --timeout <seconds>   time allowed for silence from the endpoint (default ${D.requestTimeoutSeconds})
  --retries <n>         client retries after 429/5xx/timeouts (default ${D.maxRetries})
  --price-prompt <usd>  price per million prompt tokens, for the cost estimate
  --price-completion <usd>  price per million completion tokens
  --no-fact-check       do not score the rewrites' facts against their sources
  --root <dir>          workspace root (default: nearest folder with .curator/, else the current folder)
  --out <prefix>        (export) output file prefix
  --max-requests <n>    (export) requests per file (default 50000)
  --max-bytes <n>       (export) bytes per file (default 200 MB)
  --jobs <jobs.jsonl>   (import) the jobs file (default: found through the batch journal)

The API key comes from $OPENAI_API_KEY (local servers such as Ollama or vLLM need none).`;
import { errorMessage } from '../../core/util/errors';

const COMMON_FLAGS = ['style', 'audience', 'mix', 'seed', 'model', 'out-dir', 'chunk-tokens', 'root', 'no-fact-check', 'max-tokens', 'temperature'];
const RUN_FLAGS = [...COMMON_FLAGS, 'base-url', 'concurrency', 'rpm', 'tpm', 'max-attempts', 'timeout', 'retries', 'price-prompt', 'price-completion'];
const BOOLEANS = new Set(['no-fact-check']);

export interface PreparedPlan {
  root: string;
  jobsFile: string;
  batchId: string;
  model: string;
  templates: TemplateSet;
  plan: PlanResult;
  mix?: StyleShare[];
}

/** Reads a jobs file and plans it the way every batch sub-command does (same keys, same batch id). */
export async function prepare(jobsArg: string, args: ParsedArgs, io: CliIO, name: string): Promise<PreparedPlan> {
  const jobsFile = resolve(io.cwd, jobsArg);
  if (!existsSync(jobsFile)) throw new Error(`${jobsArg}: no such file`);
  const root = stringFlag(args, 'root') ? resolve(io.cwd, stringFlag(args, 'root')!) : findWorkspaceRoot(jobsFile, io.cwd);
  const templates = loadTemplates(root);
  for (const e of templates.errors) io.err(`curator batch ${name}: template skipped: ${e.message}`);
  const model = modelFrom(args, io);
  const style = stringFlag(args, 'style') ?? DEFAULT_STYLE;
  const audience = stringFlag(args, 'audience') ?? DEFAULT_AUDIENCE;
  const mixText = stringFlag(args, 'mix');
  const seed = stringFlag(args, 'seed') ?? 'curator';
  let mix: StyleShare[] | undefined;
  try {
    mix = mixText ? parseMix(mixText) : undefined;
  } catch (e) {
    throw new UsageError(errorMessage(e));
  }
  const unknown = checkStyleAndAudience([{ style, audience }, ...(mix ?? [])], templates.templates);
  if (unknown) throw new UsageError(unknownChoiceMessage(unknown));
  const content = readFileSync(jobsFile);
  const parsed = parseJobsJsonl(content.toString('utf8'));
  const specs = mix ? assignStyles(parsed.specs, mix, seed) : parsed.specs;
  // Records of shards named by the jobs are read beforehand, a shard at a time (core/batch/records.ts).
  const records = new RecordTexts();
  await records.preload(specs, dirname(jobsFile));
  const plan = planJobs(specs, {
    root,
    baseDir: dirname(jobsFile),
    model,
    promptId: templatePromptId(templates),
    readSource: recordAwareReader(records, readJobSource),
    defaults: { style, audience },
  });
  plan.errors.unshift(...parsed.errors);
  const batchId = batchIdFor(jobsFile, content, { model, style, audience, mix, seed });
  return { root, jobsFile, batchId, model, templates, plan, mix };
}

function positiveInt(args: ParsedArgs, name: string, def?: number): number | undefined {
  const v = numberFlag(args, name);
  if (v === undefined) return def;
  if (!Number.isInteger(v) || v < 1) throw new UsageError(`--${name} must be a whole number ≥ 1`);
  return v;
}

function fmtProgress(p: BatchProgress): string {
  const eta = p.etaMs !== undefined ? `, about ${Math.ceil(p.etaMs / 1000)} s left` : '';
  const cost = p.costUsd !== undefined ? `, $${p.costUsd.toFixed(4)}` : '';
  return `${p.done + p.skipped + p.failed}/${p.total}: done ${p.done}, failed ${p.failed}, running ${p.running}, ${p.tokens.totalTokens} tokens${cost}${eta}`;
}

async function runCmd(args: ParsedArgs, io: CliIO): Promise<number> {
  checkFlags(args, RUN_FLAGS);
  const jobsArg = args.positionals[0];
  if (!jobsArg || args.positionals.length > 1) throw new UsageError('give exactly one jobs file: curator batch run <jobs.jsonl>');
  const prep = await prepare(jobsArg, args, io, 'run');
  const { root, plan, batchId } = prep;
  for (const e of plan.errors) io.err(`curator batch run: ${jobsArg}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  if (plan.jobs.length === 0) throw new Error(`${jobsArg}: no job to run`);
  const teacher = teacherFrom(args, io, prep.model);
  const outDirFlag = stringFlag(args, 'out-dir');
  // Fact checks in worker threads when the worker is there (the bundle, or the sources under tsx).
  const workerFile = boolFlag(args, 'no-fact-check') ? undefined : defaultFactCheckWorker();
  const pool = workerFile ? new FactCheckPool(workerFile) : undefined;
  const executor = rewriteExecutor({
    root,
    teacher,
    templates: prep.templates,
    chunkTokens: numberFlag(args, 'chunk-tokens'),
    outDir: outDirFlag ? resolve(io.cwd, outDirFlag) : undefined,
    textOutDir: defaultTextOutDir(prep.jobsFile),
    textOrigin: toWorkspacePath(root, prep.jobsFile),
    factCheck: boolFlag(args, 'no-fact-check') ? null : pool ? pooledFactCheck(pool) : undefined,
  });
  const pp = numberFlag(args, 'price-prompt');
  const pc = numberFlag(args, 'price-completion');
  const ctrl = new AbortController();
  const onSigint = () => {
    io.err('curator batch run: interrupted, stopping (run the same command again to resume)');
    ctrl.abort();
  };
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  let last = 0;
  io.err(`curator batch run: batch ${batchId}, ${plan.jobs.length} jobs, journal .curator/batches/${batchId}/journal.jsonl`);
  try {
    const res = await runBatch({
      root,
      batchId,
      meta: { origin: toWorkspacePath(root, prep.jobsFile), model: prep.model, endpointHost: teacher.endpointHost, mode: 'run' },
      jobs: plan.jobs,
      executor,
      concurrency: positiveInt(args, 'concurrency', 8)!,
      rpm: positiveInt(args, 'rpm'),
      tpm: positiveInt(args, 'tpm'),
      maxAttempts: positiveInt(args, 'max-attempts', 2),
      prices: pp !== undefined || pc !== undefined ? { promptPerMTok: pp ?? 0, completionPerMTok: pc ?? 0 } : undefined,
      signal: ctrl.signal,
      onProgress: (p) => {
        if (p.event === 'job-failed') io.err(`curator batch run: job ${p.jobId} failed: ${p.reason}`);
        const now = Date.now();
        if (now - last >= 2000 && p.event === 'job-done') {
          last = now;
          io.err(fmtProgress(p));
        }
      },
    });
    const skipped = res.skipped + plan.duplicates.length;
    const cost = res.costUsd !== undefined ? `, cost $${res.costUsd.toFixed(4)}` : '';
    io.err(
      `curator batch run: ${res.tokens.totalTokens} tokens${cost}, ${(res.elapsedMs / 1000).toFixed(1)} s` +
        (res.recovered ? `, ${res.recovered} recovered from disk` : '') +
        (res.cancelled ? `, interrupted with ${res.notRun} to do` : ''),
    );
    if (res.paused) {
      io.err(`curator batch run: paused after ${res.paused.failures} connection failures in a row: ${res.paused.reason}; run the same command again to resume (${res.notRun + res.failed} to do)`);
    }
    io.out(`done ${res.done}, failed ${res.failed}, skipped ${skipped}${plan.errors.length ? `, invalid ${plan.errors.length}` : ''}`);
    if (res.cancelled) return 130;
    return res.failed > 0 || plan.errors.length > 0 ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
    await pool?.close();
  }
}

async function exportCmd(args: ParsedArgs, io: CliIO): Promise<number> {
  checkFlags(args, [...COMMON_FLAGS, 'out', 'max-requests', 'max-bytes', 'temperature']);
  const jobsArg = args.positionals[0];
  if (!jobsArg || args.positionals.length > 1) throw new UsageError('give exactly one jobs file: curator batch export <jobs.jsonl> --out <prefix>');
  const prefix = stringFlag(args, 'out');
  if (!prefix) throw new UsageError('--out <prefix> is required (files <prefix>-001.jsonl, …)');
  const prep = await prepare(jobsArg, args, io, 'export');
  const { root, plan, batchId } = prep;
  for (const e of plan.errors) io.err(`curator batch export: ${jobsArg}${e.line ? `:${e.line}` : ''}: ${e.message}`);
  if (plan.jobs.length === 0) throw new Error(`${jobsArg}: no job to export`);
  const saver = rewriteSaver({ root, templates: prep.templates, textOrigin: toWorkspacePath(root, prep.jobsFile), factCheck: null });
  const journal = await Journal.open(root, batchId);
  let exported = 0;
  let skipped = plan.duplicates.length;
  let failed = 0;
  const groups: string[][] = [];
  try {
    if (!journal.state.plan) {
      await journal.append({ t: 'plan', v: 1, batchId, time: new Date().toISOString(), meta: { origin: toWorkspacePath(root, prep.jobsFile), model: prep.model, endpointHost: 'batch-api', mode: 'export' }, jobs: plan.jobs });
    }
    const opts = {
      batchId,
      model: prep.model,
      templates: prep.templates,
      chunkTokens: numberFlag(args, 'chunk-tokens') ?? DEFAULT_CHUNK_TOKENS,
      ...samplingFrom(args),
    };
    for (const job of journal.state.plan!.jobs) {
      if (journal.state.done.has(job.key)) {
        skipped++;
        continue;
      }
      try {
        groups.push(jobRequests(job, saver.sourceOf(job).text, opts).map((l) => JSON.stringify(l)));
        exported++;
      } catch (e) {
        failed++;
        io.err(`curator batch export: job ${job.id}: ${errorMessage(e)}`);
      }
    }
  } finally {
    await journal.close();
    await saver.close();
  }
  const files = splitIntoFiles(groups, {
    maxRequests: positiveInt(args, 'max-requests', OPENAI_MAX_REQUESTS_PER_FILE)!,
    maxBytes: positiveInt(args, 'max-bytes', OPENAI_MAX_BYTES_PER_FILE)!,
  });
  const base = resolve(io.cwd, prefix);
  mkdirSync(dirname(base), { recursive: true });
  let requests = 0;
  files.forEach((lines, i) => {
    const file = `${base}-${String(i + 1).padStart(3, '0')}.jsonl`;
    writeFileSync(file, lines.join('\n') + '\n');
    requests += lines.length;
    io.err(`curator batch export: wrote ${file} (${lines.length} requests)`);
  });
  io.out(`exported ${exported} jobs as ${requests} requests in ${files.length} file${files.length === 1 ? '' : 's'} (batch ${batchId}); failed ${failed}, skipped ${skipped}`);
  return failed > 0 || plan.errors.length > 0 ? 1 : 0;
}

async function importCmd(args: ParsedArgs, io: CliIO): Promise<number> {
  checkFlags(args, [...COMMON_FLAGS, 'jobs']);
  if (args.positionals.length === 0) throw new UsageError('give the batch output file(s): curator batch import <results.jsonl> [--jobs <jobs.jsonl>]');
  const jobsArg = stringFlag(args, 'jobs');
  let root: string;
  let templates: TemplateSet;
  const plans = new Map<string, { jobs: PlannedJob[]; meta: BatchMeta }>();
  if (jobsArg) {
    const prep = await prepare(jobsArg, args, io, 'import');
    root = prep.root;
    templates = prep.templates;
    plans.set(prep.batchId, { jobs: prep.plan.jobs, meta: { origin: toWorkspacePath(root, prep.jobsFile), model: prep.model, endpointHost: 'batch-api', mode: 'export' } });
  } else {
    root = stringFlag(args, 'root') ? resolve(io.cwd, stringFlag(args, 'root')!) : findWorkspaceRoot(resolve(io.cwd, args.positionals[0]!), io.cwd);
    templates = loadTemplates(root);
  }
  const outDirFlag = stringFlag(args, 'out-dir');
  const savers = new Map<string, RewriteSaver>();
  const saverFor = (meta: BatchMeta | undefined) => {
    const origin = meta?.origin ?? 'jobs.jsonl';
    let s = savers.get(origin);
    if (!s) {
      s = rewriteSaver({
        root,
        templates,
        outDir: outDirFlag ? resolve(io.cwd, outDirFlag) : undefined,
        textOutDir: defaultTextOutDir(resolve(root, origin)),
        textOrigin: origin,
        factCheck: boolFlag(args, 'no-fact-check') ? null : undefined,
      });
      savers.set(origin, s);
    }
    return s;
  };
  let done = 0;
  let failed = 0;
  let skipped = 0;
  let problems = 0;
  try {
    for (const f of args.positionals) {
      const file = resolve(io.cwd, f);
      if (!existsSync(file)) throw new Error(`${f}: no such file`);
      const r = await importOutput(readFileSync(file, 'utf8'), { root, templates, saverFor, plans });
      for (const p of r.problems) io.err(`curator batch import: ${f}:${p.line}: ${p.message}`);
      done += r.done;
      failed += r.failed;
      skipped += r.skipped;
      problems += r.problems.length;
    }
  } finally {
    for (const s of savers.values()) await s.close();
  }
  io.out(`done ${done}, failed ${failed}, skipped ${skipped}${problems ? `, ${problems} line${problems === 1 ? '' : 's'} not imported` : ''}`);
  return failed > 0 || problems > 0 ? 1 : 0;
}

export const batchCommand: CliCommand = {
  name: 'batch',
  summary: 'rewrite many documents: run (resumable), export / import OpenAI Batch API files',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const args = parseArgs(rest, BOOLEANS);
    switch (sub) {
      case 'run':
        return runCmd(args, io);
      case 'export':
        return exportCmd(args, io);
      case 'import':
        return importCmd(args, io);
      default:
        throw new UsageError(`unknown batch command "${sub ?? ''}" (run, export or import)`);
    }
  },
};
