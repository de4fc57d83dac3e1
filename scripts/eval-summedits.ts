// Offline accuracy of the model-free consistency check on SummEdits (../shared/data/factual/summedits-dev).
// Input to the checker: only `doc` and `summary`; `label` is used for scoring; `original_summary` and
// `edit_types` are never read. Prints balanced accuracy per domain next to the published figures, on the
// held-out "test" split (the weights and the threshold were chosen on the "evaluation" split only), on the
// "evaluation" split, and on all items.
//   npm run eval:facts                 figures at the shipped threshold
//   npm run eval:facts -- --dump f.jsonl   also write the features of every item (for fitting weights)
// Then leave one domain out (the proxy for SummEdits domains we do not have): the check's free choices picked on
// three domains, the fourth scored with them; the mean over left-out domains beside the fitted mean.
// RAGTruth (../shared/data/factual/ragtruth-summary-dev.jsonl) after it: P/R/F1 on the fitted and the held-out half of
// its source articles (a hash of the source id) and on the whole, beside the published figures, with a bootstrap
// interval of the held-out F1 (over its articles and over its summaries), and of its gain over calling every summary hallucinated.
//   npm run eval:facts -- --only summedits|ragtruth   one of the two
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkConsistency, CHECK_THRESHOLD, CHECK_WEIGHTS, penaltyOf, SENTENCE_SUPPORT, type CheckFeatures } from '../src/core/review/consistency';
import { judgePair } from '../src/core/review/judge';
import { buildReview } from '../src/core/review/review';
import { rng } from '../src/core/corpus/stats';

const DATA = process.env.CURATOR_SHARED_DATA ?? join(__dirname, '..', '..', 'shared', 'data');
const DIR = join(DATA, 'factual', 'summedits-dev');
const RAGTRUTH = join(DATA, 'factual', 'ragtruth-summary-dev.jsonl');
const DOMAINS = ['news', 'podcast', 'sales_email', 'scitldr'] as const;
const PUBLISHED: Record<string, number[]> = {
  QAFactEval: [74.4, 63.7, 63.6, 67.5],
  'SummaC-Conv': [61.9, 58.1, 53.7, 59.7],
  DAE: [60.9, 54.4, 53.6, 54.7],
};

interface Item {
  id: string;
  doc: string;
  summary: string;
  label: number;
  split: string;
}

function load(domain: string): Item[] {
  const raw = JSON.parse(readFileSync(join(DIR, `summedits_${domain}.json`), 'utf8')) as Array<Record<string, unknown>>;
  // only the fields the evaluation may use are copied
  return raw.map((r) => ({ id: String(r.id), doc: String(r.doc), summary: String(r.summary), label: Number(r.label), split: String(r.split) }));
}

function balancedAccuracy(rows: Array<{ label: number; pred: boolean }>): number {
  let tp = 0;
  let p = 0;
  let tn = 0;
  let n = 0;
  for (const r of rows) {
    if (r.label === 1) {
      p++;
      if (r.pred) tp++;
    } else {
      n++;
      if (!r.pred) tn++;
    }
  }
  return 100 * 0.5 * ((p ? tp / p : 0) + (n ? tn / n : 0));
}

