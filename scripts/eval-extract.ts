// Evaluates HTML main-text extraction on both third-party sets (../shared/data/html):
// article-extraction-dev (91 news pages) and wcxb-dev (101 pages of seven page types), each split into a fixed
// "choose" part (where changes may be chosen) and a "confirm" part (only looked at to confirm), by a hash of
// the page id, WCXB stratified by page type (see scripts/lib/extract-sets.ts for the split and the metrics).
//
// For each set and part it prints the benchmark's token-shingle F1 (with precision and recall) and WCXB's
// word-level F1 (mean of per-page bag-of-words F1), per page type for WCXB, the confirm pages of sites that have
// no page in the choose part apart, and ms/page (parse + extraction,
// after warm-up): wall-clock and process CPU time (user+system), the latter less disturbed by other load.
//
// Usage: npm run eval:extract [-- --data DIR] [-- --show-worst N] [-- --only-ours] [-- --part choose|confirm]
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import { extractMainText, extractWithReadability } from '../src/core/corpus/html/extract';
import { SET_NAMES, loadSet, mean, pageShingleF1, shingleMatch, shingleScore, wordF1, type Page, type Tpfpfn } from './lib/extract-sets';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
// ../shared/data beside the project (a worktree under /work/wt/<name> looks two levels up as well).
const defaultData = [join(__dirname, '../../shared/data/html'), join(__dirname, '../../../shared/data/html')].find((d) => existsSync(d));
const dataDir = resolve(flag('--data') ?? defaultData ?? join(__dirname, '../../shared/data/html'));
const showWorst = Number(flag('--show-worst') ?? 0);
const onlyOurs = args.includes('--only-ours');
const onlyPart = flag('--part');

interface Extractor {
  name: string;
  run(html: string, url?: string): string;
}
const extractors: Extractor[] = [{ name: 'ours', run: (h, u) => extractMainText(h, u).text }];
if (!onlyOurs) extractors.push({ name: 'Readability.js+linkedom', run: (h) => extractWithReadability(h).text });

interface Row {
  page: Page;
  shingle: Tpfpfn;
  word: { p: number; r: number; f1: number };
  wall: number;
  cpu: number;
}

const pct = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * q))]! : 0;
};

function summary(rows: Row[]): string {
  const s = shingleScore(rows.map((r) => r.shingle));
  const w = mean(rows.map((r) => r.word.f1));
  const wall = rows.map((r) => r.wall);
  const cpu = rows.map((r) => r.cpu);
  return (
    `shingle F1 ${s.f1.toFixed(3)} (P ${s.p.toFixed(3)} R ${s.r.toFixed(3)})  word F1 ${w.toFixed(3)} ` +
    `(P ${mean(rows.map((r) => r.word.p)).toFixed(3)} R ${mean(rows.map((r) => r.word.r)).toFixed(3)})  ` +
    `ms/page wall ${mean(wall).toFixed(1)} (p90 ${pct(wall, 0.9).toFixed(1)}) CPU ${mean(cpu).toFixed(1)} (p90 ${pct(cpu, 0.9).toFixed(1)})`
  );
}

/** A page's site: its host without www (the page id when it has no URL). */
function siteOf(url: string | undefined): string {
  try {
    return new URL(url ?? '').hostname.replace(/^www\./, '');
  } catch {
    return url ?? '';
  }
}

const TYPE_ORDER = ['article', 'forum', 'product', 'collection', 'listing', 'documentation', 'service'];
let found = 0;
for (const name of SET_NAMES) {
  const pages = loadSet(join(dataDir, name), name);
  if (!pages) {
    console.log(`${name}: not found at ${join(dataDir, name)} (expected ground-truth.json and html/<id>.html.gz); skipped`);
    continue;
  }
  found++;
  const parts = onlyPart ? [onlyPart] : ['choose', 'confirm'];
  const counts = parts.map((p) => `${p} ${pages.filter((x) => x.part === p).length}`).join(', ');
  console.log(`\n${name}: ${pages.length} pages (${counts}) from ${join(dataDir, name)}`);
  for (const ex of extractors) {
    for (const pg of pages.slice(0, 5)) ex.run(pg.html, pg.url); // warm-up (JIT)
    const rows: Row[] = [];
    for (const pg of pages) {
      if (onlyPart && pg.part !== onlyPart) continue;
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      let text = '';
      try {
        text = ex.run(pg.html, pg.url);
      } catch (e) {
        console.error(`  ${ex.name} failed on ${pg.id}: ${(e as Error).message}`);
      }
      const wall = performance.now() - t0;
      const c = process.cpuUsage(c0);
      rows.push({ page: pg, shingle: shingleMatch(pg.truth, text), word: wordF1(text, pg.truth), wall, cpu: (c.user + c.system) / 1000 });
    }
    console.log(`  ${ex.name}`);
    // the split is by page: a site with pages on both sides shares its template across it; the confirm pages of
    // sites with no choose page are printed apart as well (the stricter held-out figure)
    const chooseSites = new Set(pages.filter((p) => p.part === 'choose').map((p) => siteOf(p.url)));
    for (const part of parts) {
      const pr = rows.filter((r) => r.page.part === part);
      console.log(`    ${part.padEnd(8)} ${String(pr.length).padStart(3)} pages  ${summary(pr)}`);
      if (part === 'confirm') {
        const unseen = pr.filter((r) => !chooseSites.has(siteOf(r.page.url)));
        if (unseen.length < pr.length) console.log(`    ${'(sites not in choose)'.padEnd(8)} ${String(unseen.length).padStart(3)} pages  ${summary(unseen)}`);
      }
      const types = TYPE_ORDER.filter((t) => pr.some((r) => r.page.type === t));
      if (types.length > 1) {
        for (const t of types) {
          const tr = pr.filter((r) => r.page.type === t);
          const s = shingleScore(tr.map((r) => r.shingle));
          console.log(`      ${t.padEnd(14)} ${String(tr.length).padStart(3)}  word F1 ${mean(tr.map((r) => r.word.f1)).toFixed(3)}  shingle F1 ${s.f1.toFixed(3)}`);
        }
      }
      if (showWorst > 0) {
        const worst = [...pr].sort((a, b) => a.word.f1 - b.word.f1).slice(0, showWorst);
        for (const w of worst) {
          console.log(
            `      worst ${w.page.id} ${w.page.type.padEnd(13)} word F1 ${w.word.f1.toFixed(3)} (P ${w.word.p.toFixed(2)} R ${w.word.r.toFixed(2)}) shingle F1 ${pageShingleF1(w.shingle).toFixed(3)}`,
          );
        }
      }
    }
  }
}
if (found === 0) {
  console.error(`eval-extract: no data under ${dataDir}; the sets live outside the repository (../shared/data/html). Nothing was evaluated.`);
  process.exit(2);
}
console.log('\nPublished: article-extraction (all 181 pages, shingle F1) Readability.js 0.947, trafilatura 0.958, rs_trafilatura 0.970;');
console.log('WCXB (whole dev split, word F1) rs-trafilatura 0.859, Trafilatura 0.791, Readability 0.675; held-out pages measured by the owners: rs-trafilatura 0.893.');
