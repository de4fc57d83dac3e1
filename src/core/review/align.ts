// Sentence alignment of a rewrite to its source: each rewrite segment looks for the source segments it
// comes from by weighted term overlap (IDF-weighted Dice over stemmed words / Chinese character bigrams),
// found through an inverted index restricted to a window around the expected position. Merges (one
// rewrite sentence from two adjacent source sentences), splits (several rewrite sentences from one) and
// moderate reordering are allowed. Near-linear: each term's postings are visited only inside the window.
import { appendTermHashes, HashSink } from './tokens';

export interface AlignOptions {
  /** Half-width of the search window, in source segments (default 40). */
  window?: number;
  /** Minimum weighted Dice similarity for a link (default 0.2). */
  minSimilarity?: number;
  /** Most segments (both sides together) in one aligned group (default 12): repetitive text cannot chain
   *  everything into one giant group. */
  maxGroup?: number;
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
  size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  /** Size of the union of the components of a and b. */
  joinedSize(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    return ra === rb ? this.size[ra]! : this.size[ra]! + this.size[rb]!;
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
    if (ra === rb) return;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    this.size[root]! += this.size[child]!;
  }
}

/** Weighted Dice of two sorted term sets, each term weighing weight[term]. */
function weightedDice(a: Int32Array, b: Int32Array, weight: Float64Array): number {
  let i = 0;
  let j = 0;
  let inter = 0;
  let wa = 0;
  let wb = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) wa += weight[a[i++]!]!;
    else if (i >= a.length || b[j]! < a[i]!) wb += weight[b[j++]!]!;
    else {
      const w = weight[a[i]!]!;
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

/**
 * Dense ids 0, 1, 2 … for 32-bit term hashes, in order of first sight (as a Map from hash to its size at
 * insertion would give them): an open-addressing table on typed arrays, so a look-up boxes no number.
 */
class DenseIds {
  private keys = new Int32Array(1 << 12);
  /** id + 1 by slot (0: empty); at most half full. */
  private vals = new Int32Array(1 << 12);
  size = 0;

  idOf(h: number): number {
    let mask = this.keys.length - 1;
    let k = Math.imul(h, 0x9e3779b1) >>> 0 & mask;
    for (let v = this.vals[k]!; v !== 0; k = (k + 1) & mask, v = this.vals[k]!) if (this.keys[k] === h) return v - 1;
    const id = this.size++;
    this.keys[k] = h;
    this.vals[k] = id + 1;
    if (this.size * 2 > this.keys.length) {
      const oldKeys = this.keys;
      const oldVals = this.vals;
      this.keys = new Int32Array(oldKeys.length * 2);
      this.vals = new Int32Array(oldKeys.length * 2);
      mask = this.keys.length - 1;
      for (let i = 0; i < oldKeys.length; i++) {
        if (oldVals[i] === 0) continue;
        let j = Math.imul(oldKeys[i]!, 0x9e3779b1) >>> 0 & mask;
        while (this.vals[j] !== 0) j = (j + 1) & mask;
        this.keys[j] = oldKeys[i]!;
        this.vals[j] = oldVals[i]!;
      }
    }
    return id;
  }
}

/** Neighbours of a linked source segment tried as merges, in order. */
const MERGE_STEPS = [1, -1, 2, -2, 3, -3];

/** Aligns rewrite segment texts to source segment texts. */
export function alignSegments(source: readonly string[], rewrite: readonly string[], opts: AlignOptions = {}): Alignment {
  const W = opts.window ?? 40;
  const minSim = opts.minSimilarity ?? 0.2;
  const maxGroup = opts.maxGroup ?? 12;
  const nS = source.length;
  const nR = rewrite.length;
  // dense term ids: every distinct term hash of either side gets a small integer, so weights and
  // postings are plain typed arrays; the sorted term ids of all segments of a side in one array (segment
  // i's are terms[off[i]] … terms[off[i + 1] − 1]), not an array per segment
  const ids = new DenseIds();
  const termsOf = (texts: readonly string[]): { terms: Int32Array; off: Int32Array } => {
    const sink = new HashSink();
    const off = new Int32Array(texts.length + 1);
    for (let i = 0; i < texts.length; i++) {
      const s0 = sink.n;
      appendTermHashes(texts[i]!, sink);
      const a = sink.buf;
      for (let k = s0; k < sink.n; k++) a[k] = ids.idOf(a[k]!);
      if (sink.n - s0 > 1) a.subarray(s0, sink.n).sort();
      off[i + 1] = sink.n;
    }
    return { terms: sink.buf, off };
  };
  const { terms: sT, off: sOff } = termsOf(source);
  const { terms: rT, off: rOff } = termsOf(rewrite);
  const sF = (i: number) => sT.subarray(sOff[i]!, sOff[i + 1]!);
  const rF = (i: number) => rT.subarray(rOff[i]!, rOff[i + 1]!);
  const nT = ids.size;
  const df = new Int32Array(nT);
  for (let k = 0; k < sOff[nS]!; k++) df[sT[k]!]!++;
  for (let k = 0; k < rOff[nR]!; k++) df[rT[k]!]!++;
  const N = nS + nR;
  const idf = new Float64Array(nT);
  for (let t = 0; t < nT; t++) idf[t] = Math.log(1 + N / df[t]!);
  const totalW = (terms: Int32Array, off: Int32Array, n: number): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let w = 0;
      for (let k = off[i]!; k < off[i + 1]!; k++) w += idf[terms[k]!]!;
      out[i] = w;
    }
    return out;
  };
  const sW = totalW(sT, sOff, nS);
  const rW = totalW(rT, rOff, nR);

  // inverted index (CSR): term → ascending source segment indices
  const postStart = new Int32Array(nT + 1);
  for (let k = 0; k < sOff[nS]!; k++) postStart[sT[k]! + 1]!++;
  for (let t = 0; t < nT; t++) postStart[t + 1]! += postStart[t]!;
  const post = new Int32Array(postStart[nT]!);
  const fill = postStart.slice(0, nT);
  for (let s = 0; s < nS; s++) for (let k = sOff[s]!; k < sOff[s + 1]!; k++) post[fill[sT[k]!]!++] = s;

  const acc = new Float64Array(nS);
  /** The source segments given a score for this rewrite segment, in the order first scored. */
  const touched = new Int32Array(nS);
  let nTouched = 0;
  const uf = new UnionFind(nS + nR);
  const linkedS = new Uint8Array(nS);
  const linkedR = new Uint8Array(nR);
  let last = -1;

  for (let r = 0; r < nR; r++) {
    const f0 = rOff[r]!;
    const f1 = rOff[r + 1]!;
    if (f0 === f1) continue;
    const prop = nR > 1 ? Math.round((r * (nS - 1)) / (nR - 1)) : 0;
    // one or two windows [lo0, hi0] (a window around the expected position and one after the last link,
    // when those are far apart); kept in variables, not arrays, to allocate nothing per segment
    let lo0a: number;
    let hi0a: number;
    let lo0b = 0;
    let hi0b = -1;
    if (last >= 0 && Math.abs(last + 1 - prop) > W) {
      const a = Math.min(last + 1, prop);
      const b = Math.max(last + 1, prop);
      lo0a = a - W;
      hi0a = b + W;
      if (a + W < b - W) {
        hi0a = a + W;
        lo0b = b - W;
        hi0b = b + W;
      }
    } else {
      const c = last >= 0 ? last + 1 : prop;
      lo0a = c - W;
      hi0a = c + W;
    }
    for (let range = 0; range < (hi0b >= lo0b ? 2 : 1); range++) {
      const lo = Math.max(0, range === 0 ? lo0a : lo0b);
      const hi = Math.min(nS - 1, range === 0 ? hi0a : hi0b);
      for (let i = f0; i < f1; i++) {
        const t = rT[i]!;
        const pEnd = postStart[t + 1]!;
        const w = idf[t]!;
        for (let k = lowerBound(post, lo, postStart[t]!, pEnd); k < pEnd && post[k]! <= hi; k++) {
          const s = post[k]!;
          if (acc[s] === 0) touched[nTouched++] = s;
          acc[s] += w;
        }
      }
    }
    let best = -1;
    let bestSim = 0;
    for (let q = 0; q < nTouched; q++) {
      const s = touched[q]!;
      if (uf.joinedSize(s, nS + r) > maxGroup) continue; // that group is full
      const sim = (2 * acc[s]!) / (rW[r]! + sW[s]!);
      if (sim > bestSim || (sim === bestSim && best >= 0 && Math.abs(s - (last + 1)) < Math.abs(best - (last + 1)))) {
        bestSim = sim;
        best = s;
      }
    }
    // a short rewrite segment (a heading, "Yes.") needs a near-exact match
    const strongEnough = best >= 0 && (bestSim >= minSim && acc[best]! >= Math.min(rW[r]!, sW[best]!) * 0.3) && (f1 - f0 >= 3 || bestSim >= 0.5);
    if (strongEnough) {
      uf.union(best, nS + r);
      linkedS[best] = 1;
      linkedR[r] = 1;
      // merges: neighbouring source segments mostly contained in this rewrite segment, taken when the
      // rewrite segment matches the union better than the source segment alone
      const f = rF(r);
      let merged: Int32Array = sF(best);
      let mergedSim = bestSim;
      for (const d of MERGE_STEPS) {
        const s2 = best + d;
        if (s2 < 0 || s2 >= nS || acc[s2] === 0) continue;
        const containedS2 = acc[s2]! / sW[s2]!;
        const shareOfR = acc[s2]! / rW[r]!;
        if (containedS2 < 0.45 || shareOfR < 0.1 || uf.joinedSize(s2, nS + r) > maxGroup) continue;
        const union = unionSorted([merged, sF(s2)]);
        const sim = weightedDice(union, f, idf);
        if (sim > mergedSim + 0.02) {
          uf.union(s2, nS + r);
          linkedS[s2] = 1;
          merged = union;
          mergedSim = sim;
        }
      }
      last = best;
    }
    for (let q = 0; q < nTouched; q++) acc[touched[q]!] = 0;
    nTouched = 0;
  }

  // second pass: a short unlinked rewrite segment next to a linked one, mostly made of that neighbour's
  // source words, is the rest of a split ("The basin is large. It covers …")
  const sourcesOf = new Map<number, number[]>();
  for (let q = 0; q < nS; q++) {
    if (!linkedS[q]) continue;
    const root = uf.find(q);
    let l = sourcesOf.get(root);
    if (!l) sourcesOf.set(root, (l = []));
    l.push(q);
  }
  const termMark = new Int32Array(nT);
  let stamps = 0;
  for (let r = 0; r < nR; r++) {
    if (linkedR[r] || rOff[r] === rOff[r + 1]) continue;
    for (const nb of [r + 1, r - 1]) {
      if (nb < 0 || nb >= nR || !linkedR[nb]) continue;
      const srcs = sourcesOf.get(uf.find(nS + nb)) ?? [];
      // the terms of those source segments, marked with a stamp of this look (no set made per look)
      const stamp = ++stamps;
      for (const q of srcs) for (let k = sOff[q]!; k < sOff[q + 1]!; k++) termMark[sT[k]!] = stamp;
      let shared = 0;
      for (let k = rOff[r]!; k < rOff[r + 1]!; k++) if (termMark[rT[k]!] === stamp) shared += idf[rT[k]!]!;
      if (shared / rW[r]! >= 0.4 && uf.joinedSize(nS + r, nS + nb) <= maxGroup) {
        uf.union(nS + r, nS + nb);
        linkedR[r] = 1;
        break;
      }
    }
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
    g.similarity = round3(weightedDice(unionSorted(g.source.map(sF)), unionSorted(g.rewrite.map(rF)), idf));
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
