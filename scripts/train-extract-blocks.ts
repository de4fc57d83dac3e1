// Trains the small gradient-boosted block classifier of src/core/corpus/html/extract.ts on the *choose* parts
// of both HTML sets only (see scripts/lib/extract-sets.ts), and writes src/core/corpus/html/block-model.ts.
//
// - Blocks and their features come from pageBlocks() (the density method's walk and choice, plus block, parent,
//   repeated-structure and page features; BLOCK_FEATURES names them).
// - A block's label: 1 when most of its word 3-grams (or, for a block of one or two words, the words as a
//   phrase) occur in the page's ground truth. Weights: a block's word count, normalised so that every page
//   weighs the same (the metrics average over pages).
// - Model: logistic-loss gradient boosting of depth-limited regression trees on quantile bins.
// - Grouped 5-fold cross-validation by site (each page's blocks, and every page of one host, in one fold) over the choose pages compares the
//   model's text with the density method's on the same folds (shingle F1 per set, word F1) and picks the
//   number of trees and the decision threshold. The confirm parts are not read here.
//
// - The texts compared are what the extractor returns: the whole extraction (fallbacks included) run with each
//   fold's model (--blocks-only: the model's choice plus keptByKind on the first walk alone, as before);
//   --pages lists the WCXB choose pages' CV word F1 one by one, --drop a,b trains without the named features
//   (held constant), --type-weight X weighs WCXB pages of kinds other than article X times, for comparisons.
//
// Usage: npx tsx scripts/train-extract-blocks.ts [--data DIR] [--no-write] [--pages] [--drop f1,f2] [--depth 4] [--lambda 1] [--min-hess 0.5]
//        [--type-weight 1] [--blocks-only] [--dump DIR]
// (about 30 s of CPU)
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BLOCK_FEATURES, extractMainText, keptByKind, pageBlocks } from '../src/core/corpus/html/extract';
import type { PageKind } from '../src/core/corpus/html/page-kind';
import { SET_NAMES, loadSet, mean, shingleMatch, shingleScore, wordF1 } from './lib/extract-sets';

const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const defaultData = [join(__dirname, '../../shared/data/html'), join(__dirname, '../../../shared/data/html')].find((d) => existsSync(d));
const dataDir = resolve(dataArg >= 0 ? args[dataArg + 1]! : (defaultData ?? join(__dirname, '../../shared/data/html')));
const write = !args.includes('--no-write');

interface TrainPage {
  set: string;
  id: string;
  type: string;
  kind: PageKind;
  truth: string;
  html: string;
  url?: string;
  texts: string[];
  kept: boolean[];
  x: Float64Array[];
  y: number[];
  wt: number[];
}

const WORD = /[\p{L}\p{N}_]+/gu;
const words = (s: string): string[] => s.toLowerCase().match(WORD) ?? [];

function labels(truth: string, texts: string[]): { y: number[]; wt: number[] } {
  const tw = words(truth);
  const tri = new Set<string>();
  for (let i = 0; i + 2 < tw.length; i++) tri.add(`${tw[i]} ${tw[i + 1]} ${tw[i + 2]}`);
  const joined = ` ${tw.join(' ')} `;
  const y: number[] = [];
  const raw: number[] = [];
  for (const t of texts) {
    const bw = words(t);
    let frac = 0;
    if (bw.length >= 3) {
      let hit = 0;
      for (let i = 0; i + 2 < bw.length; i++) if (tri.has(`${bw[i]} ${bw[i + 1]} ${bw[i + 2]}`)) hit++;
      frac = hit / (bw.length - 2);
    } else if (bw.length > 0) frac = joined.includes(` ${bw.join(' ')} `) ? 1 : 0;
    y.push(frac >= 0.5 ? 1 : 0);
    raw.push(bw.length);
  }
  const sum = raw.reduce((a, b) => a + b, 0) || 1;
  return { y, wt: raw.map((r) => r / sum) };
}

// ---- gradient boosting ----
type Node = [feature: number, threshold: number, left: number, right: number];
type Tree = Node[]; // leaf: [-1, value, 0, 0]

const NF = BLOCK_FEATURES.length;
const MAX_BINS = 48;