function main(): void {
  if (!existsSync(DIR)) {
    console.log(`SummEdits data absent (${DIR}): nothing to evaluate. See ../shared/data/README.md.`);
    return;
  }
  const args = process.argv.slice(2);
  const dumpAt = args.indexOf('--dump');
  const dumpPath = dumpAt >= 0 ? args[dumpAt + 1] : undefined;
  const thrAt = args.indexOf('--threshold');
  const threshold = thrAt >= 0 ? Number(args[thrAt + 1]) : CHECK_THRESHOLD;
  const dump: string[] = [];
  const results: Record<string, Array<{ label: number; pred: boolean; split: string; score: number }>> = {};
  const forLodo: Record<string, LodoItem[]> = {};
  const t0 = performance.now();
  let count = 0;
  for (const d of DOMAINS) {
    results[d] = [];
    forLodo[d] = [];
    for (const it of load(d)) {
      // the one verdict with --kind summary (the same as `curator check --kind summary`, whose verdict is this
      // check's `consistent`: verdict.ts judgeSummary); --threshold for fitting
      const shares: number[] = [];
      const r = checkConsistency(it.doc, it.summary, { threshold, onSupport: (x) => shares.push(x) });
      results[d]!.push({ label: it.label, pred: r.consistent, split: it.split, score: r.score });
      forLodo[d]!.push({ label: it.label, features: r.features, shares });
      if (dumpPath) dump.push(JSON.stringify({ domain: d, id: it.id, split: it.split, label: it.label, score: r.score, ...r.features }));
      count++;
    }
  }
  const ms = performance.now() - t0;
  if (dumpPath) writeFileSync(dumpPath, dump.join('\n') + '\n');

  const row = (name: string, vals: number[]) =>
    `${name.padEnd(34)}${vals.map((v) => v.toFixed(1).padStart(12)).join('')}${(vals.reduce((a, b) => a + b, 0) / vals.length).toFixed(1).padStart(10)}`;
  console.log(`SummEdits balanced accuracy (%), threshold ${threshold} on score = exp(-penalty); ${count} pairs in ${(ms / 1000).toFixed(1)} s`);
  console.log(`${''.padEnd(34)}${DOMAINS.map((d) => d.padStart(12)).join('')}${'mean'.padStart(10)}`);
  const bySplit = (split?: string) => DOMAINS.map((d) => balancedAccuracy(results[d]!.filter((r) => !split || r.split === split)));
  console.log(row('curator check, test split (held out)', bySplit('test')));
  console.log(row('curator check, evaluation split', bySplit('evaluation')));
  console.log(row('curator check, all items', bySplit()));
  for (const [name, vals] of Object.entries(PUBLISHED)) console.log(row(`${name} (published)`, vals));
  console.log('\nSignals, weights and the threshold were chosen by looking at the "evaluation" split only (the "test" split was');
  console.log('printed alongside during development but not used to choose). One global threshold, no per-domain tuning, no model.');
  console.log('One exception, stated: of two forms of the "changed number" signal, the stricter was kept after the test figures of');
  console.log('both had been seen (the looser one gained on "evaluation" mostly from one document\'s near-identical summaries).');
  leaveOneDomainOut(forLodo);
}

interface LodoItem {
  label: number;
  features: CheckFeatures;
  /** Support share of each sentence the sentence-support signal judges. */
  shares: number[];
}

/** The free choices of the check, re-chosen per fold: the score threshold, the support a sentence needs, the weight of the share of foreign words. */
interface Choice {
  threshold: number;
  support: number;
  novelShare: number;
}
const LODO_GRID: Choice[] = [];
for (const threshold of [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9])
  for (const support of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4])
    for (const novelShare of [0, 0.3, 0.6, 1]) LODO_GRID.push({ threshold, support, novelShare });

