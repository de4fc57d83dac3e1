// A small pool of fact-check workers (factcheck.worker.ts). buildReview costs about a millisecond or more
// per document on the CPU; at hundreds of documents a second that would fill the main thread, which must
// stay free for requests, progress and the journal.
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FactSummary } from '../provenance/types';

interface Pending {
  resolve: (s: FactSummary) => void;
  reject: (e: Error) => void;
}

export class FactCheckPool {
  private readonly workers: { w: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  /** `workerFile`: dist/factcheck.worker.js in a bundle; under tsx, the .ts source is loaded through tsx. */
  constructor(workerFile: string, size = Math.max(1, Math.min(4, cpus().length - 1))) {
    for (let i = 0; i < size; i++) {
      const w = workerFile.endsWith('.ts')
        ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(workerFile)});\n`, { eval: true })
        : new Worker(workerFile);
      const slot = { w, busy: 0 };
      w.on('message', (m: { id: number; summary?: FactSummary; error?: string }) => {
        // An idle worker does not keep the process alive; a busy one does (its answer is awaited).
        if (--slot.busy === 0) w.unref();
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (!p) return;
        if (m.summary) p.resolve(m.summary);
        else p.reject(new Error(`fact check failed: ${m.error}`));
      });
      w.on('error', (e) => this.failAll(e));
      w.unref();
      this.workers.push(slot);
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  check(source: string, rewrite: string): Promise<FactSummary> {
    if (this.closed) return Promise.reject(new Error('fact-check pool closed'));
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    if (slot.busy++ === 0) slot.w.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.w.postMessage({ id, source, rewrite });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((s) => s.w.terminate()));
    this.failAll(new Error('fact-check pool closed'));
  }
}

/** The worker file beside this code: the bundle's dist/factcheck.worker.js, or the .ts source under tsx. */
export function defaultFactCheckWorker(): string | undefined {
  const candidates = __filename.endsWith('.ts') ? [join(__dirname, 'factcheck.worker.ts')] : [join(__dirname, 'factcheck.worker.js')];
  return candidates.find((f) => existsSync(f));
}
