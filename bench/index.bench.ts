// npm run bench -- index
//
// The corpus search index against MiniSearch used plainly (addAll over full texts, default tokenizer) on a
// generated corpus of real text: a seeded mix of English and Chinese paragraphs, built from sentences of
// ../shared/data (SummEdits docs, Dolma test documents, Clough-Stevenson answers; CMRC 2018 Chinese
// Wikipedia passages). Each generated document is a fresh sequence of sentences, so any two adjacent
// sentences identify it.
//
// Figures: build time (index + write to disk), reload time, heap (JS heap and typed-array memory), query
// latency (p50/p95), and known-item recall@10 for English and Chinese queries: a query is the phrase
// copied from a known document around a sentence boundary (3 words either side in English, 6 characters
// either side in Chinese, widened so a Latin word or number is not cut), and it counts as found when that
// document is in the top 10.
//
// Environment: BENCH_DOCS (default 100000), BENCH_PLAIN_SECONDS (time cap of the plain MiniSearch build,
// default 120; its figures are then extrapolated linearly to BENCH_DOCS and marked so), BENCH_QUERIES
// (per language, default 200), BENCH_SKIP_PLAIN=1, BENCH_FULL_DOCS (default 3000: the whole CorpusIndex
// pipeline — readers, quality signals, the filters' rules, MinHash dedup, search, persistence — on that many of the
// documents; 0 skips), BENCH_BASELINE_SRC (another checkout, e.g. a worktree at 4e5a96d before the rules: its
// CorpusIndex.build on the same documents), DATATROVE_SRC (<datatrove checkout>/src: datatrove's four filters plus
// its MinHash signatures, buckets and clusters on the same documents, with the ratio), BENCH_DATATROVE_WORKERS
// (datatrove on one process, two workers or both: 1,2, the default).
import { keepZhWordHits } from '../src/core/corpus/search/zh-verify';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { DEFAULT_SHARD_DOCS, SearchIndex, SearchIndexBuilder, Shard } from '../src/core/corpus/search/search-index';
import { writeFileAtomic } from '../src/core/corpus/index/atomic';
import { CorpusIndex } from '../src/core/corpus/index/corpus-index';
import { poolSize } from '../src/core/corpus/index/analyze-pool';
import { DEFAULT_ANALYSIS } from '../src/core/corpus/index/analyze';
import { DATATROVE_FILTERS_PY } from './datatrove-py';
import { dataDir, loadPools, makeGenerator, makeQueries, type Query } from './real-text';

const N = Number(process.env.BENCH_DOCS ?? 100000);
const PLAIN_SECONDS = Number(process.env.BENCH_PLAIN_SECONDS ?? 120);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const SKIP_PLAIN = process.env.BENCH_SKIP_PLAIN === '1';
const FULL_DOCS = Number(process.env.BENCH_FULL_DOCS ?? 3000);
const DATATROVE_SRC = process.env.DATATROVE_SRC;
const BASELINE_SRC = process.env.BENCH_BASELINE_SRC;
/** datatrove's runs: one process, two workers, or both (BENCH_DATATROVE_WORKERS=1,2, the default). */
const DATATROVE_WORKERS = (process.env.BENCH_DATATROVE_WORKERS ?? '1,2').split(',').map(Number).filter((n) => n >= 1);
const REF = { buildS: 144, heapGB: 2.6, reloadS: 21, queryMs: 22 };

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);


function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function mem(): { heap: number; external: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.arrayBuffers };
}

const MB = 1024 * 1024;
/** CPU seconds (user + system, all threads of the process) since `c0`: on a shared, oversubscribed machine
 * this is closer to what the work costs than wall time. */
const cpuS = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
};
const fmt = (x: number, d = 1) => x.toFixed(d);

