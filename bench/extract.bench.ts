// npm run bench -- extract
//
// HTML main-text extraction speed on the real pages of both evaluation sets (../shared/data/html:
// article-extraction-dev, 91 news pages; wcxb-dev, 101 pages of seven page types), CPU time per page
// (process.cpuUsage, user+system: less disturbed by other load than wall time), in one run:
//   ours                  extractMainText (light htmlparser2 tree, block walk, block model)
//   linkedom parse        linkedom's parseHTML of the same (script-stripped) markup alone: what the
//                         extractor's parse cost before it built its own light tree
//   Readability.js        @mozilla/readability on linkedom (parse + extraction): the baseline
// Each is warmed up on the first pages, then timed over every page ROUNDS times; mean, median and p90 of the
// per-page CPU time are printed per set, with the load average (figures taken under load are inflated).
//
// Environment: CURATOR_SHARED_DATA (the data folder), BENCH_EXTRACT_ROUNDS (default 3).
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { extractMainText, extractWithReadability, stripNonContent } from '../src/core/corpus/html/extract';
import { SET_NAMES, loadSet } from '../scripts/lib/extract-sets';

const ROUNDS = Number(process.env.BENCH_EXTRACT_ROUNDS ?? 3);
const candidates = [
  process.env.CURATOR_SHARED_DATA,
  join(__dirname, '..', '..', 'shared', 'data'),
  join(__dirname, '..', '..', '..', 'shared', 'data'),
].filter((d): d is string => !!d);
const dataDir = candidates.find((d) => existsSync(join(d, 'html')));
if (!dataDir) {
  console.log('extract bench: ../shared/data/html not found (set CURATOR_SHARED_DATA); skipped');
  process.exit(0);
}

const runs: [string, (html: string, url?: string) => unknown][] = [
  ['ours', (h, u) => extractMainText(h, u)],
  ['linkedom parse', (h) => parseHTML(stripNonContent(h))],
  ['Readability.js', (h) => extractWithReadability(h)],
];

const stat = (xs: number[]): { mean: number; p50: number; p90: number } => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, p50: at(0.5), p90: at(0.9) };
};

console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${ROUNDS} rounds`);
for (const name of SET_NAMES) {
  const pages = loadSet(join(dataDir, 'html', name), name);
  if (!pages) {
    console.log(`${name}: not found; skipped`);
    continue;
  }
  const kb = pages.reduce((a, p) => a + p.html.length, 0) / pages.length / 1024;
  console.log(`\n${name}: ${pages.length} pages, mean ${kb.toFixed(0)} KB of HTML`);
  const ours: number[] = [];
  for (const [label, run] of runs) {
    for (const p of pages.slice(0, 8)) run(p.html, p.url);
    const perPage = new Array<number>(pages.length).fill(Infinity);
    for (let r = 0; r < ROUNDS; r++) {
      pages.forEach((p, i) => {
        const c0 = process.cpuUsage();
        run(p.html, p.url);
        const c = process.cpuUsage(c0);
        // the least of the rounds: the page's own cost, with the least disturbance from other processes
        perPage[i] = Math.min(perPage[i]!, (c.user + c.system) / 1000);
      });
    }
    const s = stat(perPage);
    if (label === 'ours') ours.push(s.mean);
    const ratio = label === 'ours' ? '' : `  (ours ${(ours[0]! / s.mean).toFixed(2)}× its time)`;
    console.log(`  ${label.padEnd(16)} CPU ms/page mean ${s.mean.toFixed(1)}  median ${s.p50.toFixed(1)}  p90 ${s.p90.toFixed(1)}${ratio}`);
  }
}
console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('Goal (issue 18, item 7): ≤ 20 ms a page.');