function predictWith(it: LodoItem, c: Choice): boolean {
  const f = { ...it.features, unsupportedSentences: it.shares.filter((x) => x < c.support).length };
  return Math.exp(-penaltyOf(f, { ...CHECK_WEIGHTS, novelShare: c.novelShare })) >= c.threshold;
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * Leave one domain out, the proxy for SummEdits domains we do not have: for each domain, the threshold, the
 * sentence support and the foreign-word weight are chosen (best mean balanced accuracy over a grid) on all
 * items of the other three domains, and the left-out domain is scored with that choice. Beside it: the same
 * grid chosen on all four domains and scored on them (fitted), and the shipped values on all items.
 */
function leaveOneDomainOut(items: Record<string, LodoItem[]>): void {
  const ba = (d: string, c: Choice) => balancedAccuracy(items[d]!.map((it) => ({ label: it.label, pred: predictWith(it, c) })));
  // balanced accuracy of every grid point on every domain, once
  const table = LODO_GRID.map((c) => DOMAINS.map((d) => ba(d, c)));
  const best = (domains: number[]) => {
    let k = 0;
    for (let i = 1; i < table.length; i++) if (meanOf(domains.map((j) => table[i]![j]!)) > meanOf(domains.map((j) => table[k]![j]!)) + 1e-9) k = i;
    return k;
  };
  const all = DOMAINS.map((_, j) => j);
  const fitted = best(all);
  const left = all.map((j) => {
    const k = best(all.filter((x) => x !== j));
    return { score: table[k]![j]!, choice: LODO_GRID[k]! };
  });
  const shipped: Choice = { threshold: CHECK_THRESHOLD, support: SENTENCE_SUPPORT.share, novelShare: CHECK_WEIGHTS.novelShare };
  const row = (name: string, vals: number[]) => `${name.padEnd(34)}${vals.map((v) => v.toFixed(1).padStart(12)).join('')}${meanOf(vals).toFixed(1).padStart(10)}`;
  const fmt = (c: Choice) => `threshold ${c.threshold}, support ${c.support}, foreign-word weight ${c.novelShare}`;
  console.log('\nLeave one domain out (all items; the proxy for domains we do not have): threshold, sentence support and foreign-word');
  console.log(`weight chosen on the other three domains (grid of ${LODO_GRID.length}), the left-out domain scored with that choice.`);
  console.log(`${''.padEnd(34)}${DOMAINS.map((d) => d.padStart(12)).join('')}${'mean'.padStart(10)}`);
  console.log(row('shipped values, all items', DOMAINS.map((d) => ba(d, shipped))));
  console.log(row('chosen on all four (fitted)', table[fitted]!));
  console.log(row('chosen on the other three (left out)', left.map((l) => l.score)));
  console.log(`fitted choice: ${fmt(LODO_GRID[fitted]!)}; shipped: ${fmt(shipped)}`);
  left.forEach((l, j) => console.log(`  without ${DOMAINS[j]}: ${fmt(l.choice)}`));

  // which signals to use, chosen the same way: every subset of the precise signals (each at its weight or
  // left out), the shipped threshold and support; a signal that helps only some domains is dropped by some folds
  const signals = ['unsupportedFact', 'unsupportedSentence', 'negationAdded', 'negationRemoved', 'polarityFlip', 'novelName', 'antonymFlip', 'changedNumber', 'roleSwap'] as const;
  const subsetBa = (mask: number, d: string) => {
    const W = { ...CHECK_WEIGHTS };
    signals.forEach((k, b) => { if (!(mask & (1 << b))) W[k] = 0; });
    return balancedAccuracy(items[d]!.map((it) => ({ label: it.label, pred: Math.exp(-penaltyOf({ ...it.features, unsupportedSentences: it.shares.filter((x) => x < SENTENCE_SUPPORT.share).length }, W)) >= CHECK_THRESHOLD })));
  };
  const masks = Array.from({ length: 1 << signals.length }, (_, m) => m);
  const subsetTable = masks.map((m) => DOMAINS.map((d) => subsetBa(m, d)));
  const bestMask = (domains: number[]) => {
    let k = masks.length - 1; // all signals unless a subset is strictly better
    for (const m of masks) if (meanOf(domains.map((j) => subsetTable[m]![j]!)) > meanOf(domains.map((j) => subsetTable[k]![j]!)) + 1e-9) k = m;
    return k;
  };
  const leftMasks = all.map((j) => bestMask(all.filter((x) => x !== j)));
  const dropped = (m: number) => signals.filter((_, b) => !(m & (1 << b))).join(', ') || 'none';
  console.log(row('signals chosen on the other three', leftMasks.map((m, j) => subsetTable[m]![j]!)));
  leftMasks.forEach((m, j) => console.log(`  without ${DOMAINS[j]}: signals left out: ${dropped(m)}`));
}

interface RagItem {
  id: string;
  source_id: string | number;
  source: string;
  derived: string;
  model: string;
  hallucinated: boolean | number;
  labels: Array<{ start: number; end: number; label_type?: string }>;
}

/** FNV-1a of a RAGTruth source id: its half (fitted or held out), fixed, so every summary of one article is on one side. */
function ragHeldOut(sourceId: string): boolean {
  let h = 0x811c9dc5;
  for (let i = 0; i < sourceId.length; i++) h = Math.imul(h ^ sourceId.charCodeAt(i), 0x01000193);
  return ((h >>> 0) & 1) === 1;
}

interface RagRow {
  source: string;
  heldOut: boolean;
  predicted: boolean;
  truth: boolean;
}

function prf(rows: readonly RagRow[]): { p: number; r: number; f: number; n: number; pos: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const x of rows) {
    if (x.predicted && x.truth) tp++;
    else if (x.predicted) fp++;
    else if (x.truth) fn++;
  }
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { p, r, f: (2 * p * r) / Math.max(1e-9, p + r), n: rows.length, pos: rows.filter((x) => x.truth).length };
}