function evaluate(search: (q: string) => string[], queries: Query[], repeat = 3): { p50: number; p95: number; mean: number; cpuP95: number; bestOfP95: number; recall: { en: number; zh: number } } {
  // Warm-up (JIT) on the first 20 queries, not measured.
  for (const q of queries.slice(0, 20)) search(q.q);
  const times: number[] = [];
  const cpu: number[] = [];
  const found = { en: 0, zh: 0 };
  const total = { en: 0, zh: 0 };
  for (const q of queries) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ids = search(q.q);
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    total[q.lang]++;
    if (ids.slice(0, 10).includes(q.doc)) found[q.lang]++;
  }
  // Scheduling noise on a shared machine: each query's best wall time over `repeat` runs.
  const best = times.slice();
  for (let r = 1; r < repeat; r++) {
    queries.forEach((q, i) => {
      const t0 = performance.now();
      search(q.q);
      best[i] = Math.min(best[i]!, performance.now() - t0);
    });
  }
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    cpuP95: percentile(cpu, 95),
    bestOfP95: percentile(best, 95),
    mean: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    recall: { en: total.en ? found.en / total.en : NaN, zh: total.zh ? found.zh / total.zh : NaN },
  };
}

interface DatatroveRun {
  docs: number;
  dropped: number;
  removed: number;
  filters: number;
  sigs: number;
  clusters: number;
  cpu: number;
  wall: number;
}

/** datatrove's four filters (Gopher repetition, Gopher quality, C4, FineWeb; default thresholds, the same
 * NLTK tokenisation as `npm run bench -- filters`) and its MinHash stages (signatures with its default
 * MinhashConfig, the buckets stage once per bucket, clustering) on every document of the workspace, run from
 * DATATROVE_SRC (/usr/bin/python3 with Debian's python3-nltk, python3-numpy, python3-xxhash, python3-fsspec,
 * python3-loguru, python3-regex). Every document goes through every stage, as in our index (which computes
 * the rules and the MinHash signature of every document).
 *
 * `workers` 1: one Python process, no executor overhead counted against it. `workers` 2: as datatrove's
 * local executor with two tasks — two processes at once, each the filters and signatures of every other
 * document (rank r of 2, its own signature files), then the buckets and clustering in one process; CPU is the
 * sum of the three processes' own CPU time, wall the slower of the two then the clustering (each process's own
 * clock, imports left out, as for one process). */
