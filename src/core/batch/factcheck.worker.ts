// Worker entry (bundled to dist/factcheck.worker.js): the fact check of batch results (buildReview's
// summary) off the main thread, so 50 parallel jobs do not queue behind it on the event loop.
// Messages in: an array of { id, source, rewrite }; out: an array of { id, summary } or { id, error }.
import { parentPort } from 'node:worker_threads';
import { buildReview } from '../review/review';
import type { FactCheckAnswer, FactCheckItem } from './factcheck-pool';
import { errorMessage } from '../util/errors';

parentPort?.on('message', (items: FactCheckItem[]) => {
  const answers: FactCheckAnswer[] = items.map((m) => {
    try {
      return { id: m.id, summary: buildReview(m.source, m.rewrite, { style: m.style }).summary };
    } catch (e) {
      return { id: m.id, error: errorMessage(e) };
    }
  });
  parentPort!.postMessage(answers);
});