const BOOT_ROUNDS = 2000;

/**
 * F1 over resamples of the rows, drawn with replacement: whole articles (every summary of a drawn article;
 * summaries of one article are not independent) or single summaries. The 2.5th and 97.5th percentiles,
 * and the share of draws whose F1 is above prompted GPT-4-turbo's 47.6; the same for the F1 minus that of calling every
 * summary of the draw hallucinated.
 */
function bootstrapF1(rows: readonly RagRow[], byArticle: boolean): { lo: number; hi: number; above: number; gainLo: number; gainHi: number; gainAbove: number } {
  const rnd = rng(20261207); // fixed seed: the interval is the same on every run
  const byKey = new Map<string, RagRow[]>();
  for (const r of rows) {
    const k = byArticle ? r.source : String(byKey.size);
    if (!byKey.has(k)) byKey.set(k, []);
    byKey.get(k)!.push(r);
  }
  const groups = [...byKey.values()];
  const fs: number[] = [];
  const gains: number[] = [];
  for (let b = 0; b < BOOT_ROUNDS; b++) {
    const draw: RagRow[] = [];
    for (let i = 0; i < groups.length; i++) draw.push(...groups[Math.floor(rnd() * groups.length)]!);
    const f = prf(draw).f;
    fs.push(f);
    gains.push(f - prf(draw.map((r) => ({ ...r, predicted: true }))).f);
  }
  fs.sort((x, y) => x - y);
  gains.sort((x, y) => x - y);
  const at = (xs: number[], q: number) => xs[Math.floor(q * BOOT_ROUNDS)]!;
  return {
    lo: at(fs, 0.025), hi: at(fs, 0.975), above: fs.filter((f) => f > 0.476).length / BOOT_ROUNDS,
    gainLo: at(gains, 0.025), gainHi: at(gains, 0.975), gainAbove: gains.filter((g) => g > 0).length / BOOT_ROUNDS,
  };
}

/**
 * RAGTruth (Summary task, dev): response-level P/R/F1 of "contains a hallucination", on the fitted half of
 * the source articles (rules chosen by reading its wrong verdicts), the held-out half and the whole, and
 * how much of the labelled spans we point at.
 */