async function runDatatrove(ws: string, tmp: string, workers: number): Promise<DatatroveRun | undefined> {
  const dir = join(tmp, `datatrove-${workers}`);
  for (const m of ['huggingface_hub', 'huggingface_hub/utils', 'tokenizers', 'tokenizers/processors', 'orjson']) {
    mkdirSync(join(dir, 'stubs', m), { recursive: true });
    writeFileSync(
      join(dir, 'stubs', m, '__init__.py'),
      "class _Stub:\n    def __init__(self, *a, **k):\n        raise RuntimeError('stub')\ndef __getattr__(n):\n    if n.startswith('__'):\n        raise AttributeError(n)\n    return type(n, (_Stub,), {})\n",
    );
  }
  writeFileSync(
    join(dir, 'run.py'),
    [
      'import json, os, sys, time, glob',
      ...DATATROVE_FILTERS_PY,
      'from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupSignature, MinhashDedupBuckets, MinhashDedupCluster',
      '# run.py <workspace> <out> <stage: all | part | merge> <rank> <world>',
      'ws, out, stage, rank, world = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])',
      'cfg = MinhashConfig()',
      'import datatrove.pipeline.dedup.minhash as _mh; _mh.load_word_tokenizer = lambda language: T',
      '# Debian fsspec 2022.11 rejects the maxdepth datatrove passes to glob: list the local files with os.walk.',
      'import fnmatch, datatrove.io as _io',
      'def _list_files(self, subdirectory="", recursive=True, glob_pattern=None, include_directories=False):',
      '    res = []',
      '    for root, dirs, files in os.walk(os.path.join(self.path, subdirectory)):',
      '        for f in files:',
      '            rel = os.path.relpath(os.path.join(root, f), os.path.join(self.path, subdirectory))',
      '            if glob_pattern is None or fnmatch.fnmatch(rel, glob_pattern if "*" in glob_pattern else "*" + glob_pattern):',
      '                res.append(os.path.join(subdirectory, rel) if subdirectory else rel)',
      '        if not recursive: break',
      '    return sorted(res)',
      '_io.DataFolder.list_files = _list_files',
      'res = {"docs": 0, "dropped": 0, "removed": 0, "filters": 0.0, "sigs": 0.0, "clusters": 0.0}',
      'c0 = time.process_time(); w0 = time.time()',
      'if stage in ("all", "part"):',
      '    docs = []',
      "    for f in sorted(glob.glob(os.path.join(ws, '**', '*.jsonl'), recursive=True)):",
      '        for line in open(f, encoding="utf-8"):',
      '            if line.strip():',
      '                o = json.loads(line); docs.append(Document(text=o["text"], id=o["id"]))',
      '    docs = docs[rank::world]',
      '    fs = [GopherRepetitionFilter(language=T), GopherQualityFilter(language=T), C4QualityFilter(language=T), FineWebQualityFilter(language=T)]',
      '    c0 = time.process_time(); w0 = time.time()',
      '    for d in docs:',
      '        if any(f.filter(Document(text=d.text, id=d.id)) is not True for f in fs): res["dropped"] += 1',
      '    c1 = time.process_time()',
      "    MinhashDedupSignature(output_folder=os.path.join(out, 'sigs'), config=cfg).run(iter(docs), rank, world)",
      '    c2 = time.process_time()',
      '    res.update(docs=len(docs), filters=c1 - c0, sigs=c2 - c1)',
      'if stage in ("all", "merge"):',
      '    c2 = time.process_time()',
      '    for b in range(cfg.num_buckets):',
      "        MinhashDedupBuckets(input_folder=os.path.join(out, 'sigs'), output_folder=os.path.join(out, 'buckets'), config=cfg).run(None, b, cfg.num_buckets)",
      "    MinhashDedupCluster(input_folder=os.path.join(out, 'buckets'), output_folder=os.path.join(out, 'remove'), config=cfg).run(None, 0, 1)",
      "    rm = [os.path.join(out, 'remove', f) for f in os.listdir(os.path.join(out, 'remove'))] if os.path.exists(os.path.join(out, 'remove')) else []",
      '    res.update(clusters=time.process_time() - c2, removed=sum(os.path.getsize(f) for f in rm if f.endswith(".remove")) // 4)',
      'res.update(cpu=time.process_time() - c0, wall=time.time() - w0)',
      'print(json.dumps(res))',
    ].join('\n'),
  );
  const env = { ...process.env, PYTHONPATH: `${DATATROVE_SRC}:${join(dir, 'stubs')}` };
  const py = (args: string[]): Promise<DatatroveRun | string> =>
    new Promise((done) => {
      const child = spawn('/usr/bin/python3', [join(dir, 'run.py'), ws, join(dir, 'out'), ...args], { env });
      let out = '';
      let err = '';
      child.stdout.on('data', (b: Buffer) => (out += b.toString()));
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      child.on('close', (code) => done(code === 0 ? (JSON.parse(out.trim().split('\n').pop()!) as DatatroveRun) : err.trim().split('\n').slice(-4).join(' | ')));
    });
  const parts = workers === 1 ? [await py(['all', '0', '1'])] : await Promise.all(Array.from({ length: workers }, (_, r) => py(['part', String(r), String(workers)])));
  if (workers > 1) parts.push(await py(['merge', '0', '1']));
  const failed = parts.find((p): p is string => typeof p === 'string');
  if (failed !== undefined) {
    console.log(`  datatrove (${workers} worker${workers > 1 ? 's' : ''}): could not run (${failed})`);
    return undefined;
  }
  const runs = parts as DatatroveRun[];
  const sum = (k: keyof DatatroveRun) => runs.reduce((a, r) => a + r[k], 0);
  // Wall time from each process's own clock, the import of datatrove and NLTK left out: the slowest of the
  // processes that ran at once, then the clustering.
  const wall = workers === 1 ? runs[0]!.wall : Math.max(...runs.slice(0, workers).map((r) => r.wall)) + runs[workers]!.wall;
  return { docs: sum('docs'), dropped: sum('dropped'), removed: sum('removed'), filters: sum('filters'), sigs: sum('sigs'), clusters: sum('clusters'), cpu: sum('cpu'), wall };
}

