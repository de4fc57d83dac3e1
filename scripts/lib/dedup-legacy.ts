// The near-duplicate clustering `curator dedup` used before issue 15, kept only as the evaluation's
// baseline: LSH candidates (56 bands × 2 rows), a link when the estimated Jaccard ≥ 0.5 or the estimated
// containment of the smaller text in the larger ≥ 0.25, links joined transitively by union-find — which
// chains documents that share a paragraph now and then into giant clusters.
import { UnionFind, type DedupItem } from '../../src/core/corpus/dedup/lsh';
import { estimateContainment, estimateJaccard, minhash, type MinHashSignature } from '../../src/core/corpus/dedup/minhash';

export function legacyClusters(items: readonly DedupItem[]): Map<string, string> {
  const bands = 56;
  const rows = 2;
  const sigs = new Map<string, MinHashSignature>();
  for (const it of items) sigs.set(it.id, minhash(it.text, it.lang, { bands, rows }));
  const uf = new UnionFind();
  const bySha = new Map<string, string>();
  for (const it of items) {
    uf.add(it.id);
    const s = bySha.get(it.sha256);
    if (s) uf.union(s, it.id);
    else bySha.set(it.sha256, it.id);
  }
  const near = (a: MinHashSignature, b: MinHashSignature) => estimateJaccard(a.sig, b.sig) >= 0.5 || (Math.min(a.shingles, b.shingles) >= 3 && estimateContainment(a, b) >= 0.25);
  for (let b = 0; b < bands; b++) {
    const buckets = new Map<string, string[]>();
    for (const [id, s] of sigs) {
      if (s.shingles < 3) continue;
      const key = `${s.sig[b * rows]}:${s.sig[b * rows + 1]}`;
      const l = buckets.get(key);
      if (l) l.push(id);
      else buckets.set(key, [id]);
    }
    for (const list of buckets.values()) {
      for (let i = 0; i < list.length; i++) {
        for (let k = i + 1; k < list.length; k++) {
          if (uf.find(list[i]!) === uf.find(list[k]!)) continue;
          if (near(sigs.get(list[i]!)!, sigs.get(list[k]!)!)) uf.union(list[i]!, list[k]!);
        }
      }
    }
  }
  const groups = new Map<string, string[]>();
  for (const it of items) {
    const r = uf.find(it.id);
    (groups.get(r) ?? groups.set(r, []).get(r)!).push(it.id);
  }
  const out = new Map<string, string>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const min = g.reduce((a, b) => (b < a ? b : a));
    for (const id of g) out.set(id, min);
  }
  return out;
}
