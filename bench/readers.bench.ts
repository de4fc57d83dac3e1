// npm run bench -- readers
//
// The shard readers on a large shard of real text (bench/real-text.ts: English and Chinese paragraphs from
// ../shared/data, ~5.3 KB a document), the same documents in every format:
//   .jsonl        plain JSON lines: the baseline (our line reader + JSON.parse)
//   .jsonl.gz     gzip (Node's zlib)
//   .jsonl.zst    written by the zstd tool (-3), read through fzstd, streaming
//   .parquet      written by DuckDB (zstd and snappy, row groups of BENCH_ROW_GROUP rows), read row group
//                 by row group through hyparquet; DuckDB reading the same file is printed beside it
// Each read runs in a fresh process (so its peak resident memory is its own): documents, MB/s of JSONL-
// equivalent text, CPU seconds, peak RSS.
//
// Environment: BENCH_READER_DOCS (default 100000), BENCH_ROW_GROUP (default 10000), CURATOR_SHARED_DATA,
// BENCH_CHILD_HEAP_MB (a V8 heap limit for the reading processes, to show a read fits in it; default none).
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { createReadStream } from 'node:fs';
import { dataDir, loadPools, makeGenerator } from './real-text';

const N = Number(process.env.BENCH_READER_DOCS ?? 100000);
const ROW_GROUP = Number(process.env.BENCH_ROW_GROUP ?? 10000);
const MB = 1024 * 1024;
const CHILD_HEAP = process.env.BENCH_CHILD_HEAP_MB;

interface ReadResult {
  docs: number;
  chars: number;
  skips: number;
  wallS: number;
  cpuS: number;
  maxRssMB: number;
}

/** Child mode: read one file with our readers (or DuckDB) and print a JSON result. */
async function child(path: string, how: string): Promise<void> {
  // Only what the run needs is loaded (DuckDB's native library would add to every reader's resident memory).
  const { readDocuments } = await import('../src/core/corpus/readers');
  const db = how === 'duckdb' ? await (await import('@duckdb/node-api')).DuckDBInstance.create(':memory:', { threads: '1' }) : undefined;
  // Timed from here: module loading and process start-up are left out.
  const t0 = Date.now();
  const c0 = process.cpuUsage();
  let docs = 0;
  let chars = 0;
  let skips = 0;
  if (db) {
    const c = await db.connect();
    const r = await c.runAndReadAll(`SELECT count(*)::BIGINT, sum(length(text))::BIGINT FROM read_parquet('${path}')`);
    const row = r.getRows()[0]!;
    docs = Number(row[0]);
    chars = Number(row[1]);
  } else {
    for await (const ev of readDocuments(path)) {
      if (ev.kind === 'doc') {
        docs++;
        chars += ev.doc.text.length;
      } else skips++;
    }
  }
  const cpu = process.cpuUsage(c0);
  const res: ReadResult = { docs, chars, skips, wallS: (Date.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(res));
}

function runChild(path: string, how: string): ReadResult {
  const heap = CHILD_HEAP ? [`--max-old-space-size=${CHILD_HEAP}`] : [];
  const r = spawnSync(process.execPath, [...heap, '--import', 'tsx', __filename, '--child', path, how], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`reading ${path} (${how}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as ReadResult;
}

async function main(): Promise<void> {
  const pools = loadPools();
  console.log(pools.real ? `Real text from ${dataDir}.` : `NOTE: ${dataDir} is absent: GENERATED pseudo-text.`);
  const gen = makeGenerator(pools);
  const dir = mkdtempSync(join(tmpdir(), 'curator-readers-bench-'));
  try {
    const jsonl = join(dir, 'shard.jsonl');
    const out = createWriteStream(jsonl);
    for (let i = 0; i < N; i++) {
      const d = gen(i);
      const line = JSON.stringify({ id: d.id, text: d.text, url: `https://example.org/${d.lang}/${i}`, language: d.lang, score: (i % 50) / 10, token_count: Math.round(d.text.length / 3) }) + '\n';
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'close');
    const jsonlMB = statSync(jsonl).size / MB;
    console.log(`${N} documents, ${jsonlMB.toFixed(0)} MB of JSONL; Parquet row groups of ${ROW_GROUP} rows; Node ${process.version}${CHILD_HEAP ? `; readers run with a ${CHILD_HEAP} MB V8 heap` : ''}.`);
    await pipeline(createReadStream(jsonl), createGzip({ level: 6 }), createWriteStream(`${jsonl}.gz`));
    const files: { label: string; path: string; how: string }[] = [
      { label: 'jsonl (baseline)', path: jsonl, how: 'ours' },
      { label: 'jsonl.gz', path: `${jsonl}.gz`, how: 'ours' },
    ];
    let zstdTool = true;
    try {
      execFileSync('zstd', ['-q', '-3', '-f', jsonl, '-o', `${jsonl}.zst`]);
      files.push({ label: 'jsonl.zst (fzstd)', path: `${jsonl}.zst`, how: 'ours' });
    } catch {
      zstdTool = false;
      console.log('NOTE: no `zstd` tool on this machine (apt-get install zstd): the .jsonl.zst line is left out.');
    }
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    for (const codec of ['zstd', 'snappy']) {
      const p = join(dir, `shard-${codec}.parquet`);
      await c.run(`COPY (SELECT * FROM read_json('${jsonl}', format = 'newline_delimited', columns = {id: 'VARCHAR', text: 'VARCHAR', url: 'VARCHAR', language: 'VARCHAR', score: 'DOUBLE', token_count: 'BIGINT'})) TO '${p}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE ${ROW_GROUP})`);
      files.push({ label: `parquet ${codec} (hyparquet)`, path: p, how: 'ours' });
      files.push({ label: `parquet ${codec} (DuckDB, 1 thread)`, path: p, how: 'duckdb' });
    }
    c.closeSync();
    console.log('');
    console.log('format                             file MB   docs      MB/s (wall)  MB/s (CPU)  CPU s   peak RSS MB');
    let base: ReadResult | undefined;
    for (const f of files) {
      const r = runChild(f.path, f.how);
      base ??= r;
      const size = statSync(f.path).size / MB;
      console.log(
        `${f.label.padEnd(34)} ${size.toFixed(0).padStart(7)}  ${String(r.docs).padStart(7)}  ${(jsonlMB / r.wallS).toFixed(1).padStart(11)}  ${(jsonlMB / r.cpuS).toFixed(1).padStart(10)}  ${r.cpuS.toFixed(1).padStart(5)}  ${r.maxRssMB.toFixed(0).padStart(11)}` +
          (r.docs !== N || r.skips ? `  (!) ${r.skips} skipped` : ''),
      );
    }
    console.log(`\nMB/s are of the ${jsonlMB.toFixed(0)} MB of JSONL text read, whatever the file's size.${zstdTool ? '' : ' (no zstd line)'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ci = process.argv.indexOf('--child');
if (ci >= 0) void child(process.argv[ci + 1]!, process.argv[ci + 2]!);
else if (!existsSync(__filename)) throw new Error('run through npm run bench -- readers');
else void main();
