// npm run bench -- extract
//
// HTML main-text extraction speed on the real pages of both evaluation sets (../shared/data/html:
// article-extraction-dev, 91 news pages; wcxb-dev, 101 pages of seven page types), CPU time per page
// (process.cpuUsage, user+system: less disturbed by other load than wall time), in one run:
//   ours                  extractMainText (light htmlparser2 tree, block walk, block model)
//   baseline              the same from another checkout (BENCH_BASELINE_SRC=<checkout>/src), run page by page
//                         alternately with ours, so that both see the same load
//   linkedom parse        linkedom's parseHTML of the same (script-stripped) markup alone: what the
//                         extractor's parse cost before it built its own light tree
//   Readability.js        @mozilla/readability on linkedom (parse + extraction): the baseline
// Each is warmed up on the first pages, then timed over every page ROUNDS times, keeping each page's least time
// (its own cost, least disturbed by other processes); mean, median, p90 and p99 of the per-page CPU time are
// printed per set, with the load average (figures taken under load are inflated).
//
// Environment: CURATOR_SHARED_DATA (the data folder), BENCH_EXTRACT_ROUNDS (default 3), BENCH_BASELINE_SRC
// (a checkout's src folder to compare with), BENCH_EXTRACT_OURS_ONLY=1 (skip linkedom and Readability.js).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { extractMainText, extractWithReadability, stripNonContent } from '../src/core/corpus/html/extract';
import { SET_NAMES, loadSet, type Page } from '../scripts/lib/extract-sets';

type Run = (html: string, url?: string) => unknown;

const ROUNDS = Number(process.env.BENCH_EXTRACT_ROUNDS ?? 3);
const OURS_ONLY = process.env.BENCH_EXTRACT_OURS_ONLY === '1';
const candidates = [
  process.env.CURATOR_SHARED_DATA,
  join(__dirname, '..', '..', 'shared', 'data'),
  join(__dirname, '..', '..', '..', 'shared', 'data'),
].filter((d): d is string => !!d);

interface Stat {
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

const stat = (xs: number[]): Stat => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p50: at(0.5), p90: at(0.9), p99: at(0.99) };
};

const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

/** Each page's least CPU time over the rounds, for each run; the runs take turns page by page. */
function timePages(pages: Page[], runs: Run[]): number[][] {
  for (const run of runs) for (const p of pages.slice(0, 8)) run(p.html, p.url);
  const per = runs.map(() => new Array<number>(pages.length).fill(Infinity));
  for (let r = 0; r < ROUNDS; r++) {
    pages.forEach((p, i) => {
      runs.forEach((run, k) => {
        const c0 = process.cpuUsage();
        run(p.html, p.url);
        per[k]![i] = Math.min(per[k]![i]!, cpuMs(process.cpuUsage(c0)));
      });
    });
  }
  return per;
}

const fmt = (label: string, s: Stat, extra = ''): string =>
  `  ${label.padEnd(16)} CPU ms/page mean ${s.mean.toFixed(1).padStart(5)}  p50 ${s.p50.toFixed(1).padStart(5)}  p90 ${s.p90.toFixed(1).padStart(5)}  p99 ${s.p99.toFixed(1).padStart(6)}${extra}`;

async function main(): Promise<void> {
  const dataDir = candidates.find((d) => existsSync(join(d, 'html')));
  if (!dataDir) {
    console.log('extract bench: ../shared/data/html not found (set CURATOR_SHARED_DATA); skipped');
    return;
  }
  let baseline: Run | null = null;
  if (process.env.BENCH_BASELINE_SRC) {
    const src = resolve(process.env.BENCH_BASELINE_SRC);
    const mod = (await import(join(src, 'core', 'corpus', 'html', 'extract.ts'))) as typeof import('../src/core/corpus/html/extract');
    baseline = (h, u) => mod.extractMainText(h, u);
    console.log(`baseline: ${src}`);
  }
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds`);
  for (const name of SET_NAMES) {
    const pages = loadSet(join(dataDir, 'html', name), name);
    if (!pages) {
      console.log(`${name}: not found; skipped`);
      continue;
    }
    const kb = pages.reduce((a, p) => a + p.html.length, 0) / pages.length / 1024;
    console.log(`\n${name}: ${pages.length} pages, mean ${kb.toFixed(0)} KB of HTML`);
    const [ours, base] = timePages(pages, baseline ? [(h, u) => extractMainText(h, u), baseline] : [(h, u) => extractMainText(h, u)]);
    const so = stat(ours!);
    console.log(fmt('ours', so));
    if (base) {
      const sb = stat(base);
      console.log(fmt('baseline', sb, `  (ours: mean ${(so.mean / sb.mean).toFixed(2)}×, p90 ${(so.p90 / sb.p90).toFixed(2)}× its time)`));
    }
    if (OURS_ONLY) continue;
    const others: [string, Run][] = [
      ['linkedom parse', (h) => parseHTML(stripNonContent(h))],
      ['Readability.js', (h) => extractWithReadability(h)],
    ];
    for (const [label, run] of others) {
      const s = stat(timePages(pages, [run])[0]!);
      console.log(fmt(label, s, `  (ours: mean ${(so.mean / s.mean).toFixed(2)}× its time)`));
    }
  }
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('Goal (issue 18, item 7): ≤ 20 ms a page (p90).');
}

void main();
