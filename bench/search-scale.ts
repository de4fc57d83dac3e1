// Body search at a million documents' postings (bench/search-scale-shards.ts copies a built index's shards):
// opens the shards as the host does (DiskShard), runs the known-item queries with 'all' mode's pruning and
// without it, alternating per query so both see the same page cache, checks they answer the same, and
// prints CPU per query (p50/p95) and recall@10 (a copy of the known item counts: the copies tie).
//
//   node --import tsx --expose-gc bench/search-scale.ts <shards dir> <index dir of the source> <queries.json> [limit=10]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiskShard, SearchIndex, type SearchHit } from '../src/core/corpus/search/search-index';
import type { Query } from './real-text';

const [dir, srcIndex, queriesFile, limitArg] = process.argv.slice(2) as [string, string, string, string?];
const limit = Number(limitArg ?? 10);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const rss0 = process.memoryUsage().rss;
const { shards, docs } = JSON.parse(readFileSync(join(dir, 'shards.json'), 'utf8')) as { shards: string[]; docs: number };
const c0 = process.cpuUsage();
const idx = new SearchIndex(shards.map((f) => DiskShard.open(join(dir, f))));
const openCpu = process.cpuUsage(c0);
gc();
const rssOpen = process.memoryUsage().rss;
// External ids (d123) → index ids, from the source's document table.
const manifest = JSON.parse(readFileSync(join(srcIndex, 'manifest.json'), 'utf8')) as { docsFile: string };
const byExternal = new Map<string, string>();
for (const line of readFileSync(join(srcIndex, manifest.docsFile), 'utf8').split('\n')) {
  if (!line) continue;
  const d = JSON.parse(line) as { id: string; externalId?: string };
  if (d.externalId) byExternal.set(d.externalId, d.id);
}
const queries = JSON.parse(readFileSync(queriesFile, 'utf8')) as Query[];
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
for (const q of queries.slice(0, 10)) idx.search(q.q, { limit });
// Each query twice per mode; which mode goes first alternates. "cold": the first run of a query (its postings
// read from the shard files, through the page cache); "warm": the second (from the shared postings cache).
const times = { prune: { cold: [] as number[], warm: [] as number[] }, full: { cold: [] as number[], warm: [] as number[] } };
const found = { en: 0, zh: 0 };
const total = { en: 0, zh: 0 };
let differ = 0;
const key = (hs: SearchHit[]) => JSON.stringify(hs);
queries.forEach((q, i) => {
  const order: ('prune' | 'full')[] = i % 2 ? ['prune', 'full'] : ['full', 'prune'];
  const answers: Record<string, SearchHit[]> = {};
  order.forEach((mode, j) => {
    const t = cpuMs();
    answers[mode] = idx.search(q.q, { limit, prune: mode === 'prune' });
    (j === 0 ? times[mode].cold : times[mode].warm).push(cpuMs() - t);
  });
  for (const mode of [...order].reverse()) {
    const t = cpuMs();
    idx.search(q.q, { limit, prune: mode === 'prune' });
    times[mode].warm.push(cpuMs() - t);
  }
  if (key(answers.prune!) !== key(answers.full!)) differ++;
  total[q.lang]++;
  const want = byExternal.get(q.doc);
  if (want && answers.prune!.some((h) => h.id.slice(h.id.indexOf('-') + 1) === want)) found[q.lang]++;
});
const pct = (xs: number[], p: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
gc();
console.log(`${docs} documents in ${shards.length} shards; opened in ${((openCpu.user + openCpu.system) / 1e6).toFixed(2)} s CPU; RSS ${(rssOpen / 1048576).toFixed(0)} MB open (process before: ${(rss0 / 1048576).toFixed(0)} MB), ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB after the queries`);
console.log(`${queries.length} queries, limit ${limit}, CPU ms per query:`);
const line = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)}, p95 ${pct(xs, 95).toFixed(1)}, max ${pct(xs, 100).toFixed(1)} (${xs.length})`;
console.log(`  pruned ('all' mode, default):  cold ${line(times.prune.cold)}; warm ${line(times.prune.warm)}`);
console.log(`  every document holding a unit: cold ${line(times.full.cold)}; warm ${line(times.full.warm)}`);
console.log(`  answers differing: ${differ}; recall@10 (a copy of the known item: the copies of better-ranked documents crowd it out, so this is not the recall of a real million) en ${(found.en / Math.max(1, total.en)).toFixed(3)}, zh ${(found.zh / Math.max(1, total.zh)).toFixed(3)}`);
