// Benchmark: a batch of 1,000 documents through the whole batch path (scheduler → rewriteText →
// saveRewrite (file + provenance, fsynced) → fact check → journal, group-committed) against the teacher
// TEST DOUBLE running as its own process with a fixed latency of 200 ms, at a concurrency cap of 50.
// Ideal time = jobs × latency ÷ concurrency. Prints achieved vs ideal throughput, their ratio, and our
// overhead per document: (wall − ideal) × concurrency ÷ jobs, i.e. the slot time each document costs
// beyond the model's latency; plus CPU time of this process per document. Also runs the same batch with
// one journal fsync per record (no group commit), and with rewrite's synchronous saveRewrite, for comparison. Goal: ≥ 95 % of ideal, ≤ 5 ms per doc.
// Also printed, to tell our code's cost from the machine's state: the whole machine's CPU per document
// (and the double's share), the share of CPU time the VM's host took away (steal), and how far apart the
// slots' last jobs started (a finite batch ends ragged: slots whose last job starts early stand idle); and for
// the bare pool and the full path alike, how busy the main thread was and how late its callbacks ran (the
// extension host must stay responsive), the slot cycle, and how spread out the first two waves started.
// Usage: npm run bench -- batch   (env BENCH_JOBS, BENCH_LATENCY, BENCH_CONCURRENCY, BENCH_ROUNDS to vary;
// BENCH_MODES=full and BENCH_COMPARE=0 time the full path alone, e.g. under a profiler; BENCH_WRITERS=worker,main
// times output files written in a worker thread and on the main thread's libuv pool in alternation)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { TeacherClient } from '../src/core/llm/client';
import { pooledFactCheck, readJobSource, rewriteExecutor, templatePromptId } from '../src/core/batch/executor';
import { defaultFactCheckWorker, FactCheckPool } from '../src/core/batch/factcheck-pool';
import { defaultWriterWorker, WorkerFileWriter } from '../src/core/batch/writer';
import { runBatch, type JobExecutor } from '../src/core/batch/runner';
import { planJobs, specsFromFolder } from '../src/core/batch/sources';
import { loadTemplates } from '../src/core/rewrite/templates';
import type { Teacher } from '../src/core/llm/types';
import { extractDocument, fakeRewrite } from '../test/double/teacher-double';

const JOBS = Number(process.env.BENCH_JOBS ?? 1000);
const LATENCY = Number(process.env.BENCH_LATENCY ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);

function startDouble(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/double/serve.ts', '--port', '0', '--latency', String(LATENCY), '--chunk-delay', '0'], {
    cwd: join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', (url) => resolve({ url: url.trim(), child }));
    child.once('exit', (c) => reject(new Error(`double exited (${c})`)));
  });
}

function makeDocs(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < JOBS; i++) {
    const text =
      i % 4 === 3
        ? `第${i}号报告。黄河全长约5464公里，流域面积约75万平方公里。\n\n${2000 + (i % 24)}年，当地志愿者在河岸清理了${100 + i}公斤垃圾，并种下了${i % 90}棵柳树。\n\n监测站记录的年平均流量为每秒${1500 + i}立方米。`
        : `Report ${i} on the Elm river. The river is ${10 + (i % 50)}.5 km long and drains ${300 + i} square kilometres.\n\nIn ${2000 + (i % 24)} volunteers removed ${200 + i} kg of rubbish from its banks and planted ${i % 90} willows.\n\nThe gauge at Millbrook recorded a mean flow of ${12 + (i % 9)}.${i % 10} cubic metres per second.`;
    writeFileSync(join(dir, `doc-${String(i).padStart(4, '0')}.md`), text + '\n');
  }
}

