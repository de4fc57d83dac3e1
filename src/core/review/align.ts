// Sentence alignment of a rewrite to its source: each rewrite segment looks for the source segments it
// comes from by weighted term overlap (IDF-weighted Dice over stemmed words / Chinese character bigrams),
// found through an inverted index restricted to a window around the expected position. Merges (one
// rewrite sentence from two adjacent source sentences), splits (several rewrite sentences from one) and
// moderate reordering are allowed. Near-linear: each term's postings are visited only inside the window.
import { termHashes } from './tokens';

export interface AlignOptions {
  /** Half-width of the search window, in source segments (default 40). */
  window?: number;
  /** Minimum weighted Dice similarity for a link (default 0.2). */
  minSimilarity?: number;
}

export interface AlignmentGroup {
  source: number[];
  rewrite: number[];
  similarity: number;
}

export interface Alignment {
  groups: AlignmentGroup[];
  droppedSource: number[];
  newRewrite: number[];
}

/** Binary search: first index in `a` with a[i] >= x. */
function lowerBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class UnionFind {
  parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    while (this.parent[x] !== r) {
      const nx = this.parent[x]!;
      this.parent[x] = r;
      x = nx;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** Weighted Dice of two sorted hash sets. */
function weightedDice(a: Int32Array, b: Int32Array, weight: (h: number) => number): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  let wa = 0;
  let wb = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) wa += weight(a[i++]!);
    else if (i >= a.length || b[j]! < a[i]!) wb += weight(b[j++]!);
    else {
      const w = weight(a[i]!);
      inter += w;
      wa += w;
      wb += w;
      i++;
      j++;
    }
  }
  return wa + wb > 0 ? (2 * inter) / (wa + wb) : 0;
}

function unionSorted(sets: Int32Array[]): Int32Array {
  if (sets.length === 1) return sets[0]!;
  let total = 0;
  for (const s of sets) total += s.length;
  const a = new Int32Array(total);
  let k = 0;
  for (const s of sets) {
    a.set(s, k);
    k += s.length;
  }
  a.sort();
  let u = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[u++] = a[i]!;
  return a.subarray(0, u);
}

