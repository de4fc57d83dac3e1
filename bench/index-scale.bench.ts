// npm run bench -- index-scale   (this one alone; `npm run bench` and `npm run bench -- index` leave it out: it takes an hour or more)
//
// The whole `curator index` command at scale, beside MiniSearch's addAll and SQLite FTS5 over the same texts,
// in one run. The corpus is the generated real text of bench/real-text.ts (the documents d0, d1, … of
// index.bench.ts), written by bench/gen-corpus.ts as shards of 10,000 documents: JSONL, and every fourth
// shard Parquet (zstd).
//
//   ours     `node dist/cli.js index <corpus> --rebuild --quiet` in a child process (run `npm run build`
//            first): wall, CPU (user + system, all threads) and peak resident memory of that process.
//   host     a fresh process loads the index as the extension host does (CorpusIndex.load): resident memory
//            once loaded, query latency p50/p95 and known-item recall@10 (whole CorpusIndex.search), and one
//            changed shard re-indexed (update([shard]), written to disk).
//   plain    MiniSearch addAll (default tokenizer, field text) over the same texts, in batches of 1,000,
//            time-capped (BENCH_PLAIN_SECONDS, default 120) and then extrapolated linearly, marked so.
//   FTS5     better-sqlite3 12 (SQLite's FTS5 with its trigram tokenizer), the same texts inserted in one
//            transaction into a database file, then the same queries as phrases (ORDER BY rank LIMIT 10).
//            better-sqlite3 is not a dependency of the project: it is installed on demand into
//            BENCH_SQLITE_DIR (default ~/.cache/corpus-curator/bench-sqlite) with `npm install --prefix`; it
//            compiles SQLite from source when no prebuilt binary can be downloaded (minutes).
//
// Environment: BENCH_SCALE_DOCS (default 100000; 1000000 for the million, which also skips MiniSearch and
// FTS5 unless BENCH_SCALE_COMPARE=1), BENCH_SCALE_DIR (a corpus folder to use or create and keep; default a
// temporary folder, removed), BENCH_PLAIN_SECONDS, BENCH_SQLITE_DIR, BENCH_SQLITE=0 (skip FTS5),
// BENCH_SKIP_PLAIN=1, BENCH_SKIP_HOST=1 (skip the host's load, queries and changed shard), BENCH_QUERIES (per language, default 200), BENCH_SKIP_SCALE=1 (skip this bench).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { writeCorpus } from './gen-corpus';
import { dataDir, loadPools, makeGenerator, makeQueries, type Query } from './real-text';

const N = Number(process.env.BENCH_SCALE_DOCS ?? 100000);
const COMPARE = process.env.BENCH_SCALE_COMPARE === '1' || N <= 200000;
const PLAIN_SECONDS = Number(process.env.BENCH_PLAIN_SECONDS ?? 120);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const SQLITE_DIR = process.env.BENCH_SQLITE_DIR ?? join(homedir(), '.cache', 'corpus-curator', 'bench-sqlite');
const root = join(__dirname, '..');
const MB = 1024 * 1024;
const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

interface ProcFigures {
  wall: number;
  cpu: number;
  maxRssMB: number;
  status: number | null;
  stderr: string;
}

/** Runs `node <args>` with a preload that writes the process's CPU time and peak RSS when it exits. */
function runMeasured(args: string[], tmp: string, env: NodeJS.ProcessEnv = {}): ProcFigures {
  const out = join(tmp, `usage-${Date.now()}.json`);
  const pre = join(tmp, 'usage-preload.cjs');
  writeFileSync(
    pre,
    `process.on('exit', () => { const r = process.resourceUsage(); require('node:fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify({ cpu: (r.userCPUTime + r.systemCPUTime) / 1e6, maxRss: r.maxRSS })); });\n`,
  );
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', pre, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * MB });
  const wall = (performance.now() - t0) / 1000;
  let cpu = NaN;
  let maxRssMB = NaN;
  if (existsSync(out)) {
    const u = JSON.parse(readFileSync(out, 'utf8')) as { cpu: number; maxRss: number };
    cpu = u.cpu;
    maxRssMB = u.maxRss / 1024;
  }
  return { wall, cpu, maxRssMB, status: r.status, stderr: (r.stderr || '') + (r.error ? String(r.error) : '') };
}

