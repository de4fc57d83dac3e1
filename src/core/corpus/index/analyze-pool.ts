// The per-document analysis of an index run (analyze.ts) for a stream of documents, in order: inline, or in a
// pool of worker threads (analyze.worker.ts) so every core works on a big run. Documents go to the workers in
// batches (~64 documents or 256 KB of text) and at most a few batches per worker are in flight, so memory
// stays bounded whatever the corpus size; answers are applied in the order the documents came, so the index
// is the same as an inline run's. A worker that fails (not the analysis itself) makes its batches run inline.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CorpusDocument } from '../model';
import type { DedupIndex } from '../dedup/lsh';
import { DistinctKeys } from '../search/search-index';
import { DEFAULT_ANALYSIS, analyzeText, type AnalysisDeps, type AnalyzeReply, type AnalyzeRequest, type AnalyzeWorkerData, type DocAnalysis } from './analyze';

/** A run reads at least this much (file bytes) before it starts worker threads (their start costs ~0.1 s). */
export const POOL_MIN_BYTES = 4 * 1024 * 1024;
const BATCH_DOCS = 64;
const BATCH_CHARS = 256 * 1024;
/** Batches in flight per worker. */
const IN_FLIGHT = 3;

/** Gets each document with its text and analysis (language, hash, quality and rules set on the document). */
export type AnalyzedSink = (doc: CorpusDocument, text: string, a: DocAnalysis) => void;

/** The worker file beside this code: dist/analyze.worker.js in the bundle, analyze.worker.ts under tsx. */
export function analyzeWorkerFile(): string | undefined {
  const f = join(__dirname, __filename.endsWith('.ts') ? 'analyze.worker.ts' : 'analyze.worker.js');
  return existsSync(f) ? f : undefined;
}

/**
 * How many worker threads a run uses: `asked` when given (0 = inline), else one per core when there are two
 * or more, the run reads at least POOL_MIN_BYTES and the analysis is the default one, with or without the
 * filter rules (tests that replace the quality signals run inline).
 */
export function poolSize(asked: number | undefined, bytes: number, deps: AnalysisDeps): number {
  if (asked !== undefined) return Math.max(0, Math.floor(asked));
  if (deps.computeQuality !== DEFAULT_ANALYSIS.computeQuality || (deps.evaluateFilters !== undefined && deps.evaluateFilters !== DEFAULT_ANALYSIS.evaluateFilters)) return 0;
  const cores = availableParallelism();
  return cores > 1 && bytes >= POOL_MIN_BYTES ? cores : 0;
}

function apply(doc: CorpusDocument, a: DocAnalysis): void {
  doc.lang = a.lang;
  doc.sha256 = a.sha256;
  doc.quality = a.quality;
  if (a.filters) doc.filters = a.filters;
}

interface Batch {
  docs: CorpusDocument[];
  texts: string[];
  result: Promise<DocAnalysis[]>;
  settled: boolean;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (r: DocAnalysis[]) => void; reject: (e: Error) => void }>;
  dead: boolean;
}

/**
 * Analyses documents pushed in order and hands them to `sink` in the same order. `push` returns a promise
 * when the caller should wait (too many batches in flight); `finish` hands over the rest; `close` stops
 * the workers (call it in a finally).
 */
export class AnalyzePipeline {
  private readonly slots: Slot[] = [];
  private batches: Batch[] = [];
  private cur: { docs: CorpusDocument[]; texts: string[]; chars: number } = { docs: [], texts: [], chars: 0 };
  private nextId = 0;
  private readonly keys: DistinctKeys | undefined;

