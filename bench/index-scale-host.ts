// Child process of index-scale.bench.ts: what the extension host does with a built index, in a fresh
// process so its memory is its own. Loads the index of <root> (CorpusIndex.load, as the host does after the
// indexer worker), reports resident memory, times the queries of <queries.json> (whole CorpusIndex.search:
// body and title/path, limit 10) with known-item recall@10, then changes one document of one shard and has the
// indexer worker (a child process, as in the extension) update `[that shard]` (re-read, search shard,
// signatures, write), then applies the worker's delta to the loaded index as the host does (applyDelta: only
// the new shard is opened), timing both and the host's memory after; BENCH_SKIP_UPDATE=1 leaves that out.
//
//   node --import tsx --expose-gc bench/index-scale-host.ts <root> <queries.json> <shard> <out.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusIndex } from '../src/core/corpus/index/corpus-index';
import { runIndexerWorker } from '../src/core/corpus/index/worker-client';
import type { Query } from './real-text';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

async function main(): Promise<void> {
  const [root, queriesFile, shard, out] = process.argv.slice(2) as [string, string, string, string];
  const rss0 = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const { index, problem } = CorpusIndex.load(root);
  if (!index) throw new Error(`index cannot be used: ${problem ?? 'absent'}`);
  const loadS = (performance.now() - t0) / 1000;
  const lc = process.cpuUsage(c0);
  gc();
  gc();
  const m = process.memoryUsage();
  const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as Query[];
  // Map generated ids (d123) to the index's documents (path:line / path:row): the record's `id` field.
  const byExternal = new Map<string, string>();
  for (const d of index.documents()) if (d.externalId) byExternal.set(d.externalId, d.id);
  for (const q of queries.slice(0, 20)) index.search(q.q, { limit: 10 });
  const times: number[] = [];
  const found = { en: 0, zh: 0 };
  const total = { en: 0, zh: 0 };
  for (const q of queries) {
    const q0 = performance.now();
    const hits = index.search(q.q, { limit: 10 });
    times.push(performance.now() - q0);
    total[q.lang]++;
    const want = byExternal.get(q.doc);
    if (want && hits.some((h) => h.doc.id === want)) found[q.lang]++;
  }
  const afterQ = process.memoryUsage().rss;
  const figures = () => ({
    documents: index.size,
    loadS,
    loadCpuS: (lc.user + lc.system) / 1e6,
    rssLoadedMB: m.rss / 1048576,
    rssBeforeMB: rss0 / 1048576,
    heapMB: m.heapUsed / 1048576,
    arrayBuffersMB: m.arrayBuffers / 1048576,
    rssAfterQueriesMB: afterQ / 1048576,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    recall: { en: found.en / Math.max(1, total.en), zh: found.zh / Math.max(1, total.zh) },
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  });
  // BENCH_SKIP_UPDATE=1: no changed shard (at a million documents the update reclusters every document).
  if (process.env.BENCH_SKIP_UPDATE === '1') {
    writeFileSync(out, JSON.stringify({ ...figures(), update: { s: NaN, cpuS: NaN, readFiles: 0, added: 0, removed: 0, rebuilt: false } }));
    return;
  }
  // One changed shard: the first document's text gets a sentence more, then the shard is re-indexed.
  const path = join(root, shard);
  const lines = readFileSync(path, 'utf8').split('\n');
  const first = JSON.parse(lines[0]!) as { id: string; text: string };
  first.text += ' This sentence was added to change the shard.';
  lines[0] = JSON.stringify(first);
  writeFileSync(path, lines.join('\n'));
  const uc = process.cpuUsage();
  const u0 = performance.now();
  // The worker's TypeScript source, loaded through tsx by a bootstrap (the extension runs the bundle).
  const worker = join(tmpdir(), `curator-bench-worker-${process.pid}.cjs`);
  writeFileSync(worker, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(join(__dirname, '..', 'src', 'core', 'corpus', 'index', 'indexer.worker.ts'))});\n`);
  // A child process, as the extension runs it (service.ts): its memory is not this process's.
  const summary = await runIndexerWorker(worker, { mode: 'update', root, changedPaths: [path], wantDelta: true }, { childProcess: true });
  const updateS = (performance.now() - u0) / 1000;
  const updateCpu = process.cpuUsage(uc);
  const ac = process.cpuUsage();
  const a0 = performance.now();
  const applied = !!summary.delta && index.applyDelta(summary.delta);
  if (!applied) throw new Error('the host could not apply the update (delta missing or out of step)');
  const applyS = (performance.now() - a0) / 1000;
  const applyCpu = process.cpuUsage(ac);
  // The changed document is found by its new sentence.
  const changedFound = index.search('This sentence was added to change the shard', { limit: 10 }).some((h) => h.doc.externalId === first.id);
  gc();
  gc();
  const up = summary.update!;
  const res = {
    ...figures(),
    update: { s: updateS, cpuS: (updateCpu.user + updateCpu.system) / 1e6, readFiles: up.readFiles.length, added: up.addedDocs, removed: up.removedDocs, rebuilt: up.rebuilt },
    apply: { s: applyS, cpuS: (applyCpu.user + applyCpu.system) / 1e6, docs: summary.delta!.docs.length, clusters: summary.delta!.clusters.length, changedFound, rssAfterMB: process.memoryUsage().rss / 1048576 },
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  };
  writeFileSync(out, JSON.stringify(res));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