function binEdges(rows: Float64Array[]): number[][] {
  const edges: number[][] = [];
  for (let f = 0; f < NF; f++) {
    const vals = rows.map((r) => r[f]!).sort((a, b) => a - b);
    const uniq: number[] = [];
    for (let q = 1; q < MAX_BINS; q++) {
      const v = vals[Math.floor((q / MAX_BINS) * (vals.length - 1))]!;
      if (uniq.length === 0 || v > uniq[uniq.length - 1]!) uniq.push(v);
    }
    edges.push(uniq);
  }
  return edges;
}

function binOf(edges: number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo; // bin b holds values in (edges[b-1], edges[b]]
}

interface Params {
  trees: number;
  depth: number;
  lr: number;
  lambda: number;
  minHess: number;
}

function train(rows: Float64Array[], y: number[], wt: number[], p: Params): { bias: number; trees: Tree[] } {
  const n = rows.length;
  const edges = binEdges(rows);
  const bins = new Uint8Array(n * NF);
  for (let i = 0; i < n; i++) for (let f = 0; f < NF; f++) bins[i * NF + f] = binOf(edges[f]!, rows[i]![f]!);
  const sw = wt.reduce((a, b) => a + b, 0);
  const pos = y.reduce((a, v, i) => a + v * wt[i]!, 0);
  const prior = Math.min(0.99, Math.max(0.01, pos / sw));
  const bias = Math.log(prior / (1 - prior));
  const F = new Float64Array(n).fill(bias);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: Tree[] = [];
  for (let t = 0; t < p.trees; t++) {
    for (let i = 0; i < n; i++) {
      const pr = 1 / (1 + Math.exp(-F[i]!));
      g[i] = (pr - y[i]!) * wt[i]!;
      h[i] = Math.max(1e-12, pr * (1 - pr)) * wt[i]!;
    }
    const tree: Tree = [];
    const grow = (idx: Int32Array, depth: number): number => {
      let G = 0;
      let H = 0;
      for (const i of idx) {
        G += g[i]!;
        H += h[i]!;
      }
      const self = tree.length;
      tree.push([-1, (-G / (H + p.lambda)) * p.lr, 0, 0]);
      if (depth >= p.depth || idx.length < 4) return self;
      let bestGain = 0;
      let bestF = -1;
      let bestB = -1;
      const parentScore = (G * G) / (H + p.lambda);
      const hg = new Float64Array(MAX_BINS + 1);
      const hh = new Float64Array(MAX_BINS + 1);
      for (let f = 0; f < NF; f++) {
        hg.fill(0);
        hh.fill(0);
        for (const i of idx) {
          const b = bins[i * NF + f]!;
          hg[b] += g[i]!;
          hh[b] += h[i]!;
        }
        let gl = 0;
        let hl = 0;
        const nb = edges[f]!.length;
        for (let b = 0; b < nb; b++) {
          gl += hg[b]!;
          hl += hh[b]!;
          const gr = G - gl;
          const hr = H - hl;
          if (hl < p.minHess || hr < p.minHess) continue;
          const gain = (gl * gl) / (hl + p.lambda) + (gr * gr) / (hr + p.lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestB = b;
          }
        }
      }
      if (bestF < 0) return self;
      const left: number[] = [];
      const right: number[] = [];
      for (const i of idx) (bins[i * NF + bestF]! <= bestB ? left : right).push(i);
      const l = grow(Int32Array.from(left), depth + 1);
      const r = grow(Int32Array.from(right), depth + 1);
      tree[self] = [bestF, edges[bestF]![bestB]!, l, r];
      return self;
    };
    grow(Int32Array.from({ length: n }, (_, i) => i), 0);
    trees.push(tree);
    for (let i = 0; i < n; i++) F[i] += predictTree(tree, rows[i]!);
  }
  return { bias, trees };
}

function predictTree(tree: Tree, x: Float64Array): number {
  let k = 0;
  for (;;) {
    const nd = tree[k]!;
    if (nd[0] < 0) return nd[1];
    k = x[nd[0]]! <= nd[1] ? nd[2] : nd[3];
  }
}

function score(model: { bias: number; trees: Tree[] }, x: Float64Array, upTo = model.trees.length): number {
  let s = model.bias;
  for (let t = 0; t < upTo; t++) s += predictTree(model.trees[t]!, x);
  return s;
}