/** datatrove on one process and on two workers beside our figures, with the ratios. */
async function compareDatatrove(ws: string, tmp: string, docs: number, oursS: number, oursCpu: number): Promise<void> {
  for (const workers of DATATROVE_WORKERS) {
    const d = await runDatatrove(ws, tmp, workers);
    if (!d) continue;
    const how = workers === 1 ? 'one process' : `${workers} workers (processes at once, then buckets + clusters)`;
    console.log(
      `  datatrove (${DATATROVE_SRC}, ${how}): four filters + MinHash signatures, buckets, clusters on the same ${d.docs} documents: ${fmt(d.cpu)} s CPU (filters ${fmt(d.filters)}, signatures ${fmt(d.sigs)}, buckets + clusters ${fmt(d.clusters)}), ${fmt(d.wall)} s wall (${fmt(docs / d.wall, 0)} docs/s); ${d.dropped} dropped by the filters, ${d.removed} by MinHash`,
    );
    console.log(`    ratio: ours uses ${fmt(d.cpu / oursCpu, 2)}× less CPU (the goal's figure: ≥ 2.5×) and takes ${fmt(d.wall / oursS, 2)}× less wall time`);
  }
}

async function main(): Promise<void> {
  console.log(`Machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared; latency percentiles include contention).`);
  const pools = loadPools();
  console.log(
    pools.real
      ? `Real text from ${dataDir}: ${pools.en.length} English and ${pools.zh.length} Chinese sentences.`
      : `NOTE: ${dataDir} is absent (or too small): using GENERATED pseudo-text instead of real text.`,
  );
  const gen = makeGenerator(pools);
  const queries = makeQueries(gen, N, QUERIES, 99);
  const tmp = mkdtempSync(join(tmpdir(), 'curator-bench-'));
  try {
    // ---- ours ----
    const before = mem();
    let bytes = 0;
    let peak = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const shards = (() => {
      const b = new SearchIndexBuilder();
      for (let i = 0; i < N; i++) {
        const d = gen(i);
        bytes += Buffer.byteLength(d.text, 'utf8');
        b.add(d.id, d.text);
        // Peak memory: sampled just before each shard is closed (the radix sort's transient arrays come then).
        if (i % DEFAULT_SHARD_DOCS === DEFAULT_SHARD_DOCS - 1 || i === N - 1) {
          const m = process.memoryUsage();
          peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heap - before.external);
        }
      }
      const out = b.finish();
      const m = process.memoryUsage();
      peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heap - before.external);
      return out;
    })();
    const dir = join(tmp, 'ours');
    mkdirSync(dir);
    shards.forEach((s, i) => writeFileAtomic(join(dir, `shard-${i}.bin`), s.serialize()));
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ shards: shards.length }));
    const buildS = (performance.now() - t0) / 1000;
    const buildCpuS = cpuS(c0);
    console.log(`Corpus: ${N} documents, ${fmt(bytes / MB, 0)} MB of UTF-8 text (generation time included in build times below).`);
    // Generation alone, to subtract it honestly.
    const g0 = performance.now();
    for (let i = 0; i < N; i++) gen(i);
    const genS = (performance.now() - g0) / 1000;
    let idx0: SearchIndex | undefined = new SearchIndex(shards);
    const built = mem();
    const oursHeapBuilt = built.heap - before.heap;
    const oursExtBuilt = built.external - before.external;
    const diskMB = readdirSync(dir).reduce((a, f) => a + readFileSync(join(dir, f)).length, 0) / MB;
    // Reload from disk in a clean state.
    idx0 = undefined;
    void idx0;
    shards.length = 0;
    gc();
    const rc0 = process.cpuUsage();
    const r0 = performance.now();
    const files = readdirSync(dir).filter((f) => f.startsWith('shard-')).sort((a, c) => Number(a.slice(6, -4)) - Number(c.slice(6, -4)));
    const loaded = new SearchIndex(files.map((f) => Shard.load(join(dir, f))));
    const reloadS = (performance.now() - r0) / 1000;
    const reloadCpuS = cpuS(rc0);
    const afterLoad = mem();
    const ours = evaluate((q) => loaded.search(q, { limit: 10 }).map((h) => h.id), queries);
    console.log('\nOurs (sharded compact postings, CJK tokenizer):');
    console.log(`  build ${fmt(buildS)} s wall, ${fmt(buildCpuS)} s CPU (incl. ~${fmt(genS)} s generating text), ${files.length} shards, ${fmt(diskMB)} MB on disk`);
    console.log(`  heap after build: JS heap +${fmt(oursHeapBuilt / MB, 0)} MB, typed arrays +${fmt(oursExtBuilt / MB, 0)} MB; peak during build (JS heap + typed arrays, before GC) ${fmt(peak / MB, 0)} MB`);
    console.log(`  reload ${fmt(reloadS, 2)} s wall, ${fmt(reloadCpuS, 2)} s CPU; after reload: JS heap ${fmt((afterLoad.heap - before.heap) / MB, 0)} MB, typed arrays ${fmt((afterLoad.external - before.external) / MB, 0)} MB`);
    console.log(`  queries: p50 ${fmt(ours.p50, 2)} ms, p95 ${fmt(ours.p95, 2)} ms (CPU time p95 ${fmt(ours.cpuP95, 2)} ms; p95 of each query's best of 3 runs ${fmt(ours.bestOfP95, 2)} ms), mean ${fmt(ours.mean, 2)} ms; recall@10 en ${fmt(ours.recall.en, 3)}, zh ${fmt(ours.recall.zh, 3)} (${queries.length} queries)`);
    // Chinese query words checked against each result's own segmentation (zh-verify.ts), as the extension's and
    // the CLI's search do: 30 candidates, their texts (regenerated here, read from disk there), the first 10 kept.
    // Nothing changes at index time.
    const checked = evaluate((q) => keepZhWordHits(q, loaded.search(q, { limit: 30 }), (h) => gen(Number(h.id.slice(1))).text).slice(0, 10).map((h) => h.id), queries);
    console.log(`  with Chinese words checked in the results' segmentation: p50 ${fmt(checked.p50, 2)} ms, p95 ${fmt(checked.p95, 2)} ms (CPU time p95 ${fmt(checked.cpuP95, 2)} ms, text generation included), recall@10 en ${fmt(checked.recall.en, 3)}, zh ${fmt(checked.recall.zh, 3)}`);
    const oursMem = afterLoad.heap - before.heap + (afterLoad.external - before.external);
    const oursBuildMem = oursHeapBuilt + oursExtBuilt;

    // ---- the whole index pipeline (readers, quality, MinHash dedup, search, persistence) on a slice ----
    if (FULL_DOCS > 0) {
      const ws = join(tmp, 'workspace');
      mkdirSync(join(ws, 'en'), { recursive: true });
      mkdirSync(join(ws, 'zh'), { recursive: true });
      const lines: Record<'en' | 'zh', string[]> = { en: [], zh: [] };
      let wsBytes = 0;
      for (let i = 0; i < FULL_DOCS; i++) {
        const d = gen(i);
        const line = JSON.stringify({ id: d.id, text: d.text });
        wsBytes += Buffer.byteLength(line);
        lines[d.lang].push(line);
      }
      for (const l of ['en', 'zh'] as const) {
        for (let f = 0; f * 1000 < lines[l].length; f++) writeFileSync(join(ws, l, `part-${f}.jsonl`), lines[l].slice(f * 1000, f * 1000 + 1000).join('\n') + '\n');
      }
      const fc0 = process.cpuUsage();
      const f0 = performance.now();
      // Every datatrove rule computed (the index's filterRules option: what a chosen filter preset makes it do).
      const full = await CorpusIndex.build(ws, { filterRules: true });
      const fullS = (performance.now() - f0) / 1000;
      const fullCpu = cpuS(fc0);
      const lc = process.cpuUsage();
      const l1 = performance.now();
      const again = CorpusIndex.load(ws).index!;
      const loadS = (performance.now() - l1) / 1000;
      const loadCpu = cpuS(lc);
      console.log(`\nWhole CorpusIndex pipeline on ${FULL_DOCS} of these documents (${fmt(wsBytes / MB, 0)} MB of JSONL; readers + quality signals + datatrove's four filters as rules + MinHash/LSH + search + atomic writes; ${poolSize(undefined, Infinity, DEFAULT_ANALYSIS)} analysis worker threads):`);
      console.log(`  build ${fmt(fullS)} s wall, ${fmt(fullCpu)} s CPU (${fmt(FULL_DOCS / fullS, 0)} docs/s wall, ${fmt(FULL_DOCS / fullCpu, 0)} docs per CPU second), ${full.size} docs, ${full.duplicateClusters().length} duplicate clusters; load ${fmt(loadS, 2)} s wall, ${fmt(loadCpu, 2)} s CPU (${again.size} docs)`);
      if (BASELINE_SRC) {
        // The same build by another checkout of the code (e.g. the one before the filters' rules), same documents.
        const ws2 = join(tmp, 'workspace-baseline');
        for (const l of ['en', 'zh'] as const) {
          mkdirSync(join(ws2, l), { recursive: true });
          for (const f of readdirSync(join(ws, l))) if (f.endsWith('.jsonl')) writeFileSync(join(ws2, l, f), readFileSync(join(ws, l, f)));
        }
        const mod = (await import(join(BASELINE_SRC, 'src/core/corpus/index/corpus-index.ts'))) as { CorpusIndex: { build(root: string): Promise<{ size: number }> } };
        const bc0 = process.cpuUsage();
        const b0 = performance.now();
        const base = await mod.CorpusIndex.build(ws2);
        const baseS = (performance.now() - b0) / 1000;
        const baseCpu = cpuS(bc0);
        console.log(`  baseline (${BASELINE_SRC}): build ${fmt(baseS)} s wall, ${fmt(baseCpu)} s CPU (${fmt(FULL_DOCS / baseS, 0)} docs/s wall), ${base.size} docs — ours takes ${fmt(fullCpu / baseCpu, 2)}× its CPU`);
      }
      if (DATATROVE_SRC) await compareDatatrove(ws, tmp, FULL_DOCS, fullS, fullCpu);
    }

    if (SKIP_PLAIN) return;
    // ---- plain MiniSearch ----
    (loaded.shards as Shard[]).length = 0;
    const pBefore = mem();
    const pc0 = process.cpuUsage();
    const p0 = performance.now();
    const ms = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
    let n = 0;
    let pBytes = 0;
    for (; n < N; n++) {
      const d = gen(n);
      pBytes += d.text.length;
      ms.add(d);
      if ((n & 255) === 0 && (performance.now() - p0) / 1000 > PLAIN_SECONDS) break;
    }
    const plainS = (performance.now() - p0) / 1000;
    const plainCpuS = cpuS(pc0);
    const pMem = mem();
    const capped = n < N;
    const scale = N / n;
    const pHeap = pMem.heap - pBefore.heap + (pMem.external - pBefore.external);
    const s0 = performance.now();
    const json = JSON.stringify(ms);
    writeFileSync(join(tmp, 'plain.json'), json);
    const saveS = (performance.now() - s0) / 1000;
    const jsonMB = Buffer.byteLength(json) / MB;
    const pq = makeQueries(gen, n, QUERIES, 99);
    const plainQ = evaluate((q) => ms.search(q).slice(0, 10).map((r) => String(r.id)), pq, 1);
    void pBytes;
    const lc0 = process.cpuUsage();
    const l0 = performance.now();
    const reloaded = MiniSearch.loadJSON(readFileSync(join(tmp, 'plain.json'), 'utf8'), { fields: ['text'] });
    const plainReloadS = (performance.now() - l0) / 1000;
    const plainReloadCpuS = cpuS(lc0);
    void reloaded;
    const ext = (x: number) => (capped ? x * scale : x);
    console.log(`\nPlain MiniSearch (addAll over full texts, default tokenizer)${capped ? `: stopped at the ${PLAIN_SECONDS} s cap after ${n} documents; figures for ${N} extrapolated ×${fmt(scale, 2)} (linear)` : ''}:`);
    console.log(`  build ${fmt(plainS)} s wall, ${fmt(plainCpuS)} s CPU for ${n} docs → ${fmt(ext(plainS))} s wall, ${fmt(ext(plainCpuS))} s CPU for ${N}`);
    console.log(`  heap +${fmt(pHeap / MB, 0)} MB for ${n} docs → ${fmt(ext(pHeap) / 1024 / MB, 2)} GB for ${N}`);
    console.log(`  save ${fmt(saveS)} s (${fmt(jsonMB, 0)} MB JSON); reload ${fmt(plainReloadS, 2)} s wall, ${fmt(plainReloadCpuS, 2)} s CPU → ${fmt(ext(plainReloadS))} s wall, ${fmt(ext(plainReloadCpuS))} s CPU for ${N}`);
    console.log(`  queries (on the ${n}-doc index): p50 ${fmt(plainQ.p50, 2)} ms, p95 ${fmt(plainQ.p95, 2)} ms (CPU time p95 ${fmt(plainQ.cpuP95, 2)} ms), mean ${fmt(plainQ.mean, 2)} ms; recall@10 en ${fmt(plainQ.recall.en, 3)}, zh ${fmt(plainQ.recall.zh, 3)}`);

    const plainBuild100 = ext(plainS);
    const plainReload100 = ext(plainReloadS);
    const plainHeap100 = ext(pHeap);
    console.log('\nRatios (ours / plain, this run) and goals:');
    console.log(`  build   ${fmt(buildS / plainBuild100, 3)}× wall, ${fmt(buildCpuS / ext(plainCpuS), 3)}× CPU (goal ≤ 0.3×; our wall time vs the reference ${REF.buildS} s: ${fmt(buildS / REF.buildS, 3)}×)`);
    console.log(`  reload  ${fmt(reloadS / plainReload100, 3)}× wall, ${fmt(reloadCpuS / ext(plainReloadCpuS), 3)}× CPU (goal ≤ 0.1×; our wall time vs the reference ${REF.reloadS} s: ${fmt(reloadS / REF.reloadS, 3)}×)`);
    const oursWorst = Math.max(oursMem, oursBuildMem);
    console.log(`  memory  ${fmt(oursWorst / plainHeap100, 3)}× (JS heap + typed arrays, the larger of after-build and after-reload; goal ≤ 0.5×; vs reference ${REF.heapGB} GB: ${fmt(oursWorst / (REF.heapGB * 1024 * MB), 3)}×); peak during build ${fmt(peak / plainHeap100, 3)}×`);
    console.log(`  query p95 ${fmt(ours.p95, 2)} ms wall, ${fmt(ours.cpuP95, 2)} ms CPU, ${fmt(ours.bestOfP95, 2)} ms best-of-3 wall (goal ≤ 20 ms); recall@10 en ${fmt(ours.recall.en, 3)}, zh ${fmt(ours.recall.zh, 3)} (goal ≥ 0.95)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