/** Aligns rewrite segment texts to source segment texts. */
export function alignSegments(source: readonly string[], rewrite: readonly string[], opts: AlignOptions = {}): Alignment {
  const W = opts.window ?? 40;
  const minSim = opts.minSimilarity ?? 0.2;
  const nS = source.length;
  const nR = rewrite.length;
  const sF = source.map(termHashes);
  const rF = rewrite.map(termHashes);

  // document frequencies over both sides → IDF weights
  const df = new Map<number, number>();
  for (const fs of [sF, rF]) for (const f of fs) for (let i = 0; i < f.length; i++) df.set(f[i]!, (df.get(f[i]!) ?? 0) + 1);
  const N = nS + nR;
  const idf = new Map<number, number>();
  for (const [h, d] of df) idf.set(h, Math.log(1 + N / d));
  const weight = (h: number) => idf.get(h) ?? Math.log(1 + N);
  const totalW = (f: Int32Array) => {
    let w = 0;
    for (let i = 0; i < f.length; i++) w += weight(f[i]!);
    return w;
  };
  const sW = sF.map(totalW);
  const rW = rF.map(totalW);

  // inverted index: term → ascending source segment indices
  const postings = new Map<number, number[]>();
  for (let s = 0; s < nS; s++) {
    const f = sF[s]!;
    for (let i = 0; i < f.length; i++) {
      let p = postings.get(f[i]!);
      if (!p) postings.set(f[i]!, (p = []));
      p.push(s);
    }
  }

  const acc = new Float64Array(nS);
  const touched: number[] = [];
  const uf = new UnionFind(nS + nR);
  const linkedS = new Uint8Array(nS);
  const linkedR = new Uint8Array(nR);
  let last = -1;

  for (let r = 0; r < nR; r++) {
    const f = rF[r]!;
    if (f.length === 0) continue;
    const prop = nR > 1 ? Math.round((r * (nS - 1)) / (nR - 1)) : 0;
    const centers = last >= 0 && Math.abs(last + 1 - prop) > W ? [last + 1, prop] : [last >= 0 ? last + 1 : prop];
    const ranges: Array<[number, number]> = [];
    if (centers.length === 2) {
      const [a, b] = centers[0]! < centers[1]! ? [centers[0]!, centers[1]!] : [centers[1]!, centers[0]!];
      if (a + W >= b - W) ranges.push([a - W, b + W]);
      else ranges.push([a - W, a + W], [b - W, b + W]);
    } else ranges.push([centers[0]! - W, centers[0]! + W]);
    for (const [lo0, hi0] of ranges) {
      const lo = Math.max(0, lo0);
      const hi = Math.min(nS - 1, hi0);
      for (let i = 0; i < f.length; i++) {
        const p = postings.get(f[i]!);
        if (!p) continue;
        const w = weight(f[i]!);
        for (let k = lowerBound(p, lo); k < p.length && p[k]! <= hi; k++) {
          const s = p[k]!;
          if (acc[s] === 0) touched.push(s);
          acc[s] += w;
        }
      }
    }
    let best = -1;
    let bestSim = 0;
    for (const s of touched) {
      const sim = (2 * acc[s]!) / (rW[r]! + sW[s]!);
      if (sim > bestSim || (sim === bestSim && best >= 0 && Math.abs(s - (last + 1)) < Math.abs(best - (last + 1)))) {
        bestSim = sim;
        best = s;
      }
    }
    // a short rewrite segment (a heading, "Yes.") needs a near-exact match
    const strongEnough = best >= 0 && (bestSim >= minSim && acc[best]! >= Math.min(rW[r]!, sW[best]!) * 0.3) && (f.length >= 3 || bestSim >= 0.5);
    if (strongEnough) {
      uf.union(best, nS + r);
      linkedS[best] = 1;
      linkedR[r] = 1;
      // merges: neighbouring source segments mostly contained in this rewrite segment
      for (const d of [1, -1, 2, -2, 3, -3]) {
        const s2 = best + d;
        if (s2 < 0 || s2 >= nS || acc[s2] === 0) continue;
        const containedS2 = acc[s2]! / sW[s2]!;
        const shareOfR = acc[s2]! / rW[r]!;
        if (containedS2 >= 0.45 && shareOfR >= 0.1) {
          uf.union(s2, nS + r);
          linkedS[s2] = 1;
        }
      }
      last = best;
    }
    for (const s of touched) acc[s] = 0;
    touched.length = 0;
  }

  // groups = connected components
  const groupsByRoot = new Map<number, AlignmentGroup>();
  for (let r = 0; r < nR; r++) {
    if (!linkedR[r]) continue;
    const root = uf.find(nS + r);
    let g = groupsByRoot.get(root);
    if (!g) groupsByRoot.set(root, (g = { source: [], rewrite: [], similarity: 0 }));
    g.rewrite.push(r);
  }
  for (let s = 0; s < nS; s++) {
    if (!linkedS[s]) continue;
    const g = groupsByRoot.get(uf.find(s));
    if (g) g.source.push(s);
  }
  const groups = [...groupsByRoot.values()].sort((a, b) => a.rewrite[0]! - b.rewrite[0]!);
  for (const g of groups) {
    g.similarity = round3(weightedDice(unionSorted(g.source.map((s) => sF[s]!)), unionSorted(g.rewrite.map((r) => rF[r]!)), weight));
  }
  const droppedSource: number[] = [];
  for (let s = 0; s < nS; s++) if (!linkedS[s]) droppedSource.push(s);
  const newRewrite: number[] = [];
  for (let r = 0; r < nR; r++) if (!linkedR[r]) newRewrite.push(r);
  return { groups, droppedSource, newRewrite };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