// ---- data ----
const pages: TrainPage[] = [];
for (const name of SET_NAMES) {
  const set = loadSet(join(dataDir, name), name);
  if (!set) {
    console.error(`train-extract-blocks: ${name} not found under ${dataDir}`);
    process.exit(2);
  }
  for (const pg of set) {
    if (pg.part !== 'choose') continue;
    const pb = pageBlocks(pg.html, pg.url);
    const { y, wt } = labels(pg.truth, pb.texts);
    pages.push({ set: name, id: pg.id, type: pg.type, kind: pb.kind, truth: pg.truth, html: pg.html, url: pg.url, texts: pb.texts, kept: pb.kept, x: pb.features, y, wt });
  }
}
// --drop a,b: features left out of training (held constant, so no tree splits on them)
const dropArg = args.indexOf('--drop');
const dropped = dropArg >= 0 ? args[dropArg + 1]!.split(',').filter(Boolean) : [];
const dropIdx = dropped.map((d) => {
  const i = (BLOCK_FEATURES as readonly string[]).indexOf(d);
  if (i < 0) throw new Error(`--drop: no feature ${d}`);
  return i;
});
for (const p of pages) for (const x of p.x) for (const i of dropIdx) x[i] = 0;
const blocksOnly = args.includes('--blocks-only');
function dropFeatures(x: ArrayLike<number>): Float64Array {
  const c = Float64Array.from(x);
  for (const i of dropIdx) c[i] = 0;
  return c;
}
const nBlocks = pages.reduce((a, p) => a + p.x.length, 0);
console.log(`choose pages: ${pages.length}, blocks: ${nBlocks}`);

// --type-weight X: a WCXB page of a kind other than article weighs X times an article page (the articles of
// both sets outnumber every other kind, and the model learns them first).
const typeWeight = (() => {
  const i = args.indexOf('--type-weight');
  return i >= 0 ? Number(args[i + 1]) : 1;
})();

function flat(ps: TrainPage[]): { rows: Float64Array[]; y: number[]; wt: number[] } {
  const rows: Float64Array[] = [];
  const y: number[] = [];
  const wt: number[] = [];
  for (const p of ps) {
    const pw = p.set === 'wcxb-dev' && p.type !== 'article' ? typeWeight : 1;
    for (let i = 0; i < p.x.length; i++) {
      rows.push(p.x[i]!);
      y.push(p.y[i]!);
      wt.push(p.wt[i]! * 100 * pw);
    }
  }
  return { rows, y, wt };
}

function pageText(p: TrainPage, keep: (i: number) => boolean): string {
  const out: string[] = [];
  for (let i = 0; i < p.texts.length; i++) if (keep(i)) out.push(p.texts[i]!);
  return out.join('\n\n');
}

// grouped folds: every page of one site (host) in one fold, sites in order of their first page (by set and id)
// dealt round-robin, so that a site's shared template never sits on both sides of a split
const K = 5;
const fold = new Map<TrainPage, number>();
const siteOf = (p: TrainPage): string => {
  try {
    return `${p.set}|${new URL(p.url ?? '').hostname.replace(/^www\./, '')}`;
  } catch {
    return `${p.set}|${p.id}`;
  }
};
const siteFold = new Map<string, number>();
for (const p of [...pages].sort((a, b) => (a.set + a.id < b.set + b.id ? -1 : 1))) {
  const s = siteOf(p);
  if (!siteFold.has(s)) siteFold.set(s, siteFold.size % K);
  fold.set(p, siteFold.get(s)!);
}

