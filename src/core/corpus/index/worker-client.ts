// Runs indexer.worker in a worker thread and turns its messages into a promise with progress callbacks.
import { Worker } from 'node:worker_threads';
import { fork, type ChildProcess } from 'node:child_process';
import type { IndexProgress } from './corpus-index';
import type { IndexerMessage, IndexerRequest, IndexerSummary } from './worker-protocol';

export interface WorkerRunOptions {
  onProgress?: (p: IndexProgress) => void;
  onLog?: (message: string) => void;
  signal?: AbortSignal;
  /** Extra arguments for the worker (e.g. execArgv ['--import', 'tsx'] to run the .ts source in tests). */
  execArgv?: string[];
  /**
   * Run the worker in a child process instead of a thread: the indexing memory (the whole index loaded,
   * analysis threads, readers' buffers) is then the child's, never the caller's (a worker thread's heap and
   * buffers count in the extension host's resident memory and are not all returned when it ends). Under
   * Electron the child runs as plain Node (ELECTRON_RUN_AS_NODE).
   */
  childProcess?: boolean;
}

/** A worker thread or a child process, as the client uses either. */
interface Runner {
  post(m: unknown): void;
  stop(): void;
  on(event: 'message', fn: (m: IndexerMessage) => void): void;
  on(event: 'error', fn: (e: Error) => void): void;
  on(event: 'exit', fn: (code: number | null) => void): void;
}

function start(workerFile: string, request: IndexerRequest, opts: WorkerRunOptions): Runner {
  if (!opts.childProcess) {
    const w = new Worker(workerFile, { workerData: request, execArgv: opts.execArgv });
    return { post: (m) => w.postMessage(m), stop: () => void w.terminate(), on: (e: string, fn: (...a: any[]) => void) => w.on(e, fn) } as Runner; // eslint-disable-line @typescript-eslint/no-explicit-any
  }
  const child: ChildProcess = fork(workerFile, [], {
    execArgv: opts.execArgv ?? [],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  child.send({ type: 'start', request });
  return {
    post: (m) => {
      if (child.connected) child.send(m as object);
    },
    stop: () => void child.kill(),
    on: (e: string, fn: (...a: any[]) => void) => child.on(e, fn), // eslint-disable-line @typescript-eslint/no-explicit-any
  } as Runner;
}

/**
 * Starts `workerFile` (dist/indexer.worker.js, or src/core/corpus/index/indexer.worker.ts under tsx) with
 * `request`. Cancelling `signal` asks the worker to stop; if it has not stopped 2 s later it is terminated.
 * Rejects with an AbortError on cancel, or with the worker's error.
 */
export function runIndexerWorker(workerFile: string, request: IndexerRequest, opts: WorkerRunOptions = {}): Promise<IndexerSummary> {
  return new Promise((resolvePromise, reject) => {
    const worker = start(workerFile, request, opts);
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
      worker.post({ type: 'cancel' });
      killTimer = setTimeout(() => {
        worker.stop();
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
