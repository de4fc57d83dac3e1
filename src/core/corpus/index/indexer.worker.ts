// Worker entry (bundled to dist/indexer.worker.js): builds or updates the corpus index of one workspace
// off the main thread. The request comes as workerData (IndexerRequest); progress, log lines and the
// result go back as IndexerMessage; a { type: 'cancel' } message aborts the run. The index is written
// to .curator/index/ as usual; the host then loads it with CorpusIndex.load (a fast file read).
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusIndex, type IndexProgress } from './corpus-index';
import type { IndexerCancel, IndexerMessage, IndexerRequest } from './worker-protocol';
import { deltaSince, deltaSnapshot, type IndexDelta } from './delta';

async function run(req: IndexerRequest, post: (m: IndexerMessage) => void, signal: AbortSignal): Promise<void> {
  const t0 = Date.now();
  let lastProgress = 0;
  const onProgress = (p: IndexProgress) => {
    const now = Date.now();
    // At most ~10 progress messages a second, but always the phase changes and the last one.
    if (now - lastProgress < 100 && p.phase === 'read' && p.done !== p.total) return;
    lastProgress = now;
    post({ type: 'progress', progress: p });
  };
  const opts = { include: req.include, exclude: req.exclude, reader: req.reader, tokenizer: req.tokenizer, filterRules: req.filterRules, log: (message: string) => post({ type: 'log', message }), onProgress, signal };
  let index: CorpusIndex;
  let update;
  let delta: IndexDelta | undefined;
  if (req.mode === 'build') index = await CorpusIndex.build(req.root, opts, opts);
  else if (req.mode === 'update') {
    const loaded = CorpusIndex.load(req.root, opts);
    if (loaded.index) {
      index = loaded.index;
      // What changed goes back with the summary, so the host applies it instead of loading the whole index.
      const snap = req.wantDelta ? deltaSnapshot(index) : undefined;
      update = await index.update(req.changedPaths, opts);
      if (snap) delta = deltaSince(index, snap, update);
    } else {
      if (loaded.problem) opts.log(`Corpus index ${loaded.problem}: rebuilding it.`);
      index = await CorpusIndex.build(req.root, opts, opts);
    }
  } else index = await CorpusIndex.open(req.root, opts);
  const info = index.info();
  post({
    type: 'done',
    summary: { documents: info.documents, files: info.files, skipped: index.skipped().length, generation: info.generation, durationMs: Date.now() - t0, update, delta },
  });
}

function fail(e: unknown): IndexerMessage {
  const err = e instanceof Error ? e : new Error(String(e));
  return { type: 'error', name: err.name, message: err.message };
}

if (parentPort) {
  const port = parentPort;
  const ac = new AbortController();
  port.on('message', (m: IndexerCancel) => {
    if (m && m.type === 'cancel') ac.abort();
  });
  run(workerData as IndexerRequest, (m) => port.postMessage(m), ac.signal).then(
    () => port.close(),
    (e: unknown) => {
      port.postMessage(fail(e));
      port.close();
    },
  );
} else if (process.send) {
  // A child process (worker-client's childProcess): the request comes as the first message; the process
  // exits once its last message is sent, so everything it held goes back to the system.
  const send = process.send.bind(process);
  const ac = new AbortController();
  let started = false;
  const end = (m?: IndexerMessage) => {
    if (m) send(m, undefined, undefined, () => process.exit(0));
    else process.exit(0);
  };
  process.on('message', (m: IndexerCancel | { type: 'start'; request: IndexerRequest }) => {
    if (m && m.type === 'cancel') ac.abort();
    else if (m && m.type === 'start' && !started) {
      started = true;
      let last: IndexerMessage | undefined;
      run(m.request, (msg) => (msg.type === 'done' ? (last = msg) : send(msg)), ac.signal).then(
        () => end(last),
        (e: unknown) => end(fail(e)),
      );
    }
  });
  // The host went away: nothing to report to.
  process.on('disconnect', () => process.exit(0));
}
