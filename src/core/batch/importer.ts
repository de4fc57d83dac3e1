// Import of Batch API output files (OpenAI or vLLM) into rewrites: see batchfile.ts for the format.
// Each job's answers are matched by custom_id to the plan in its batch journal (or to a plan given by the
// caller, e.g. from --jobs), checked, saved with provenance and journalled. Idempotent: a job already
// 'done' in the journal is skipped, so importing the same file twice writes nothing new.
import type { OutputFlag, RewriteRecord } from '../provenance/types';
import type { TemplateSet } from '../rewrite/templates';
import { assembleJob, parseOutputFile, type LineProblem, type OutputLine } from './batchfile';
import type { RewriteSaver } from './executor';
import { JobError } from './executor';
import { Journal, readJournal, type BatchMeta, type PlannedJob } from './journal';
import { doneRecord } from './runner';
import { errorMessage } from '../util/errors';

export interface ImportOptions {
  root: string;
  templates: TemplateSet;
  /** Reads sources and saves results for a batch (by its plan's meta: origin of inline texts…). */
  saverFor: (meta: BatchMeta | undefined) => RewriteSaver;
  /** A plan to use for `batchId` when its journal has none yet (the caller planned the jobs file). */
  plans?: Map<string, { jobs: PlannedJob[]; meta: BatchMeta }>;
  /** Recorded as the provenance endpointHost of imported rewrites. */
  endpointHost?: string;
}

export interface ImportResult {
  done: number;
  failed: number;
  /** Jobs already done in their journal. */
  skipped: number;
  /** Lines not imported: malformed, unknown custom_id, unmatched job, failed request… */
  problems: LineProblem[];
  batches: string[];
}

/** Imports the answers of one output file's text. */
export async function importOutput(text: string, o: ImportOptions): Promise<ImportResult> {
  const { answers, problems } = parseOutputFile(text);
  const res: ImportResult = { done: 0, failed: 0, skipped: 0, problems, batches: [] };
  // batch → key → answers
  const byBatch = new Map<string, Map<string, OutputLine[]>>();
  for (const a of answers) {
    let m = byBatch.get(a.batchId);
    if (!m) byBatch.set(a.batchId, (m = new Map()));
    let list = m.get(a.key);
    if (!list) m.set(a.key, (list = []));
    list.push(a);
  }
  for (const [batchId, byKey] of byBatch) {
    let plan: PlannedJob[] | undefined;
    let meta: BatchMeta | undefined;
    let exists = false;
    try {
      const st = readJournal(o.root, batchId);
      plan = st?.plan?.jobs;
      meta = st?.plan?.meta;
      exists = !!st?.plan;
    } catch {
      plan = undefined;
    }
    if (!plan && o.plans?.has(batchId)) ({ jobs: plan, meta } = o.plans.get(batchId)!);
    if (!plan) {
      for (const list of byKey.values()) for (const a of list) problems.push({ line: a.line, customId: a.customId, message: `no batch ${batchId} in this workspace (give the jobs file with --jobs)` });
      continue;
    }
    res.batches.push(batchId);
    const jobs = new Map(plan.map((j) => [j.key, j]));
    const saver = o.saverFor(meta);
    const journal = await Journal.open(o.root, batchId);
    try {
      if (!exists) await journal.append({ t: 'plan', v: 1, batchId, time: new Date().toISOString(), meta: meta!, jobs: plan });
      for (const [key, list] of byKey) {
        const job = jobs.get(key);
        if (!job) {
          for (const a of list) problems.push({ line: a.line, customId: a.customId, message: `no job with key ${key} in batch ${batchId}` });
          continue;
        }
        if (journal.state.done.has(key)) {
          res.skipped++;
          continue;
        }
        const firstLine = Math.min(...list.map((a) => a.line));
        const fail = async (reason: string, kind: string, flags?: OutputFlag[]) => {
          res.failed++;
          problems.push({ line: firstLine, customId: list[0]!.customId, message: `job ${job.id}: ${reason}` });
          await journal.append({ t: 'fail', key, job: job.id, time: new Date().toISOString(), reason, kind, ...(flags ? { flags } : {}) });
        };
        let src: { abs: string; fileText: string; text: string };
        try {
          await saver.ready(job);
          src = saver.sourceOf(job);
        } catch (e) {
          await fail(errorMessage(e), e instanceof JobError ? e.kind : 'source');
          continue;
        }
        const assembled = assembleJob(job, src.text, list, o.templates, meta?.model ?? 'unknown', o.endpointHost ?? meta?.endpointHost ?? 'batch-api');
        if ('error' in assembled) {
          await fail(assembled.error, 'import');
          continue;
        }
        const r = assembled.result;
        if (r.flags.length) {
          const rej = saver.reject(src, r, r.attempts);
          await fail(rej.reason, 'output-check', r.flags);
          continue;
        }
        const intent = (record: RewriteRecord) => journal.append({ t: 'saving', key, job: job.id, time: new Date().toISOString(), record });
        const ok = await saver.persist(job, src, r, batchId, r.attempts, intent);
        await journal.append(doneRecord(job, ok, { imported: true }));
        res.done++;
      }
    } finally {
      await journal.close();
    }
  }
  res.problems.sort((a, b) => a.line - b.line);
  return res;
}