const numArg = (name: string, d: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const base: Params = { trees: 200, depth: numArg('--depth', 4), lr: 0.1, lambda: numArg('--lambda', 1), minHess: numArg('--min-hess', 0.5) };
const checkpoints = [100, 150, 200];
const thresholds = [0.4, 0.5, 0.6];
// per-page scores for each (trees, threshold): summed over folds
type Key = string;
const texts = new Map<Key, Map<TrainPage, string>>();
const t0 = Date.now();
for (let f = 0; f < K; f++) {
  const tr = pages.filter((p) => fold.get(p) !== f);
  const te = pages.filter((p) => fold.get(p) === f);
  const d = flat(tr);
  const model = train(d.rows, d.y, d.wt, base);
  for (const p of te) {
    for (const T of checkpoints) {
      const s = p.x.map((x) => score(model, x, T));
      for (const th of thresholds) {
        const lt = Math.log(th / (1 - th));
        const key = `${T}@${th}`;
        if (!texts.has(key)) texts.set(key, new Map());
        // as the extractor decides: the whole extraction (fallbacks included) with this fold's model, or
        // (--blocks-only, the figure before) the model's choice plus what the page's kind adds (keptByKind)
        texts.get(key)!.set(
          p,
          blocksOnly
            ? pageText(p, (i) => s[i]! > lt || keptByKind(p.kind, p.x[i]!))
            : extractMainText(p.html, p.url, (x) => score(model, dropFeatures(x), T) > lt).text,
        );
      }
    }
  }
  console.log(`fold ${f + 1}/${K} trained in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

function report(label: string, get: (p: TrainPage) => string): number {
  const parts: string[] = [];
  let objective = 0;
  for (const name of SET_NAMES) {
    const ps = pages.filter((p) => p.set === name);
    const sh = shingleScore(ps.map((p) => shingleMatch(p.truth, get(p)))).f1;
    const wf = mean(ps.map((p) => wordF1(get(p), p.truth).f1));
    parts.push(`${name} shingle ${sh.toFixed(3)} word ${wf.toFixed(3)}`);
    objective += name === 'wcxb-dev' ? wf : sh;
  }
  console.log(`  ${label.padEnd(14)} ${parts.join('  |  ')}`);
  return objective;
}

console.log('grouped 5-fold CV on the choose pages:');
report('density', (p) => pageText(p, (i) => p.kept[i]!));
let bestKey = '';
let bestObj = -1;
for (const [key, m] of texts) {
  const o = report(key, (p) => m.get(p)!);
  if (o > bestObj) [bestObj, bestKey] = [o, key];
}
console.log(`chosen: ${bestKey} trees@threshold`);

// WCXB word F1 by page type (CV), density beside the chosen model; --pages lists every WCXB choose page.
const TYPES = ['article', 'forum', 'product', 'collection', 'listing', 'documentation', 'service'];
const wc = pages.filter((p) => p.set === 'wcxb-dev');
const chosen = texts.get(bestKey)!;
const byType = (get: (p: TrainPage) => string): string =>
  TYPES.map((t) => {
    const ps = wc.filter((p) => p.type === t);
    return `${t} ${mean(ps.map((p) => wordF1(get(p), p.truth).f1)).toFixed(3)}`;
  }).join('  ');
console.log(`  WCXB by type, density: ${byType((p) => pageText(p, (i) => p.kept[i]!))}`);
console.log(`  WCXB by type, ${bestKey}: ${byType((p) => chosen.get(p)!)}`);
const dumpArg = args.indexOf('--dump');
if (dumpArg >= 0) for (const p of wc) writeFileSync(join(args[dumpArg + 1]!, `${p.id}.txt`), chosen.get(p)!);
if (args.includes('--pages')) {
  for (const p of [...wc].sort((a, b) => (a.type + a.id < b.type + b.id ? -1 : 1))) {
    const w = wordF1(chosen.get(p)!, p.truth);
    console.log(`    ${p.type.padEnd(14)} ${p.id} word F1 ${w.f1.toFixed(3)} (P ${w.p.toFixed(2)} R ${w.r.toFixed(2)})`);
  }
}

if (write) {
  const [T, th] = bestKey.split('@').map(Number) as [number, number];
  const d = flat(pages);
  const model = train(d.rows, d.y, d.wt, { ...base, trees: T });
  const round = (v: number): number => Number(v.toPrecision(6));
  const body = model.trees.map((tr) => `  [${tr.map((n) => `[${n[0]},${round(n[1])},${n[2]},${n[3]}]`).join(',')}],`).join('\n');
  const src = `// Generated by scripts/train-extract-blocks.ts (trained on the choose parts of article-extraction-dev and
// wcxb-dev only; ${pages.length} pages, ${nBlocks} blocks; ${T} trees of depth ≤ ${base.depth}, learning rate ${base.lr}).
// Do not edit by hand: re-run the script. Each tree is a list of nodes [feature, threshold, left, right]
// (x[feature] <= threshold goes left); a leaf is [-1, value, 0, 0]. Features: BLOCK_FEATURES in extract.ts.
export const BLOCK_MODEL_FEATURES = ${NF};
export const BLOCK_MODEL_BIAS = ${round(model.bias)};
export const BLOCK_MODEL_THRESHOLD = ${round(Math.log(th / (1 - th)))};
export const BLOCK_MODEL_TREES: readonly (readonly (readonly [number, number, number, number])[])[] = [
${body}
];
`;
  writeFileSync(join(__dirname, '../src/core/corpus/html/block-model.ts'), src);
  console.log(`wrote src/core/corpus/html/block-model.ts (${(src.length / 1024).toFixed(0)} KB)`);
}
