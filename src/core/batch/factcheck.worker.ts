// Worker entry (bundled to dist/factcheck.worker.js): the fact check of batch results (buildReview's
// summary) off the main thread, so 50 parallel jobs do not queue behind it on the event loop.
// Messages in: { id, source, rewrite }; out: { id, summary } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { buildReview } from '../review/review';

parentPort?.on('message', (m: { id: number; source: string; rewrite: string }) => {
  try {
    parentPort!.postMessage({ id: m.id, summary: buildReview(m.source, m.rewrite).summary });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: (e as Error).message });
  }
});
