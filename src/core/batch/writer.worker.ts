// Worker entry (bundled to dist/writer.worker.js): the batch's output files are created here (temp file,
// write, fsync, close, link, unlink: newfile.ts), so that the main thread pays one message per tick's saves
// instead of six thread-pool round trips per document. Messages in: an array of { id, dir, target, content };
// out: an array of { id, result } or { id, error }, once all files of the message are done.
import { parentPort } from 'node:worker_threads';
import { createFileAtomic } from './newfile';
import type { WriteAnswer, WriteItem } from './writer';

parentPort?.on('message', (items: WriteItem[]) => {
  void Promise.all(
    items.map(async (m): Promise<WriteAnswer> => {
      try {
        return { id: m.id, result: await createFileAtomic(m.dir, m.target, m.content) };
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        return { id: m.id, error: err.message, code: err.code };
      }
    }),
  ).then((answers) => parentPort!.postMessage(answers));
});
