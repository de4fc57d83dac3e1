// Where a batch's output files are written (newfile.ts: temp file + fsync + link, never replacing anything).
//  - inProcessWriter: on this thread's libuv pool; six round trips per file, each a callback on this thread.
//  - WorkerFileWriter: in a worker thread (writer.worker.ts). Saves asked for in the same tick go to it as
//    one message and come back as one, so at hundreds of documents a second the main thread, which carries
//    the requests, the journal and (in VS Code) the extension host, spends one message per tick on files.
import type { Worker } from 'node:worker_threads';
import { createFileAtomic, type NewFileResult } from './newfile';
import { startWorker, workerFileBeside } from './workers';

export interface FileWriter {
  /** Creates `target` in `dir` whole and fsynced; 'exists' when the name is taken (nothing replaced). */
  writeNew(dir: string, target: string, content: string): Promise<NewFileResult>;
  close(): Promise<void>;
}

export const inProcessWriter: FileWriter = {
  writeNew: createFileAtomic,
  close: async () => undefined,
};

/** One file in a message to the worker. */
export interface WriteItem {
  id: number;
  dir: string;
  target: string;
  content: string;
}

/** One answer in the worker's reply. */
export interface WriteAnswer {
  id: number;
  result?: NewFileResult;
  error?: string;
  code?: string;
}

interface Pending {
  resolve: (r: NewFileResult) => void;
  reject: (e: Error) => void;
}

export class WorkerFileWriter implements FileWriter {
  private readonly w: Worker;
  private readonly pending = new Map<number, Pending>();
  private queue: WriteItem[] = [];
  private scheduled = false;
  private nextId = 1;
  private closed = false;
  /** The thread died: saves go to inProcessWriter. */
  private dead = false;
  private drained?: () => void;
  /** Messages posted to the worker (for tests and the benchmark). */
  messages = 0;

  constructor(workerFile: string) {
    this.w = startWorker(workerFile);
    this.w.on('message', (answers: WriteAnswer[]) => {
      for (const a of answers) {
        const p = this.pending.get(a.id);
        if (!p) continue;
        this.pending.delete(a.id);
        if (a.result) p.resolve(a.result);
        else p.reject(Object.assign(new Error(a.error ?? 'write failed'), { code: a.code }));
      }
      // An idle worker does not keep the process alive; one with files in flight does.
      if (this.pending.size === 0) {
        this.w.unref();
        this.drained?.();
      }
    });
    // If the thread dies, the saves in flight fail (the batch executor keeps their answers in
    // .curator/failed/) and later saves are written on this thread.
    this.w.on('error', (e) => this.fail(e));
    this.w.on('exit', () => this.fail(new Error('file writer stopped')));
    this.w.unref();
  }

  private fail(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.queue = [];
    this.dead = true;
    this.drained?.();
  }

  writeNew(dir: string, target: string, content: string): Promise<NewFileResult> {
    if (this.closed) return Promise.reject(new Error('file writer closed'));
    if (this.dead) return inProcessWriter.writeNew(dir, target, content);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push({ id, dir, target, content });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  private send(): void {
    this.scheduled = false;
    if (!this.queue.length) return;
    const batch = this.queue;
    this.queue = [];
    this.w.ref();
    this.messages++;
    this.w.postMessage(batch);
  }

  /** Waits for the files in flight, then stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.pending.size) await new Promise<void>((res) => (this.drained = res));
    if (!this.dead) await this.w.terminate();
  }
}

/** The worker file beside this code (the bundle's dist/writer.worker.js, or the .ts source under tsx). */
export function defaultWriterWorker(): string | undefined {
  return workerFileBeside('writer.worker');
}