/** Busy and total CPU time of the whole machine (all processes and the kernel), from /proc/stat; undefined off Linux. */
function machineCpu(): { busy: number; total: number; steal: number; double: number } | undefined {
  if (!existsSync('/proc/stat')) return undefined;
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const steal = f[7] ?? 0;
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  let double = 0;
  try {
    // utime + stime of the double's process (fields 14 and 15; the name in brackets may hold spaces)
    const st = readFileSync(`/proc/${doublePid}/stat`, 'utf8');
    const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
    double = Number(rest[11]) + Number(rest[12]);
  } catch {
    double = 0;
  }
  return { busy: total - idle - steal, total, steal, double };
}
let doublePid = 0;

type Mode = 'full' | 'client' | 'timer' | 'local';
type Writer = 'worker' | 'main';

/**
 * The same work through the simplest possible pool (no scheduler, no journal, no files): what this machine
 * achieves right now. On a loaded machine timers fire late and CPU is shared; comparing with this
 * baseline separates that from the cost of our code.
 */
async function baseline(url: string, mode: 'timer' | 'client'): Promise<number> {
  const teacher = new TeacherClient({ baseURL: url, apiKey: 'k', model: 'double-model', timeoutMs: 30_000, maxRetries: 2 });
  let next = 0;
  const starts: number[] = [];
  const probe = mainThreadProbe();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < JOBS) {
        const i = next++;
        starts.push(performance.now() - t0);
        if (mode === 'timer') await new Promise((r) => setTimeout(r, LATENCY));
        else await teacher.complete([{ role: 'user', content: `<document>\njob ${i}\n</document>` }]);
      }
    }),
  );
  const wall = performance.now() - t0;
  const load = probe();
  console.log(`\nbaseline (${mode}): bare promise pool, no scheduler/journal: wall ${wall.toFixed(0)} ms, ratio to ideal ${(((JOBS * LATENCY) / CONCURRENCY / wall) * 100).toFixed(1)} %`);
  console.log(`  ${timing(starts, load)}`);
  return wall;
}

/** Starts measuring the main thread's load and callback delay; the function returned stops and reports. */
function mainThreadProbe(): () => MainThreadLoad {
  const elu0 = performance.eventLoopUtilization();
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  return () => {
    const elu = performance.eventLoopUtilization(elu0);
    lag.disable();
    return { elu, lag };
  };
}

interface MainThreadLoad {
  elu: EventLoopUtilization;
  lag: IntervalHistogram;
}

/**
 * The main thread's load and where the time went, from the jobs' start times: a job starts when one ends,
 * so the k-th and the (k + concurrency)-th start are one slot cycle apart (latency + time to answer, check
 * and release + time to start the next request). Each slot's last job starts somewhere in the last cycle:
 * slots whose last job starts early stand idle at the end (perfect packing: all at ideal − latency).
 */
function timing(starts: number[], { elu, lag }: MainThreadLoad): string {
  const ms = (ns: number): string => (ns / 1e6).toFixed(1);
  const parts = [
    `main thread (event loop) busy ${(elu.utilization * 100).toFixed(0)} % of the run, ${(elu.active / JOBS).toFixed(2)} ms per document; ` +
      `its delay (how late a ready callback runs) median ${ms(lag.percentile(50))} ms, 99th percentile ${ms(lag.percentile(99))} ms, longest ${ms(lag.max)} ms`,
  ];
  if (starts.length >= 2 * CONCURRENCY) {
    const cycles: number[] = [];
    for (let k = CONCURRENCY; k < starts.length; k++) cycles.push(starts[k]! - starts[k - CONCURRENCY]!);
    const sorted = [...cycles].sort((a, b) => a - b);
    const q = (f: number): string => sorted[Math.floor(f * (sorted.length - 1))]!.toFixed(1);
    parts.push(`slot cycle median ${q(0.5)} ms for ${LATENCY} ms of latency (10th–90th percentile ${q(0.1)}–${q(0.9)} ms)`);
  }
  if (starts.length >= CONCURRENCY) {
    const last = starts.slice(-CONCURRENCY);
    const ideal = (JOBS * LATENCY) / CONCURRENCY;
    parts.push(
      `the slots' last jobs started from ${last[0]!.toFixed(0)} to ${last[last.length - 1]!.toFixed(0)} ms (perfect packing: all at ${(ideal - LATENCY).toFixed(0)} ms), the first wave's ${CONCURRENCY} over ${(starts[CONCURRENCY - 1]! - starts[0]!).toFixed(0)} ms` +
        (starts.length >= 2 * CONCURRENCY ? `, the second wave's (its answers all arrive at once) over ${(starts[2 * CONCURRENCY - 1]! - starts[CONCURRENCY]!).toFixed(0)} ms` : ''),
    );
  }
  return parts.join('\n  ');
}

