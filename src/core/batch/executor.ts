// The real job executor: rewriteText (chunking, prompts, output checks) → saveRewrite (new file beside the
// source or in the output folder, then its provenance line, both fsynced) → fact check (buildReview's
// summary). A flagged answer is not saved as a rewrite: it is kept under .curator/failed/ (paid for, never
// lost) and the job fails with the reason.
//
// Inline-text jobs (JSONL "text") have no source file: their provenance source path is the virtual
// `<jobs file>#<job id>`, and their output goes to the output folder as `<job id>.<style>.<audience>.md`.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Teacher } from '../llm/types';
import { appendProvenance, readProvenance, toWorkspacePath } from '../provenance/log';
import type { FactSummary, RewriteRecord } from '../provenance/types';
import { buildReview } from '../review/review';
import { candidateName, outputBaseName } from '../rewrite/naming';
import { keepFailedAnswer, rewriteText, saveRewrite, type RewriteTextResult } from '../rewrite/rewrite';
import { readSourceFile } from '../rewrite/source';
import { selectTemplate, type TemplateSet } from '../rewrite/templates';
import { sha256 } from '../text/hash';
import { detectLanguage } from '../text/lang';
import type { PlannedJob } from './journal';
import type { ExecContext, JobExecutor, JobOutcome, JobRejected, JobSuccess } from './runner';
import { ProvenanceAppender, recordRewriteMeta, saveRecordRewriteAsync, saveRewriteAsync, type SaveIntent } from './save';
import { RecordTexts } from './records';
import { appendRecordRewrite, findRecordRewrite, formatRecordRef, parseRecordRef, readRecordTextSync } from '../corpus/record-ref';
import type { FactCheckPool } from './factcheck-pool';
import { defaultWriterWorker, inProcessWriter, WorkerFileWriter, type FileWriter } from './writer';
import { removeStaleTemps } from './newfile';
import { errorMessage } from '../util/errors';

/** Compares a rewrite with its source (at once, or in a worker); undefined when no check is wanted. */
export type FactCheck = (source: string, rewrite: string, style?: string) => FactSummary | undefined | Promise<FactSummary | undefined>;

/** The fact check through a worker pool (factcheck-pool.ts), off the main thread. */
export function pooledFactCheck(pool: FactCheckPool): FactCheck {
  return (source, rewrite, style) => pool.check(source, rewrite, style);
}

/** The fact check of src/core/review: the summary (score, verdict, kept/dropped/altered/added). */
export const reviewFactCheck = (source: string, rewrite: string, style?: string): FactSummary => buildReview(source, rewrite, { style }).summary;

export interface RewriteExecutorOptions {
  root: string;
  teacher: Teacher;
  templates: TemplateSet;
  chunkTokens?: number;
  /** Output folder (absolute); default: beside each source file. Inline-text jobs need one. */
  outDir?: string;
  /** Folder for inline-text jobs' outputs when outDir is not given (absolute). */
  textOutDir?: string;
  /** Workspace-relative name inline-text jobs are attributed to (`<this>#<job id>`), e.g. the jobs file. */
  textOrigin?: string;
  /** Default: reviewFactCheck. Pass null for none. */
  factCheck?: FactCheck | null;
  /**
   * Save through rewrite's own synchronous saveRewrite instead of the asynchronous adapter (save.ts).
   * Same files and records; the adapter keeps the disk syncs off the event loop (default false).
   */
  syncSave?: boolean;
  /**
   * Where the asynchronous adapter writes output files: 'worker' (a worker thread, writer.ts: one message
   * per tick's saves, started with the first save), 'main' (this thread's libuv pool: six callbacks per
   * file), or a writer the caller owns (and closes). Default 'worker' when its file is there (the bundle,
   * or the sources under tsx).
   */
  fileWriter?: 'worker' | 'main' | FileWriter;
  /** The text field of JSONL records and Parquet rows (corpusCurator.corpus.jsonlTextField); default: found per shard. */
  textField?: string;
}

/** A failure no retry will fix (changed source, missing template…). */
export class JobError extends Error {
  readonly retryable = false;
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'JobError';
  }
}

/** The prompt identity used in job keys: the sha256 of the template the document would get. */
export function templatePromptId(templates: TemplateSet): (style: string, audience: string, text: string) => string | undefined {
  return (style, audience, text) => selectTemplate(templates, style, audience, detectLanguage(text.slice(0, 20_000)) === 'zh' ? 'zh' : 'en')?.sha256;
}

