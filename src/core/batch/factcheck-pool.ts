// A small pool of fact-check workers (factcheck.worker.ts). buildReview costs about a millisecond or more
// per document on the CPU; at hundreds of documents a second that would fill the main thread, which must
// stay free for requests, progress and the journal.
//
// Checks asked for in the same tick go to a worker as one message (and come back as one): at hundreds of
// small documents a second, a message per document costs more in thread wake-ups than the check itself.
import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FactSummary } from '../provenance/types';
import { startWorker, workerFileBeside } from './workers';

interface Pending {
  resolve: (s: FactSummary) => void;
  reject: (e: Error) => void;
}

/** One check in a message to a worker. */
export interface FactCheckItem {
  id: number;
  source: string;
  rewrite: string;
  /** The rewrite's style (a condensing style may leave detail out). */
  style?: string;
}

/** One answer in a worker's reply. */
export interface FactCheckAnswer {
  id: number;
  summary?: FactSummary;
  error?: string;
}

interface Slot {
  w: Worker;
  /** Checks sent and not yet answered. */
  busy: number;
  /** Characters sent and not yet answered (the load the next message is weighed against). */
  load: number;
}

/** Most characters put into one message: a long document waits for no more than this much work before it. */
const MAX_BATCH_CHARS = 64_000;

export class FactCheckPool {
  private readonly workers: Slot[] = [];
  private readonly pending = new Map<number, Pending & { size: number }>();
  private queue: FactCheckItem[] = [];
  private scheduled = false;
  private nextId = 1;
  private closed = false;
  /** Messages posted to workers (for tests and the benchmark). */
  messages = 0;

  /** `workerFile`: dist/factcheck.worker.js in a bundle; under tsx, the .ts source is loaded through tsx. */
  constructor(workerFile: string, size = Math.max(1, Math.min(4, cpus().length - 1))) {
    for (let i = 0; i < size; i++) {
      const w = startWorker(workerFile);
      const slot: Slot = { w, busy: 0, load: 0 };
      w.on('message', (answers: FactCheckAnswer[]) => {
        for (const m of answers) {
          const p = this.pending.get(m.id);
          if (!p) continue; // failed already (worker error or close)
          this.pending.delete(m.id);
          slot.busy--;
          slot.load -= p.size;
          if (m.summary) p.resolve(m.summary);
          else p.reject(new Error(`fact check failed: ${m.error}`));
        }
        // An idle worker does not keep the process alive; a busy one does (its answer is awaited).
        if (slot.busy === 0) w.unref();
      });
      w.on('error', (e) => this.failAll(e));
      w.unref();
      this.workers.push(slot);
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.queue = [];
    for (const s of this.workers) {
      s.busy = 0;
      s.load = 0;
      s.w.unref();
    }
  }

  check(source: string, rewrite: string, style?: string): Promise<FactSummary> {
    if (this.closed) return Promise.reject(new Error('fact-check pool closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, size: source.length + rewrite.length });
      this.queue.push({ id, source, rewrite, style });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  /** Sends the checks queued in this tick: in messages of up to MAX_BATCH_CHARS, each to the least loaded worker. */
  private send(): void {
    this.scheduled = false;
    const queue = this.queue;
    this.queue = [];
    const sizeOf = (item: FactCheckItem) => item.source.length + item.rewrite.length;
    let i = 0;
    while (i < queue.length) {
      const batch: FactCheckItem[] = [];
      let chars = 0;
      while (i < queue.length && (batch.length === 0 || chars + sizeOf(queue[i]!) <= MAX_BATCH_CHARS)) {
        const item = queue[i++]!;
        chars += sizeOf(item);
        batch.push(item);
      }
      const slot = this.workers.reduce((a, b) => (b.load < a.load ? b : a));
      if (slot.busy === 0) slot.w.ref();
      slot.busy += batch.length;
      slot.load += chars;
      this.messages++;
      slot.w.postMessage(batch);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((s) => s.w.terminate()));
    this.failAll(new Error('fact-check pool closed'));
  }
}

/** The worker file beside this code: the bundle's dist/factcheck.worker.js, or the .ts source under tsx. */
export function defaultFactCheckWorker(): string | undefined {
  return workerFileBeside('factcheck.worker');
}