interface Run {
  ratio: number;
  overheadPerDoc: number;
  cpuPerDoc: number;
}

async function once(url: string, mode: Mode, groupCommit: boolean, syncSave = false, base?: number, fileWriter: Writer = 'worker'): Promise<Run> {
  const ws = mkdtempSync(join(tmpdir(), 'curator-bench-batch-'));
  try {
    mkdirSync(join(ws, '.curator'));
    makeDocs(join(ws, 'docs'));
    const templates = loadTemplates(ws);
    const teacher = new TeacherClient({ baseURL: url, apiKey: 'k', model: 'double-model', timeoutMs: 30_000, maxRetries: 2 });
    const tp = performance.now();
    const plan = planJobs(specsFromFolder(join(ws, 'docs')), {
      root: ws,
      model: 'double-model',
      promptId: templatePromptId(templates),
      readSource: readJobSource,
      defaults: { style: 'textbook', audience: 'college' },
    });
    const planMs = performance.now() - tp;
    // 'local': the whole path of our code (rewriteText's prompts and checks, files, provenance, fact check,
    // journal) with a teacher that answers in-process after the same fixed latency: no HTTP, no double
    // process, so the machine's load on the network stack does not hide what our code costs.
    const localTeacher: Teacher = {
      model: 'double-model',
      endpointHost: 'local',
      async complete(messages, opts) {
        await new Promise((r) => setTimeout(r, LATENCY));
        if (opts?.signal?.aborted) throw new Error('aborted');
        const doc = extractDocument(messages);
        const text = fakeRewrite(doc, /[\u4e00-\u9fff]/.test(doc) ? 'zh' : 'en');
        const p = Math.ceil(JSON.stringify(messages).length / 4);
        const c = Math.ceil(text.length / 4);
        return { text, finishReason: 'stop', usage: { promptTokens: p, completionTokens: c, totalTokens: p + c }, usageEstimated: false, model: 'double-model', attempts: 1 };
      },
    };
    const workerFile = defaultFactCheckWorker();
    const pool = (mode === 'full' || mode === 'local') && workerFile ? new FactCheckPool(workerFile) : undefined;
    if (pool) await pool.check('warm up 1.', 'warm up 1.');
    // The file-writer thread is started and warmed up outside the timed run, as the fact-check pool is (under
    // tsx, a worker's start compiles its TypeScript: a cost the bundled extension does not pay).
    const writerFile = fileWriter === 'worker' ? defaultWriterWorker() : undefined;
    const writer = writerFile ? new WorkerFileWriter(writerFile) : undefined;
    if (writer) await writer.writeNew(ws, join(ws, 'warm-up.txt'), 'warm up\n');
    const full = rewriteExecutor({ root: ws, teacher: mode === 'local' ? localTeacher : teacher, templates, syncSave, fileWriter: writer ?? 'main', factCheck: pool ? pooledFactCheck(pool) : undefined });
    const usage = { promptTokens: 1, completionTokens: 1, totalTokens: 2 };
    // 'client': the request only (no file, no provenance, no fact check); 'timer': no request at all, a 200 ms timer.
    const executor: JobExecutor =
      mode === 'full' || mode === 'local'
        ? full
        : {
            async run(job, ctx) {
              if (mode === 'timer') await new Promise((r) => setTimeout(r, LATENCY));
              else await teacher.complete([{ role: 'user', content: `<document>\n${job.id}\n</document>` }], { signal: ctx.signal });
              return { ok: true, rewriteId: job.id, output: { path: job.id, sha256: job.key }, source: { path: job.id, sha256: job.source.sha256 }, usage, flags: [] };
            },
          };
    // Warm up the connection pool and the JIT on a few requests outside the timed run.
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, 8) }, () => teacher.complete([{ role: 'user', content: '<document>\nwarm up\n</document>' }])));
    const cpu0 = process.cpuUsage();
    const probe = mainThreadProbe();
    const m0 = machineCpu();
    const t0 = performance.now();
    let maxRunning = 0;
    const starts: number[] = [];
    const res = await runBatch({
      root: ws,
      batchId: 'b-bench',
      meta: { origin: 'bench', model: 'double-model', mode: 'run' },
      jobs: plan.jobs,
      executor,
      concurrency: CONCURRENCY,
      journalGroupCommit: groupCommit,
      onProgress: (p) => {
        if (p.event === 'job-started') starts.push(performance.now() - t0);
        if (p.running > maxRunning) maxRunning = p.running;
      },
    });
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const load = probe();
    const m1 = machineCpu();
    await pool?.close();
    await writer?.close();
    const ideal = (JOBS * LATENCY) / CONCURRENCY;
    const overheadPerDoc = ((wall - ideal) * CONCURRENCY) / JOBS;
    const what = {
      full: 'full path: request → checks → file + provenance → fact check → journal',
      client: 'scheduler + journal + request (no file, provenance or fact check)',
      timer: 'scheduler + journal only (executor = 200 ms timer, no request)',
      local: 'full path of our code with an in-process teacher (200 ms timer, no HTTP): prompts → checks → file + provenance → fact check → journal',
    }[mode];
    const how = [
      groupCommit ? 'journal group commit' : 'one journal fsync per line',
      ...(mode === 'full' || mode === 'local' ? [syncSave ? "rewrite's synchronous saveRewrite" : fileWriter === 'worker' ? 'async save adapter, files written in a worker thread' : "async save adapter, files written on the main thread's libuv pool", pool ? 'fact check in a worker thread' : 'fact check on the main thread'] : []),
    ].join(', ');
    console.log(`\n${what}\n  [${how}]: ${res.done} done, ${res.failed} failed, max running ${maxRunning}`);
    console.log(`  wall ${wall.toFixed(0)} ms, ideal ${ideal.toFixed(0)} ms (${JOBS} × ${LATENCY} ms ÷ ${CONCURRENCY})`);
    console.log(`  throughput ${((JOBS / wall) * 1000).toFixed(1)} docs/s vs ideal ${((JOBS / ideal) * 1000).toFixed(1)} docs/s: ratio ${((ideal / wall) * 100).toFixed(1)} %`);
    console.log(`  overhead per document ${overheadPerDoc.toFixed(2)} ms of slot time; CPU of this process (worker threads included) ${((cpu.user + cpu.system) / 1000 / JOBS).toFixed(2)} ms per document`);
    if (m0 && m1) {
      const tick = 1000 / 100; // USER_HZ
      const per = (x: number): string => ((x * tick) / JOBS).toFixed(2);
      console.log(
        `  whole machine: ${per(m1.busy - m0.busy)} ms CPU per document (the double's process ${per(m1.double - m0.double)}), ${(((m1.busy - m0.busy) / (m1.total - m0.total)) * 100).toFixed(0)} % of its ${cpus().length} cores busy, ${(((m1.steal - m0.steal) / (m1.total - m0.total)) * 100).toFixed(0)} % stolen by the host`,
      );
    }
    console.log(`  ${timing(starts, load)}`);
    console.log(`  journal: ${res.journalSyncs} fdatasyncs for ${res.journalRecords} records; planning ${planMs.toFixed(0)} ms (read + hash ${JOBS} files, outside the timed run)`);
    if (base !== undefined) {
      console.log(`  against the bare pool on this machine now: ${((base / wall) * 100).toFixed(1)} % of its throughput, ${(((wall - base) * CONCURRENCY) / JOBS).toFixed(2)} ms per document more`);
    }
    if (res.done !== JOBS) throw new Error(`only ${res.done} of ${JOBS} done`);
    return { ratio: ideal / wall, overheadPerDoc, cpuPerDoc: (cpu.user + cpu.system) / 1000 / JOBS };
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

