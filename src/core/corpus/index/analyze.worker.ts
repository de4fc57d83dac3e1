// Worker entry (bundled to dist/analyze.worker.js): the per-document analysis of an index run (analyze.ts)
// for batches of texts, with the default quality signals and rules and the fingerprints of a DedupIndex with
// the parameters in workerData. One batch at a time; answers in the order of the batch.
import { parentPort, workerData } from 'node:worker_threads';
import { DedupIndex } from '../dedup/lsh';
import { DistinctKeys } from '../search/search-index';
import { errorMessage } from '../../util/errors';
import { DEFAULT_ANALYSIS, analyzeText, type AnalyzeReply, type AnalyzeRequest, type AnalyzeWorkerData } from './analyze';

const data = workerData as AnalyzeWorkerData;
const dedup = new DedupIndex(data.dedup);
const deps = data.filters ? DEFAULT_ANALYSIS : { computeQuality: DEFAULT_ANALYSIS.computeQuality };
const keys = data.keys ? new DistinctKeys() : undefined;

parentPort?.on('message', (req: AnalyzeRequest) => {
  let reply: AnalyzeReply;
  try {
    reply = { id: req.id, results: req.texts.map((t) => analyzeText(t, deps, dedup, keys)) };
  } catch (e) {
    reply = { id: req.id, error: errorMessage(e) };
  }
  // The key arrays are moved, not copied.
  parentPort!.postMessage(reply, 'results' in reply ? reply.results.flatMap((r) => (r.keys ? [r.keys.buffer as ArrayBuffer] : [])) : []);
});
