// The two HTML extraction sets, their metrics and their fixed choose / confirm split (shared by
// scripts/eval-extract.ts and scripts/train-extract-blocks.ts).
//
// Sets (third-party data beside the repository, ../shared/data/html):
// - article-extraction-dev: 91 news/blog pages, html/<id>.html.gz + ground-truth.json {id: {articleBody, url}};
// - wcxb-dev: 101 pages of seven page types, same layout plus page_type per page.
//
// Split: each page goes to "choose" (where rules, thresholds and weights may be chosen) or "confirm" (only
// looked at to confirm), fixed by the SHA-256 of its id: within each stratum (the page type for WCXB, one
// stratum for the article set) pages are ordered by that hash and alternate choose, confirm, choose…
//
// Metrics:
// - shingle F1, as in scrapinghub/article-extraction-benchmark evaluate.py: tokens are Unicode `\w+` runs,
//   shingles the tuples of 4 consecutive tokens (a shorter text is one shorter shingle); per page TP/FP/FN
//   on shingle multisets, normalised to sum 1; precision averaged over pages with TP+FP > 0, recall over pages
//   with TP+FN > 0 (FP = FN = 0 scores 1); F1 = 2PR/(P+R) of those means;
// - word F1, as in WCXB's evaluate.py: lower-cased `\w+` tokens, bag-of-words (multiset) overlap, per page
//   precision = overlap/predicted, recall = overlap/reference, F1; the reported figure is the mean of per-page
//   F1 (an empty reference with an empty prediction scores 1, an empty prediction 0).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Page {
  set: string;
  id: string;
  html: string;
  url?: string;
  truth: string;
  type: string;
  part: 'choose' | 'confirm';
}

export const SET_NAMES = ['article-extraction-dev', 'wcxb-dev'] as const;

function hashOf(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Loads one set, or null when its folder is absent. */
export function loadSet(dir: string, name: string): Page[] | null {
  if (!existsSync(join(dir, 'ground-truth.json'))) return null;
  const gt = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, { articleBody: string; url?: string; page_type?: string }>;
  const htmlDir = join(dir, 'html');
  const ids = readdirSync(htmlDir)
    .filter((f) => f.endsWith('.html.gz'))
    .map((f) => f.slice(0, -'.html.gz'.length))
    .filter((id) => id in gt)
    .sort();
  const byType = new Map<string, string[]>();
  for (const id of ids) {
    const t = gt[id]!.page_type ?? 'article';
    byType.set(t, [...(byType.get(t) ?? []), id]);
  }
  const part = new Map<string, 'choose' | 'confirm'>();
  for (const list of byType.values()) {
    const ordered = [...list].sort((a, b) => (hashOf(a) < hashOf(b) ? -1 : 1));
    ordered.forEach((id, i) => part.set(id, i % 2 === 0 ? 'choose' : 'confirm'));
  }
  return ids.map((id) => ({
    set: name,
    id,
    html: gunzipSync(readFileSync(join(htmlDir, `${id}.html.gz`))).toString('utf8'),
    url: gt[id]!.url,
    truth: gt[id]!.articleBody,
    type: gt[id]!.page_type ?? 'article',
    part: part.get(id)!,
  }));
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

export type Tpfpfn = [number, number, number];

/** Normalised shingle TP/FP/FN of one page. */
export function shingleMatch(truth: string, pred: string): Tpfpfn {
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
export const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The benchmark's shingle precision, recall and F1 over pages. */
export function shingleScore(rows: Tpfpfn[]): { p: number; r: number; f1: number } {
  const p = mean(rows.filter(([tp, fp]) => tp + fp > 0).map(precision));
  const r = mean(rows.filter(([tp, , fn]) => tp + fn > 0).map(recall));
  return { p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}

/** One page's shingle F1 (for listing the worst pages). */
export function pageShingleF1(m: Tpfpfn): number {
  const p = precision(m);
  const r = recall(m);
  return p + r > 0 ? (2 * p * r) / (p + r) : 0;
}

// Python's str `\w`: alphanumeric characters (letters and numbers, not combining marks) and underscore.
const WORD = /[\p{L}\p{N}_]+/gu;

/** WCXB's per-page word precision, recall and F1. */
export function wordF1(pred: string, ref: string): { p: number; r: number; f1: number } {
  const pt = pred.toLowerCase().match(WORD) ?? [];
  const rt = ref.toLowerCase().match(WORD) ?? [];
  if (rt.length === 0) return pt.length === 0 ? { p: 1, r: 1, f1: 1 } : { p: 0, r: 0, f1: 0 };
  if (pt.length === 0) return { p: 0, r: 0, f1: 0 };
  const rc = new Map<string, number>();
  for (const t of rt) rc.set(t, (rc.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of pt) {
    const c = rc.get(t) ?? 0;
    if (c > 0) {
      overlap++;
      rc.set(t, c - 1);
    }
  }
  const p = overlap / pt.length;
  const r = overlap / rt.length;
  return { p, r, f1: p + r > 0 ? (2 * p * r) / (p + r) : 0 };
}
