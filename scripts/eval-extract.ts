// Evaluates HTML main-text extraction on the article-extraction-benchmark dev pages
// (../shared/data/html/article-extraction-dev: html/<id>.html.gz + ground-truth.json {id: {articleBody, url}}).
//
// Metric, re-implemented from the definition in scrapinghub/article-extraction-benchmark evaluate.py:
// - tokens are the runs of word characters (Python's Unicode `\w+`: letters, marks, digits, underscore);
// - shingles are the tuples of 4 consecutive tokens (a text of fewer than 4 tokens is one shorter shingle);
// - per page, TP/FP/FN are counted on shingle *multisets* (min of counts, surplus predicted, surplus true)
//   and normalised to sum 1 so long pages do not weigh more;
// - precision is averaged over the pages with TP+FP > 0, recall over the pages with TP+FN > 0 (a page with
//   FP = FN = 0 scores 1), and F1 = 2PR/(P+R) of those means (not the mean of per-page F1s).
// Also prints the mean of per-page F1 and ms/page (parse + extraction, per page, after warm-up): wall-clock
// and process CPU time (user+system, GC threads included), the latter less disturbed by other load on the host.
//
// Usage: npm run eval:extract [-- --data DIR] [-- --show-worst N]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractMainText, extractWithReadability } from '../src/core/corpus/html/extract';

const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const dataDir = resolve(dataArg >= 0 ? args[dataArg + 1]! : join(__dirname, '../../shared/data/html/article-extraction-dev'));
const worstArg = args.indexOf('--show-worst');
const showWorst = worstArg >= 0 ? Number(args[worstArg + 1]) : 0;

if (!existsSync(join(dataDir, 'ground-truth.json'))) {
  console.error(`eval-extract: data not found at ${dataDir} (expected ground-truth.json and html/<id>.html.gz).`);
  console.error('The dataset lives outside the repository (../shared/data); nothing was evaluated.');
  process.exit(2);
}

const TOKEN = /[\p{L}\p{M}\p{N}_]+/gu;

function shingles(text: string, n = 4): Map<string, number> {
  const tokens = text.match(TOKEN) ?? [];
  const m = new Map<string, number>();
  const count = Math.max(1, tokens.length - n + 1);
  for (let i = 0; i < count; i++) {
    const sh = tokens.slice(i, i + n);
    if (sh.length === 0) continue;
    const k = sh.join('\u0001');
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

type Tpfpfn = [number, number, number];

function matching(truth: string, pred: string): Tpfpfn {
  const t = shingles(truth);
  const p = shingles(pred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, tc] of t) {
    const pc = p.get(k) ?? 0;
    tp += Math.min(tc, pc);
    fn += Math.max(0, tc - pc);
  }
  for (const [k, pc] of p) fp += Math.max(0, pc - (t.get(k) ?? 0));
  const s = tp + fp + fn;
  return s > 0 ? [tp / s, fp / s, fn / s] : [0, 0, 0];
}

function precision([tp, fp, fn]: Tpfpfn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fp === 0) return 0;
  return tp / (tp + fp);
}
function recall([tp, fp, fn]: Tpfpfn): number {
  if (fp === 0 && fn === 0) return 1;
  if (tp === 0 && fn === 0) return 0;
  return tp / (tp + fn);
}
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function metrics(rows: Tpfpfn[]): { p: number; r: number; f1: number; meanPageF1: number } {
  const p = mean(rows.filter(([tp, fp]) => tp + fp > 0).map(precision));
  const r = mean(rows.filter(([tp, , fn]) => tp + fn > 0).map(recall));
  const pageF1 = rows.map((x) => {
    const pp = precision(x);
    const rr = recall(x);
    return pp + rr > 0 ? (2 * pp * rr) / (pp + rr) : 0;
  });
  return { p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0, meanPageF1: mean(pageF1) };
}

const truth = JSON.parse(readFileSync(join(dataDir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url?: string }>;
const htmlDir = join(dataDir, 'html');
const ids = readdirSync(htmlDir)
  .filter((f) => f.endsWith('.html.gz'))
  .map((f) => f.slice(0, -'.html.gz'.length))
  .filter((id) => id in truth)
  .sort();
const pages = ids.map((id) => ({ id, html: gunzipSync(readFileSync(join(htmlDir, `${id}.html.gz`))).toString('utf8'), url: truth[id]!.url }));

interface Extractor {
  name: string;
  run(html: string, url?: string): string;
}
const extractors: Extractor[] = [
  { name: 'ours (extractMainText)', run: (h, u) => extractMainText(h, u).text },
  { name: 'Readability.js+linkedom', run: (h) => extractWithReadability(h).text },
];

console.log(`article-extraction-dev: ${pages.length} pages from ${dataDir}`);
for (const ex of extractors) {
  for (const pg of pages.slice(0, 5)) ex.run(pg.html, pg.url); // warm-up (JIT)
  const rows: Tpfpfn[] = [];
  const times: number[] = [];
  const cpu: number[] = [];
  const perPage: { id: string; f1: number }[] = [];
  for (const pg of pages) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let text = '';
    try {
      text = ex.run(pg.html, pg.url);
    } catch (e) {
      console.error(`  ${ex.name} failed on ${pg.id}: ${(e as Error).message}`);
    }
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    const m = matching(truth[pg.id]!.articleBody, text);
    rows.push(m);
    const pp = precision(m);
    const rr = recall(m);
    perPage.push({ id: pg.id, f1: pp + rr > 0 ? (2 * pp * rr) / (pp + rr) : 0 });
  }
  const m = metrics(rows);
  const sorted = [...times].sort((a, b) => a - b);
  const cpuSorted = [...cpu].sort((a, b) => a - b);
  console.log(
    `${ex.name.padEnd(26)} F1=${m.f1.toFixed(3)}  precision=${m.p.toFixed(3)}  recall=${m.r.toFixed(3)}  mean page F1=${m.meanPageF1.toFixed(3)}  ` +
      `ms/page wall mean=${mean(times).toFixed(1)} median=${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} p90=${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(1)}; ` +
      `CPU mean=${mean(cpu).toFixed(1)} median=${cpuSorted[Math.floor(cpuSorted.length / 2)]!.toFixed(1)} p90=${cpuSorted[Math.floor(cpuSorted.length * 0.9)]!.toFixed(1)}`,
  );
  if (showWorst > 0) {
    perPage.sort((a, b) => a.f1 - b.f1);
    for (const w of perPage.slice(0, showWorst)) console.log(`    ${w.f1.toFixed(3)} ${w.id}`);
  }
}
console.log('Readability.js + jsdom (not installed here): published F1 0.950 at ~95–135 ms/page on the benchmark.');