/** Reads a source file the way a rewrite does (HTML reduced to its main text, GB18030 decoded). */
export function readJobSource(absPath: string): { fileText: string; text: string } {
  const s = readSourceFile(absPath);
  return { fileText: s.fileText, text: s.text };
}

function safeName(s: string): string {
  return s.replace(/[^\p{L}\p{N}_.-]+/gu, '-').replace(/^\.+/, '').slice(0, 120) || 'job';
}

/** Reads sources and saves results for jobs: shared by the live executor and `batch import`. */
export interface RewriteSaver {
  /** The job's source: absolute (or virtual, for inline text) path, whole text, text to rewrite. Throws JobError when gone or changed. */
  sourceOf(job: PlannedJob): { abs: string; fileText: string; text: string };
  /** Reads ahead what sourceOf needs and cannot read synchronously (a record of a compressed or Parquet shard). */
  ready(job: PlannedJob): Promise<void>;
  /** Saves a checked, unflagged result (file, then provenance) and fact-checks it. */
  persist(job: PlannedJob, src: { abs: string; fileText: string; text: string }, r: RewriteTextResult, batchId: string, requests: number, intent?: SaveIntent): Promise<JobSuccess>;
  /** Keeps a flagged answer in .curator/failed/ and returns the rejection. */
  reject(src: { abs: string }, r: RewriteTextResult, requests: number): JobRejected;
  close(): Promise<void>;
}

export function rewriteSaver(o: Omit<RewriteExecutorOptions, 'teacher'>): RewriteSaver {
  const factCheck = o.factCheck === undefined ? reviewFactCheck : o.factCheck;
  const provenance = new ProvenanceAppender(o.root);
  // Started with the first save: executors that only recover or reject never start a thread.
  let writer: FileWriter | undefined;
  const fileWriter = (): FileWriter => {
    if (typeof o.fileWriter === 'object') return o.fileWriter;
    if (!writer) {
      const file = o.fileWriter === 'main' ? undefined : defaultWriterWorker();
      writer = file ? new WorkerFileWriter(file) : inProcessWriter;
    }
    return writer;
  };

  const records = new RecordTexts(o.textField);
  const absOf = (path: string) => (isAbsolute(path) ? path : resolve(o.root, path));

  const sourceOf = (job: PlannedJob): { abs: string; fileText: string; text: string } => {
    if (job.source.path !== undefined && parseRecordRef(job.source.path)) {
      const abs = absOf(job.source.path);
      let text: string;
      try {
        text = records.get(abs);
      } catch (e) {
        throw new JobError('source', `the source ${job.source.path} is gone: ${errorMessage(e)}`);
      }
      if (sha256(text) !== job.source.sha256) throw new JobError('source', `the source ${job.source.path} changed since the batch was planned`);
      return { abs, fileText: text, text };
    }
    if (job.source.path !== undefined) {
      const abs = absOf(job.source.path);
      if (!existsSync(abs)) throw new JobError('source', `the source ${job.source.path} is gone`);
      const s = readJobSource(abs);
      if (sha256(s.fileText) !== job.source.sha256) throw new JobError('source', `the source ${job.source.path} changed since the batch was planned`);
      return { abs, ...s };
    }
    const text = job.source.text ?? '';
    return { abs: resolve(o.root, `${o.textOrigin ?? 'jobs'}#${job.id}`), fileText: text, text };
  };

  /** For inline-text jobs: the folder and the name outputs are derived from. */
  const textNaming = (job: PlannedJob): { outDir: string; namingPath: string } => {
    const dir = o.outDir ?? o.textOutDir ?? join(o.root, 'rewrites');
    return { outDir: dir, namingPath: join(dir, `${safeName(job.id)}.md`) };
  };

  return {
    sourceOf,
    async ready(job) {
      if (job.source.path !== undefined && parseRecordRef(job.source.path)) await records.load([absOf(job.source.path)]);
    },
    async persist(job, src, r, batchId, requests, intent) {
      const base = { root: o.root, sourcePath: src.abs, sourceFileText: src.fileText, style: job.style, audience: job.audience, result: r, batchId, jobId: job.id };
      if (parseRecordRef(src.abs)) {
        // A record's rewrite is a line of its shard's rewrites shard (save.ts), whatever syncSave says.
        const { record } = await saveRecordRewriteAsync({ ...base, outDir: o.outDir }, provenance, intent);
        return savedResult(record, await checkFacts(factCheck, src.text, r.text, job.style), requests);
      }
      const naming = job.source.path === undefined ? textNaming(job) : { outDir: o.outDir, namingPath: undefined };
      let record: RewriteRecord;
      if (o.syncSave) {
        // saveRewrite names outputs after sourcePath: inline-text jobs get an exact, free file name.
        let outFile: string | undefined;
        if (naming.namingPath) {
          const { stem, ext } = outputBaseName(naming.namingPath, job.style, job.audience);
          for (let n = 1; !outFile || existsSync(outFile); n++) outFile = candidateName(naming.outDir, stem, ext, n);
        }
        record = saveRewrite({ ...base, outDir: outFile ? undefined : naming.outDir, outFile }).record;
      } else {
        record = (await saveRewriteAsync({ ...base, outDir: naming.outDir, namingPath: naming.namingPath }, provenance, intent, fileWriter())).record;
      }
      return savedResult(record, await checkFacts(factCheck, src.text, r.text, job.style), requests);
    },
    reject(src, r, requests) {
      let kept = '';
      try {
        kept = keepFailedAnswer(o.root, src.abs, r);
      } catch {
        // keeping the answer is a courtesy; the failure is still reported
      }
      return { ok: false, reason: r.problems.join('; ') + (kept ? ` (answer kept in ${kept})` : ''), flags: r.flags, usage: r.usage, requests };
    },
    close: async () => {
      // A closed saver may be used again (a runner closes its executor at the end of every run).
      const w = writer;
      writer = undefined;
      await w?.close();
      await provenance.close();
    },
  };
}