  private constructor(
    private readonly deps: AnalysisDeps,
    private readonly dedup: DedupIndex,
    private readonly sink: AnalyzedSink,
    workers: number,
    workerFile: string | undefined,
    keys: boolean,
  ) {
    this.keys = keys ? new DistinctKeys() : undefined;
    if (workers <= 0 || !workerFile) return;
    const workerData: AnalyzeWorkerData = { filters: deps.evaluateFilters !== undefined, keys, dedup: { ...dedup.params, sketchSize: dedup.sketchSize } };
    for (let i = 0; i < workers; i++) {
      const worker = workerFile.endsWith('.ts')
        ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(workerFile)});\n`, { eval: true, workerData })
        : new Worker(workerFile, { workerData });
      const slot: Slot = { worker, pending: new Map(), dead: false };
      const fail = (e: Error) => {
        slot.dead = true;
        for (const p of slot.pending.values()) p.reject(e);
        slot.pending.clear();
      };
      worker.on('message', (m: AnalyzeReply) => {
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if ('results' in m) p.resolve(m.results);
        else p.reject(Object.assign(new Error(m.error), { analysis: true }));
      });
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`analysis worker exited with code ${code}`)));
      this.slots.push(slot);
    }
  }

  /**
   * A pipeline with `workers` threads (0: inline). `dedup` gives the fingerprint parameters; with `keys` each
   * analysis has the text's distinct search term keys.
   */
  static create(opts: { deps: AnalysisDeps; dedup: DedupIndex; sink: AnalyzedSink; workers: number; workerFile?: string; keys?: boolean }): AnalyzePipeline {
    return new AnalyzePipeline(opts.deps, opts.dedup, opts.sink, opts.workers, opts.workers > 0 ? (opts.workerFile ?? analyzeWorkerFile()) : undefined, opts.keys === true);
  }

  /** Worker threads in use (0: inline). */
  get workers(): number {
    return this.slots.length;
  }

  push(doc: CorpusDocument, text: string): Promise<void> | undefined {
    if (this.slots.length === 0) {
      const a = analyzeText(text, this.deps, this.dedup, this.keys);
      apply(doc, a);
      this.sink(doc, text, a);
      return undefined;
    }
    this.cur.docs.push(doc);
    this.cur.texts.push(text);
    this.cur.chars += text.length;
    if (this.cur.docs.length < BATCH_DOCS && this.cur.chars < BATCH_CHARS) return undefined;
    this.dispatch();
    // Waits when too many batches are in flight; hands over finished ones at the head (frees their texts).
    const keep = this.slots.length * IN_FLIGHT - 1;
    return this.batches.length > keep || this.batches[0]!.settled ? this.drainTo(keep) : undefined;
  }

  /** Hands over every document pushed so far. */
  async finish(): Promise<void> {
    if (this.cur.docs.length) this.dispatch();
    await this.drainTo(0);
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    const { docs, texts } = this.cur;
    this.cur = { docs: [], texts: [], chars: 0 };
    const inline = () => texts.map((t) => analyzeText(t, this.deps, this.dedup, this.keys));
    const live = this.slots.filter((s) => !s.dead);
    let result: Promise<DocAnalysis[]>;
    if (live.length === 0) result = Promise.resolve().then(inline);
    else {
      // The worker with the fewest batches waiting.
      const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = this.nextId++;
      result = new Promise<DocAnalysis[]>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, texts } satisfies AnalyzeRequest);
      }).catch((e: unknown) => {
        // The analysis itself failed: the same error inline. A worker that died: its batch inline.
        if (e instanceof Error && (e as { analysis?: boolean }).analysis) throw e;
        return inline();
      });
    }
    const batch: Batch = { docs, texts, result, settled: false };
    result.then(
      () => (batch.settled = true),
      () => (batch.settled = true),
    );
    this.batches.push(batch);
  }

  /** Hands over batches from the head while more than `n` are in flight or the head has finished. */
  private async drainTo(n: number): Promise<void> {
    while (this.batches.length > 0 && (this.batches.length > n || this.batches[0]!.settled)) {
      const b = this.batches.shift()!;
      const results = await b.result;
      for (let i = 0; i < b.docs.length; i++) {
        const doc = b.docs[i]!;
        apply(doc, results[i]!);
        this.sink(doc, b.texts[i]!, results[i]!);
      }
    }
  }
}
