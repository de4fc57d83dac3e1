// Worker entry (bundled to dist/shard.worker.js): closes search shards off the main thread of an index run
// (shard-pool.ts): sorts an open shard's key chunks into a shard (search-index.ts buildShard) and writes it
// to the file it is given (atomically), then hands the key chunks back. One shard at a time; the sort buffers
// are reused.
import { parentPort } from 'node:worker_threads';
import { buildShard, type ShardSortScratch } from '../search/search-index';
import { writeFileAtomic } from './atomic';
import { errorMessage } from '../../util/errors';
import type { ShardReply, ShardRequest } from './shard-pool';

const scratch: ShardSortScratch = { keys: new Uint32Array(0), docs: new Uint16Array(0) };

parentPort?.on('message', (req: ShardRequest) => {
  let reply: ShardReply;
  try {
    // Written at once, so its postings can stay a view of the sort buffer.
    writeFileAtomic(req.file, buildShard(req.parts, scratch, true).serialize());
    reply = { id: req.id, file: req.file, chunks: req.parts.chunks };
  } catch (e) {
    reply = { id: req.id, error: errorMessage(e) };
  }
  // The key chunks go back (moved) for the next shard to fill.
  parentPort!.postMessage(reply, 'chunks' in reply ? reply.chunks.map((c) => c.buffer as ArrayBuffer) : []);
});