async function main(): Promise<void> {
  const { url, child } = await startDouble();
  doublePid = child.pid ?? 0;
  const modes = (process.env.BENCH_MODES ?? 'timer,local,client,full').split(',') as Mode[];
  // This VM shares its host: run-to-run spread is a few percent. The full path and the bare pool over the
  // same client are timed in alternation, several rounds, and the medians are compared.
  const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
  try {
    console.log(`batch of ${JOBS} documents, double latency ${LATENCY} ms (separate process), concurrency ${CONCURRENCY}, ${rounds} rounds; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
    const bare: number[] = [];
    const bareWall: number[] = [];
    for (const m of modes.filter((x) => x !== 'full')) {
      const base = await baseline(url, m === 'local' ? 'timer' : m);
      await once(url, m, true, false, base);
    }
    if (modes.includes('full')) {
      // BENCH_WRITERS=worker,main times both places for output files in alternation (the shipped one first).
      const writers = (process.env.BENCH_WRITERS ?? 'worker').split(',') as Writer[];
      const full = new Map<Writer, Run[]>(writers.map((w) => [w, []]));
      for (let r = 0; r < rounds; r++) {
        console.log(`\n--- round ${r + 1} of ${rounds}`);
        const base = await baseline(url, 'client');
        bareWall.push(base);
        bare.push((JOBS * LATENCY) / CONCURRENCY / base);
        for (const w of writers) full.get(w)!.push(await once(url, 'full', true, false, base, w));
      }
      const b = bareWall[bareWall.length - 1];
      if (process.env.BENCH_COMPARE !== '0') await once(url, 'full', true, true, b);
      if (process.env.BENCH_COMPARE !== '0') await once(url, 'full', false, false, b);
      const ideal = (JOBS * LATENCY) / CONCURRENCY;
      console.log(`\nsummary over ${rounds} rounds (median; each round's figure in brackets):`);
      for (const [w, runs] of full) {
        const ours = runs.map((f, i) => ((ideal / f.ratio - bareWall[i]!) * CONCURRENCY) / JOBS);
        if (full.size > 1) console.log(` output files written ${w === 'worker' ? 'in a worker thread' : "on the main thread's libuv pool"}:`);
        console.log(`  full path: ${pct(median(runs.map((f) => f.ratio)))} of ideal [${runs.map((f) => pct(f.ratio)).join(', ')}]; goal ≥ 95 %`);
        console.log(`  full path against the bare pool: ${pct(median(runs.map((f, i) => f.ratio / bare[i]!)))}`);
        console.log(`  overhead per document of our code (slot time beyond the bare pool's): ${median(ours).toFixed(2)} ms [${ours.map((x) => x.toFixed(2)).join(', ')}]; goal ≤ 5 ms`);
        console.log(`  slot time beyond the model's latency, HTTP and the double included: ${median(runs.map((f) => f.overheadPerDoc)).toFixed(2)} ms; CPU of this process ${median(runs.map((f) => f.cpuPerDoc)).toFixed(2)} ms per document`);
      }
      console.log(`  bare promise pool over the same client: ${pct(median(bare))} [${bare.map(pct).join(', ')}] (what this machine allows now)`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
