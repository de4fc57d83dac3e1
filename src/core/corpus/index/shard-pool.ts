// Closing search shards in a worker thread (shard.worker.ts) during an index run: the main thread hands over
// an open shard's key chunks (moved, not copied) and goes on reading while the worker sorts the shard and
// writes its file; the last shard of a run is sorted while the main thread clusters near-duplicates. The
// shard is the same as one closed inline (SearchIndexBuilder without `close`). Without the worker file
// (a test run from sources without tsx) or when the worker fails, the shard is closed inline.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildShard, DiskShard, type SearchShard, type ShardParts } from '../search/search-index';
import { writeFileAtomic } from './atomic';

/** Main thread → worker: an open shard and the file to write it to. */
export interface ShardRequest {
  id: number;
  parts: ShardParts;
  file: string;
}

/** Worker → main thread: the shard was written to `file`, or why not. */
export type ShardReply = { id: number; file: string } | { id: number; error: string };

function shardWorkerFile(): string | undefined {
  const f = join(__dirname, __filename.endsWith('.ts') ? 'shard.worker.ts' : 'shard.worker.js');
  return existsSync(f) ? f : undefined;
}

export class ShardCloser {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve: (file: string) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  private constructor(workerFile: string | undefined) {
    if (!workerFile) return;
    const worker = workerFile.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(workerFile)});\n`, { eval: true })
      : new Worker(workerFile);
    const fail = (e: Error) => {
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('message', (m: ShardReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if ('file' in m) p.resolve(m.file);
      else p.reject(new Error(m.error));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`shard worker exited with code ${code}`)));
    this.worker = worker;
  }

  /** A closer with a worker thread (`worker`), or one that closes shards inline. */
  static create(worker: boolean): ShardCloser {
    return new ShardCloser(worker ? shardWorkerFile() : undefined);
  }

  /**
   * Sorts `parts` into a shard, writes it to `file` and opens it from there. With the worker, the chunks
   * are moved there (unusable here afterwards), so a worker that fails fails the run with its error.
   */
  close(parts: ShardParts, file: string): Promise<SearchShard> {
    const worker = this.worker;
    if (!worker) {
      writeFileAtomic(file, buildShard(parts).serialize());
      return Promise.resolve(DiskShard.open(file));
    }
    const id = this.nextId++;
    return new Promise<SearchShard>((resolve, reject) => {
      this.pending.set(id, { resolve: (f) => resolve(DiskShard.open(f)), reject });
      worker.postMessage({ id, parts, file } satisfies ShardRequest, parts.chunks.map((c) => c.buffer as ArrayBuffer));
    });
  }

  /** Stops the worker (after every shard handed over is closed). */
  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