function ragtruth(): void {
  if (!existsSync(RAGTRUTH)) {
    console.log(`\nRAGTruth data absent (${RAGTRUTH}): skipped.`);
    return;
  }
  const items = readFileSync(RAGTRUTH, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as RagItem);
  const rows: RagRow[] = [];
  let spans = 0;
  let spansHitCheck = 0;
  let spansHitFacts = 0;
  let spanChars = 0;
  let spanCharsFacts = 0;
  const t0 = performance.now();
  for (const it of items) {
    // input: source and derived only
    const v = judgePair(it.source, it.derived, { kind: 'summary' });
    rows.push({ source: String(it.source_id), heldOut: ragHeldOut(String(it.source_id)), predicted: !v.consistent, truth: Boolean(it.hallucinated) });
    if (!it.labels.length) continue;
    const checkRanges = checkConsistency(it.source, it.derived).issues.map((i) => [i.start, i.end] as const);
    const m = buildReview(it.source, it.derived);
    const factRanges = m.facts.filter((f) => f.side === 'rewrite' && (f.status === 'new' || f.status === 'altered')).map((f) => [f.start, f.end] as const);
    for (const l of it.labels) {
      spans++;
      const hit = (rs: ReadonlyArray<readonly [number, number]>) => rs.some(([a, b]) => a < l.end && b > l.start);
      if (hit(checkRanges)) spansHitCheck++;
      if (hit(factRanges)) spansHitFacts++;
      spanChars += l.end - l.start;
      for (let c = l.start; c < l.end; c++) if (factRanges.some(([a, b]) => c >= a && c < b)) spanCharsFacts++;
    }
  }
  const f1 = (x: number) => (100 * x).toFixed(1);
  const sources = (held: boolean) => new Set(items.filter((i) => ragHeldOut(String(i.source_id)) === held).map((i) => i.source_id)).size;
  console.log(`\nRAGTruth Summary dev (${items.length} real LLM summaries of ${new Set(items.map((i) => i.source_id)).size} articles, ${items.filter((i) => i.hallucinated).length} with a hallucination), response level, curator check --kind summary; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  console.log('Halves by a hash of the source article id (fixed): rules were chosen by reading wrong verdicts of the fitted half only.');
  console.log(`${''.padEnd(52)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(10)}`);
  const line = (name: string, sel: readonly RagRow[]) => {
    const m = prf(sel);
    console.log(`${`${name} (${m.n}, ${m.pos} halluc.)`.padEnd(52)}${f1(m.p).padStart(10)}${f1(m.r).padStart(10)}${f1(m.f).padStart(10)}`);
  };
  line(`curator check --kind summary, fitted, ${sources(false)} art.`, rows.filter((r) => !r.heldOut));
  line(`curator check --kind summary, held out, ${sources(true)} art.`, rows.filter((r) => r.heldOut));
  line('curator check --kind summary, whole dev', rows);
  const held = rows.filter((r) => r.heldOut);
  for (const [what, groups] of [['articles', true], ['summaries', false]] as const) {
    const b = bootstrapF1(held, groups);
    console.log(`  held out, bootstrap over its ${what} (${BOOT_ROUNDS} draws): F1 95% interval ${f1(b.lo)}-${f1(b.hi)}; above 47.6 in ${f1(b.above)}% of draws`);
    console.log(`    F1 minus that of calling every summary hallucinated, same draws: 95% interval ${f1(b.gainLo)} to ${f1(b.gainHi)}; above 0 in ${f1(b.gainAbove)}% of draws`);
  }
  // prompted GPT-4-turbo's published 31.5 / 97.6 is close to calling every test summary hallucinated: the test base rate is at
  // most 31.5 / 97.6 = 32.3%, so flagging all would score at most 48.8 there. The gain over that call depends less on a half's
  // own base rate (held out 28.1%, fitted 31.0%) than the F1 itself, and is printed as the second proxy for beating 47.6
  const gain = (sel: readonly RagRow[]) => {
    const g = prf(sel).f - prf(sel.map((r) => ({ ...r, predicted: true }))).f;
    return `${g >= 0 ? '+' : ''}${f1(g)}`;
  };
  console.log(`  F1 over calling every summary hallucinated: fitted ${gain(rows.filter((r) => !r.heldOut))}, held out ${gain(held)}, whole ${gain(rows)} (on RAGTruth's test split, flagging all scores at most 48.8; prompted GPT-4-turbo 47.6)`);
  const all = prf(rows.map((r) => ({ ...r, predicted: true })));
  console.log(`${'(every summary called hallucinated, whole dev)'.padEnd(52)}${f1(all.p).padStart(10)}${f1(all.r).padStart(10)}${f1(all.f).padStart(10)}`);
  for (const [name, p, r, f] of [['prompted GPT-4-turbo (published, test)', 31.5, 97.6, 47.6], ['SelfCheckGPT (published, test)', 31.1, 56.5, 40.1], ['LMvLM GPT-4-turbo (published, test)', 23.2, 81.9, 36.2], ['fine-tuned Llama-2-13B (published, test)', 64.0, 54.9, 59.1]] as const) {
    console.log(`${name.padEnd(52)}${p.toFixed(1).padStart(10)}${r.toFixed(1).padStart(10)}${f.toFixed(1).padStart(10)}`);
  }
  console.log(`Labelled hallucinated spans: ${spans}; overlapped by an issue of the check: ${f1(spansHitCheck / Math.max(1, spans))}%; by a "new" or "altered" fact of the review: ${f1(spansHitFacts / Math.max(1, spans))}% (${f1(spanCharsFacts / Math.max(1, spanChars))}% of their characters)`);
  console.log('Weights and the threshold are those chosen on SummEdits. Chosen with RAGTruth\'s fitted half: the support a summary sentence needs');
  console.log('(SENTENCE_SUPPORT: the largest share that does not lower SummEdits\' "evaluation" mean) and the sentences per word-level signal');
  console.log('(SENTENCES_PER_WORD_SIGNAL: best fitted F1; SummEdits\' texts of 1-3 sentences are not affected).');
}

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
if (only !== 'ragtruth') main();
if (only !== 'summedits') ragtruth();
