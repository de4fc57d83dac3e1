// Runs indexer.worker in a worker thread and turns its messages into a promise with progress callbacks.
import { Worker } from 'node:worker_threads';
import type { IndexProgress } from './corpus-index';
import type { IndexerMessage, IndexerRequest, IndexerSummary } from './worker-protocol';

export interface WorkerRunOptions {
  onProgress?: (p: IndexProgress) => void;
  onLog?: (message: string) => void;
  signal?: AbortSignal;
  /** Extra arguments for the worker (e.g. execArgv ['--import', 'tsx'] to run the .ts source in tests). */
  execArgv?: string[];
}

/**
 * Starts `workerFile` (dist/indexer.worker.js, or src/core/corpus/index/indexer.worker.ts under tsx) with
 * `request`. Cancelling `signal` asks the worker to stop; if it has not stopped 2 s later it is terminated.
 * Rejects with an AbortError on cancel, or with the worker's error.
 */
export function runIndexerWorker(workerFile: string, request: IndexerRequest, opts: WorkerRunOptions = {}): Promise<IndexerSummary> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(workerFile, { workerData: request, execArgv: opts.execArgv });
    let settled = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' });
      killTimer = setTimeout(() => {
        void worker.terminate();
        const e = new Error('indexing was cancelled');
        e.name = 'AbortError';
        finish(() => reject(e));
      }, 2000);
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: IndexerMessage) => {
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'log') opts.onLog?.(m.message);
      else if (m.type === 'done') finish(() => resolvePromise(m.summary));
      else if (m.type === 'error') {
        const e = new Error(m.message);
        e.name = m.name;
        finish(() => reject(e));
      }
    });
    worker.on('error', (e) => finish(() => reject(e)));
    worker.on('exit', (code) => finish(() => reject(new Error(`indexer worker exited with code ${code} before finishing`))));
  });
}