export function rewriteExecutor(o: RewriteExecutorOptions): JobExecutor {
  // Recovery is rare and synchronous: it checks facts in place.
  const factCheck = o.factCheck === null ? null : reviewFactCheck;
  const saver = rewriteSaver(o);
  let index: Map<string, RewriteRecord> | undefined;
  const swept = new Set<string>();

  /** A record job's result: its logged line, its line found in the shard, or the journalled text appended now. */
  const recoverRecord = (job: PlannedJob, batchId: string, logged: Map<string, RewriteRecord>, saving?: RewriteRecord, savingText?: string): JobSuccess | undefined => {
    const sourceText = (): string | undefined => readRecordTextSync(resolve(o.root, job.source.path!), o.textField);
    const facts = (content: string): FactSummary | undefined => {
      try {
        const s = sourceText();
        return s === undefined ? undefined : (factCheck?.(s, content, job.style) ?? undefined);
      } catch {
        return undefined; // saved already: an error leaves it unscored
      }
    };
    const prev = logged.get(`${batchId}\n${job.id}`);
    if (prev && prev.status === 'done' && prev.source.sha256 === job.source.sha256) {
      const text = readRecordTextSync(resolve(o.root, prev.output.path), o.textField);
      if (text !== undefined && sha256(text) === prev.output.sha256) return savedResult(prev, facts(text), 0);
    }
    if (!saving || savingText === undefined || saving.source.sha256 !== job.source.sha256) return undefined;
    const shard = resolve(o.root, saving.output.path);
    let line = findRecordRewrite(shard, batchId, job.id, savingText);
    if (line === undefined) {
      mkdirSync(dirname(shard), { recursive: true });
      line = appendRecordRewrite(shard, savingText, recordRewriteMeta(o.root, resolve(o.root, job.source.path!), job.style, job.audience, saving.model, batchId, job.id));
    }
    const outAbs = formatRecordRef(shard, line);
    const rec: RewriteRecord = {
      ...saving,
      id: sha256(`${outAbs}\n${saving.time}\n${savingText}`).slice(0, 16),
      output: { ...saving.output, path: toWorkspacePath(o.root, outAbs) },
    };
    appendProvenance(o.root, rec);
    logged.set(`${batchId}\n${job.id}`, rec);
    return savedResult(rec, facts(savingText), 0);
  };

  return {
    async run(job: PlannedJob, ctx: ExecContext): Promise<JobOutcome> {
      await saver.ready(job);
      const src = saver.sourceOf(job);
      const r = await rewriteText({ text: src.text, style: job.style, audience: job.audience, templates: o.templates, teacher: o.teacher, chunkTokens: o.chunkTokens, signal: ctx.signal });
      // The requests are over: the slot goes to the next job while this one saves.
      ctx.release?.();
      if (r.flags.length) return saver.reject(src, r, r.attempts);
      try {
        return await saver.persist(job, src, r, ctx.batchId, r.attempts, ctx.intent);
      } catch (e) {
        // The answer is paid for: when it cannot be saved (disk full, folder gone…) it is kept in
        // .curator/failed/ where a person finds it, and the job fails with the reason (tried again next run).
        const msg = errorMessage(e);
        let kept = '';
        try {
          kept = keepFailedAnswer(o.root, src.abs, { ...r, problems: [`not saved: ${msg}`] });
        } catch {
          // the failure is still reported
        }
        throw new JobError('save', `the result could not be saved: ${msg}${kept ? ` (answer kept in ${kept})` : ''}`);
      }
    },

    close: () => saver.close(),

    recover(job: PlannedJob, batchId: string, saving?: RewriteRecord, savingText?: string): JobSuccess | undefined {
      if (!index) {
        index = new Map();
        for (const rec of readProvenance(o.root).records) {
          if (rec.type === 'rewrite' && rec.batchId && rec.jobId) index.set(`${rec.batchId}\n${rec.jobId}`, rec);
        }
      }
      if (job.source.path !== undefined && parseRecordRef(job.source.path)) return recoverRecord(job, batchId, index, saving, savingText);
      // A kill mid-save may have left a temp file beside the journalled name: swept once per folder.
      if (saving) {
        const dir = dirname(resolve(o.root, saving.output.path));
        if (!swept.has(dir)) {
          swept.add(dir);
          removeStaleTemps(dir);
        }
      }
      // The journalled 'saving' record names the file; else a provenance record of this batch and job.
      const logged = index.get(`${batchId}\n${job.id}`);
      const candidates = [saving, logged].filter((r): r is RewriteRecord => !!r && r.source.sha256 === job.source.sha256 && r.status === 'done');
      let rec: RewriteRecord | undefined;
      let content = '';
      for (const c of candidates) {
        const out = resolve(o.root, c.output.path);
        if (!existsSync(out)) continue;
        const text = readFileSync(out, 'utf8');
        // A whole file only: files appear under their name whole (temp file + link) and are hashed here.
        if (sha256(text) !== c.output.sha256) continue;
        rec = c;
        content = text;
        break;
      }
      if (!rec) return undefined;
      if (![...index.values()].some((r) => r.id === rec.id)) {
        // The crash came before its provenance line: write it now (the record as it was prepared).
        appendProvenance(o.root, rec);
        index.set(`${batchId}\n${job.id}`, rec);
      }
      let facts: FactSummary | undefined;
      try {
        facts = factCheck?.(saver.sourceOf(job).text, content.replace(/\n$/, ''), job.style);
      } catch {
        facts = undefined; // saved already: an error leaves it unscored
      }
      return savedResult(rec, facts, 0);
    },
  };
}

/** A fact check that cannot fail the job: the result is saved already, so an error leaves it unscored. */
async function checkFacts(factCheck: FactCheck | null | undefined, source: string, rewrite: string, style: string): Promise<FactSummary | undefined> {
  try {
    return await factCheck?.(source, rewrite, style);
  } catch {
    return undefined;
  }
}

/** The job result of a rewrite that is saved (file and provenance line written). */
function savedResult(rec: RewriteRecord, facts: FactSummary | undefined, requests: number) {
  return {
    ok: true as const,
    rewriteId: rec.id,
    output: { path: rec.output.path, sha256: rec.output.sha256 },
    source: { path: rec.source.path, sha256: rec.source.sha256 },
    usage: rec.usage,
    flags: [],
    facts,
    requests,
    durationMs: rec.durationMs,
  };
}

/** Where inline-text outputs go by default: `<jobs file folder>/<jobs file name>.rewrites/`. */
export function defaultTextOutDir(absJobsFile: string): string {
  const base = absJobsFile.replace(/\.jsonl$/i, '');
  return join(dirname(absJobsFile), `${base.slice(dirname(absJobsFile).length + 1)}.rewrites`);
}