/** better-sqlite3 from the cache folder, installed there on demand; undefined (with the reason printed) when it cannot be. */
function loadSqlite(): ((file: string) => SqliteDb) | undefined {
  const req = createRequire(join(SQLITE_DIR, 'package.json'));
  try {
    return req('better-sqlite3') as (file: string) => SqliteDb;
  } catch {
    /* not installed yet */
  }
  mkdirSync(SQLITE_DIR, { recursive: true });
  if (!existsSync(join(SQLITE_DIR, 'package.json'))) writeFileSync(join(SQLITE_DIR, 'package.json'), '{"private":true}\n');
  console.log(`Installing better-sqlite3@12 into ${SQLITE_DIR} (compiles SQLite when no prebuilt binary can be downloaded: minutes)…`);
  const t0 = performance.now();
  const r = spawnSync('npm', ['install', '--prefix', SQLITE_DIR, 'better-sqlite3@12', '--no-audit', '--no-fund'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(`  npm install: exit ${r.status}, ${fmt((performance.now() - t0) / 1000)} s`);
  try {
    return req('better-sqlite3') as (file: string) => SqliteDb;
  } catch (e) {
    console.log(`  FTS5: better-sqlite3 could not be loaded (${String(e).split('\n')[0]}); ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}`);
    return undefined;
  }
}

interface SqliteStmt {
  run(...a: unknown[]): unknown;
  all(...a: unknown[]): { id: string }[];
}
interface SqliteDb {
  exec(sql: string): void;
  prepare(sql: string): SqliteStmt;
  transaction(fn: () => void): () => void;
  close(): void;
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_SCALE === '1') return;
  console.log(`Machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared: wall times include contention; CPU times less so).`);
  const cli = join(root, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const tmp = mkdtempSync(join(tmpdir(), 'curator-scale-'));
  const keep = process.env.BENCH_SCALE_DIR;
  const corpus = keep ?? join(tmp, 'corpus');
  try {
    const pools = loadPools();
    const gen = makeGenerator(pools);
    const marker = join(corpus, '.bench-corpus.json');
    let bytes: number;
    if (existsSync(marker) && (JSON.parse(readFileSync(marker, 'utf8')) as { docs: number }).docs === N) {
      bytes = (JSON.parse(readFileSync(marker, 'utf8')) as { bytes: number }).bytes;
      console.log(`Corpus: ${corpus} (kept from an earlier run)`);
    } else {
      const g0 = performance.now();
      const w = await writeCorpus(corpus, N);
      bytes = w.bytes;
      writeFileSync(marker, JSON.stringify({ docs: N, bytes }));
      console.log(`Corpus written in ${fmt((performance.now() - g0) / 1000)} s: ${corpus}`);
    }
    const shards = readdirSync(corpus).filter((f) => /^shard-\d+\.(jsonl|parquet)$/.test(f)).sort();
    console.log(`Corpus: ${N} documents, ${fmt(bytes / MB, 0)} MB of UTF-8 text, ${shards.length} shards (${shards.filter((s) => s.endsWith('.parquet')).length} Parquet zstd, the rest JSONL).`);
    console.log(pools.real ? `Text: real sentences from ${dataDir}.` : `Text: !!! GENERATED pseudo-text (${dataDir} is missing): not comparable with the README's figures !!!`);
    const queries = makeQueries(gen, N, QUERIES, 99);
    const queriesFile = join(tmp, 'queries.json');
    writeFileSync(queriesFile, JSON.stringify(queries));

    // ---- ours: the whole command ----
    const ours = runMeasured([cli, 'index', corpus, '--rebuild', '--quiet'], tmp);
    if (ours.status !== 0) {
      console.log(`\ncurator index FAILED (exit ${ours.status}) after ${fmt(ours.wall)} s, peak RSS ${fmt(ours.maxRssMB, 0)} MB:\n${ours.stderr.trim().split('\n').slice(-8).join('\n')}`);
    }
    const idxDir = join(corpus, '.curator', 'index');
    const diskMB = existsSync(idxDir) ? readdirSync(idxDir).reduce((a, f) => a + readFileSync(join(idxDir, f)).length, 0) / MB : NaN;
    console.log(`\nOurs, the whole \`curator index --rebuild\` (read, language, signals, tokens, MinHash + clusters, search shards, write; filter rules off: no preset):`);
    console.log(`  ${fmt(ours.wall)} s wall, ${fmt(ours.cpu)} s CPU (${fmt(ours.cpu / ours.wall, 2)} cores busy), peak RSS ${fmt(ours.maxRssMB, 0)} MB, ${fmt(N / ours.wall, 0)} docs/s; index on disk ${fmt(diskMB, 0)} MB`);
    console.log(`  goals: 1M documents in ≤ 600 s on two cores, RSS ≤ 2048 MB`);

    // ---- the host: load, queries, one changed shard ----
    if (ours.status === 0 && process.env.BENCH_SKIP_HOST !== '1') {
      const jsonl = shards.find((s) => s.endsWith('.jsonl'))!;
      const hostOut = join(tmp, 'host.json');
      const host = runMeasured(['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', join('bench', 'index-scale-host.ts'), corpus, queriesFile, jsonl, hostOut], tmp);
      if (host.status !== 0 || !existsSync(hostOut)) console.log(`  host: FAILED (exit ${host.status}): ${host.stderr.trim().split('\n').slice(-5).join(' | ')}`);
      else {
        const h = JSON.parse(readFileSync(hostOut, 'utf8')) as {
          documents: number; loadS: number; loadCpuS: number; rssLoadedMB: number; rssBeforeMB: number; heapMB: number; arrayBuffersMB: number;
          p50: number; p95: number; recall: { en: number; zh: number }; update: { s: number; cpuS: number; readFiles: number; added: number; removed: number; rebuilt: boolean }; maxRssMB: number;
          rssAfterQueriesMB: number; apply?: { s: number; cpuS: number; docs: number; clusters: number; changedFound: boolean; rssAfterMB: number };
        };
        console.log(`  host: load ${fmt(h.loadS, 2)} s (${fmt(h.loadCpuS, 2)} s CPU), ${h.documents} documents; RSS once loaded ${fmt(h.rssLoadedMB, 0)} MB (JS heap ${fmt(h.heapMB, 0)} MB, typed arrays ${fmt(h.arrayBuffersMB, 0)} MB; the process before loading: ${fmt(h.rssBeforeMB, 0)} MB with tsx) — goal ≤ 500 MB`);
        console.log(`  search: p50 ${fmt(h.p50, 2)} ms, p95 ${fmt(h.p95, 2)} ms (goal ≤ 50 ms); recall@10 en ${fmt(h.recall.en, 3)}, zh ${fmt(h.recall.zh, 3)} (${queries.length} queries)`);
        console.log(`  RSS after the queries ${fmt(h.rssAfterQueriesMB, 0)} MB`);
        console.log(`  one changed shard (${jsonl}): update in the indexer worker ${fmt(h.update.s, 2)} s wall (the host's own CPU meanwhile ${fmt(h.update.cpuS, 2)} s), ${h.update.removed} → ${h.update.added} documents${h.update.rebuilt ? ', REBUILT' : ''} (goal ≤ 10 s); peak RSS of the host process (the worker is a child process) ${fmt(h.maxRssMB, 0)} MB`);
        if (h.apply) console.log(`  the host applies it (no whole reload): ${fmt(h.apply.s * 1000, 0)} ms wall, ${fmt(h.apply.cpuS * 1000, 0)} ms CPU, ${h.apply.docs} documents in, ${h.apply.clusters} clusters changed; changed document found: ${h.apply.changedFound ? 'yes' : 'NO'}; host RSS after ${fmt(h.apply.rssAfterMB, 0)} MB`);
      }
    }

    if (!COMPARE) return;
    // ---- plain MiniSearch addAll over the same texts ----
    if (process.env.BENCH_SKIP_PLAIN !== '1') {
      const pc0 = process.cpuUsage();
      const p0 = performance.now();
      const ms = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
      let n = 0;
      while (n < N && (performance.now() - p0) / 1000 < PLAIN_SECONDS) {
        const batch: { id: string; text: string }[] = [];
        for (let i = n; i < Math.min(N, n + 1000); i++) {
          const d = gen(i);
          batch.push({ id: d.id, text: d.text });
        }
        ms.addAll(batch);
        n += batch.length;
      }
      const plainS = (performance.now() - p0) / 1000;
      const pc = process.cpuUsage(pc0);
      const plainCpu = (pc.user + pc.system) / 1e6;
      const scale = N / n;
      const capped = n < N;
      console.log(`\nMiniSearch addAll (default tokenizer; text generated on the fly, included)${capped ? `: stopped at the ${PLAIN_SECONDS} s cap after ${n} documents, extrapolated ×${fmt(scale, 2)} (linear)` : ''}:`);
      console.log(`  ${fmt(plainS)} s wall, ${fmt(plainCpu)} s CPU for ${n} → ${fmt(plainS * scale)} s wall, ${fmt(plainCpu * scale)} s CPU for ${N}`);
      console.log(`  ours / MiniSearch addAll: ${fmt(ours.wall / (plainS * scale), 3)}× wall, ${fmt(ours.cpu / (plainCpu * scale), 3)}× CPU (goal ≤ 0.3×)`);
    }

    // ---- SQLite FTS5, trigram tokenizer ----
    if (process.env.BENCH_SQLITE === '0') return;
    const open = loadSqlite();
    if (!open) return;
    const dbFile = join(tmp, 'fts5.db');
    const db = open(dbFile);
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;');
    db.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text, tokenize = 'trigram')");
    const ins = db.prepare('INSERT INTO docs (id, text) VALUES (?, ?)');
    const fc0 = process.cpuUsage();
    const f0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const d = gen(i);
        ins.run(d.id, d.text);
      }
    })();
    const ftsS = (performance.now() - f0) / 1000;
    const fc = process.cpuUsage(fc0);
    const ftsCpu = (fc.user + fc.system) / 1e6;
    const sel = db.prepare('SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 10');
    const phrase = (q: Query) => `"${q.q.replace(/"/g, '""')}"`;
    for (const q of queries.slice(0, 20)) sel.all(phrase(q));
    const times: number[] = [];
    const found = { en: 0, zh: 0 };
    const total = { en: 0, zh: 0 };
    for (const q of queries) {
      const q0 = performance.now();
      const ids = sel.all(phrase(q)).map((r) => r.id);
      times.push(performance.now() - q0);
      total[q.lang]++;
      if (ids.includes(q.doc)) found[q.lang]++;
    }
    db.close();
    const gen0 = performance.now();
    for (let i = 0; i < N; i++) gen(i);
    const genS = (performance.now() - gen0) / 1000;
    console.log(`\nSQLite FTS5, trigram tokenizer (better-sqlite3 ${(createRequire(join(SQLITE_DIR, 'package.json'))('better-sqlite3/package.json') as { version: string }).version}; one transaction, text generated on the fly, included: generating alone takes ${fmt(genS)} s):`);
    console.log(`  build ${fmt(ftsS)} s wall, ${fmt(ftsCpu)} s CPU, database ${fmt(statSync(dbFile).size / MB, 0)} MB; phrase queries p50 ${fmt(percentile(times, 50), 2)} ms, p95 ${fmt(percentile(times, 95), 2)} ms; recall@10 en ${fmt(found.en / Math.max(1, total.en), 3)}, zh ${fmt(found.zh / Math.max(1, total.zh), 3)}`);
    console.log(`  ours / FTS5: ${fmt(ours.wall / ftsS, 3)}× wall, ${fmt(ours.cpu / ftsCpu, 3)}× CPU`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
