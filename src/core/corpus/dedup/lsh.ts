// Near-duplicate clustering: exact duplicates by content hash, near duplicates by MinHash + LSH banding,
// candidates verified on their signatures, clusters by union-find.
//
// Defaults, and why (they must work for short documents — a 200-word answer has ~200 shingles — as well as
// for long web pages):
// - 5-word shingles (5 characters for Chinese): long enough that independent texts on the same topic share
//   almost none (common phrases are 2–4 words), short enough that a copy with light edits keeps most.
// - 112 hashes as 56 bands × 2 rows instead of datatrove's 14 × 8: the same signature size and hashing
//   cost, but the banding catches pairs down to Jaccard ≈ 0.15–0.2 instead of ≈ 0.7. Long web pages that are
//   near copies have Jaccard ≥ 0.8 either way; a short text that reuses *part* of a longer one (a copied
//   paragraph with a few sentences of its own) has a low Jaccard because the sets differ in size, so the
//   stricter banding would never even look at the pair. The extra candidates cost one 112-integer compare each.
// - A candidate pair is a near duplicate when its estimated Jaccard ≥ `threshold` (0.5) or when the estimated
//   containment of the smaller document in the larger (from the Jaccard estimate and the shingle counts)
//   ≥ `containment` (0.25 by default: a quarter of a text's 5-word sequences found verbatim in one other
//   document is copying, not coincidence — unrelated texts on the same subject share under 5 %).
//   Set containment to 1 for plain Jaccard dedup.
import type { Lang } from '../../text/lang';
import { estimateJaccard, minhash, minHashParams, signatureFromBase64, signatureToBase64, type MinHashOptions, type MinHashParams, type MinHashSignature } from './minhash';

export interface DedupOptions extends MinHashOptions {
  /** Estimated Jaccard at or above which a candidate pair is a near duplicate (default 0.5). */
  threshold?: number;
  /** Estimated containment of the smaller document at or above which a pair is a near duplicate (default 0.25). */
  containment?: number;
  /** Documents with fewer shingles than this only take part in exact dedup (default 3). */
  minShingles?: number;
}

export const DEFAULT_DEDUP: Required<Pick<DedupOptions, 'bands' | 'rows' | 'wordShingle' | 'charShingle' | 'seed' | 'threshold' | 'containment' | 'minShingles'>> = {
  bands: 56,
  rows: 2,
  wordShingle: 5,
  charShingle: 5,
  seed: 1,
  threshold: 0.5,
  containment: 0.25,
  minShingles: 3,
};

export interface DedupItem {
  id: string;
  text: string;
  lang: Lang;
  sha256: string;
}

/** Union-find over string ids with path halving and union by size. */
export class UnionFind {
  private parent = new Map<string, string>();
  private size = new Map<string, number>();

  add(x: string): void {
    if (!this.parent.has(x)) {
      this.parent.set(x, x);
      this.size.set(x, 1);
    }
  }

  find(x: string): string {
    this.add(x);
    let p = this.parent.get(x)!;
    while (p !== x) {
      const gp = this.parent.get(p)!;
      this.parent.set(x, gp);
      x = p;
      p = this.parent.get(x)!;
    }
    return x;
  }

  union(a: string, b: string): void {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return;
    if (this.size.get(ra)! < this.size.get(rb)!) [ra, rb] = [rb, ra];
    this.parent.set(rb, ra);
    this.size.set(ra, this.size.get(ra)! + this.size.get(rb)!);
  }
}

interface Entry {
  id: string;
  sha256: string;
  sig: MinHashSignature;
}

/** Serialised form of a DedupIndex (JSON-safe). */
export interface DedupIndexJson {
  version: 1;
  params: MinHashParams & { threshold: number; containment: number; minShingles: number };
  entries: { id: string; sha256: string; shingles: number; sig: string }[];
}

/**
 * An incremental near-duplicate index: add/remove documents (or their stored signatures) and read the
 * current clusters. Signatures depend only on the text and the parameters, so the caller can store them
 * (see toJSON) and re-add them without re-reading files.
 */
export class DedupIndex {
  readonly params: MinHashParams;
  readonly threshold: number;
  readonly containment: number;
  readonly minShingles: number;
  private entries = new Map<string, Entry>();
  private bandBuckets: Map<number, string[]>[];
  private bySha = new Map<string, Set<string>>();

  constructor(opts: DedupOptions = {}) {
    this.params = minHashParams({ ...DEFAULT_DEDUP, ...stripUndefined(opts) });
    this.threshold = opts.threshold ?? DEFAULT_DEDUP.threshold;
    this.containment = opts.containment ?? DEFAULT_DEDUP.containment;
    this.minShingles = opts.minShingles ?? DEFAULT_DEDUP.minShingles;
    this.bandBuckets = Array.from({ length: this.params.bands }, () => new Map<number, string[]>());
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Signature of a text with this index's parameters. */
  signature(text: string, lang: Lang): MinHashSignature {
    return minhash(text, lang, this.params);
  }

  /** Adds (or replaces) a document by its text. Returns its signature so the caller can store it. */
  addText(id: string, text: string, lang: Lang, sha256: string): MinHashSignature {
    const sig = this.signature(text, lang);
    this.addSignature(id, sig, sha256);
    return sig;
  }

  /** Adds (or replaces) a document by a stored signature. */
  addSignature(id: string, sig: MinHashSignature, sha256: string): void {
    if (sig.sig.length !== this.params.bands * this.params.rows) {
      throw new RangeError(`signature has ${sig.sig.length} hashes, this index uses ${this.params.bands * this.params.rows}`);
    }
    if (this.entries.has(id)) this.remove(id);
    this.entries.set(id, { id, sha256, sig });
    let s = this.bySha.get(sha256);
    if (!s) this.bySha.set(sha256, (s = new Set()));
    s.add(id);
    if (sig.shingles < this.minShingles) return;
    for (let b = 0; b < this.params.bands; b++) {
      const key = this.bandKey(sig.sig, b);
      const bucket = this.bandBuckets[b]!;
      const list = bucket.get(key);
      if (list) list.push(id);
      else bucket.set(key, [id]);
    }
  }

  remove(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    const s = this.bySha.get(e.sha256);
    if (s) {
      s.delete(id);
      if (s.size === 0) this.bySha.delete(e.sha256);
    }
    if (e.sig.shingles >= this.minShingles) {
      for (let b = 0; b < this.params.bands; b++) {
        const key = this.bandKey(e.sig.sig, b);
        const bucket = this.bandBuckets[b]!;
        const list = bucket.get(key);
        if (!list) continue;
        const i = list.indexOf(id);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) bucket.delete(key);
      }
    }
    return true;
  }

  /** 32-bit key of one band's rows. */
  private bandKey(sig: Uint32Array, band: number): number {
    const r = this.params.rows;
    let h = 0x811c9dc5 ^ band;
    for (let i = band * r; i < band * r + r; i++) {
      h = Math.imul(h ^ sig[i]!, 0x01000193);
      h ^= h >>> 13;
    }
    return h >>> 0;
  }

  /** True when two signatures are near duplicates under this index's thresholds. */
  isNearDuplicate(a: MinHashSignature, b: MinHashSignature): boolean {
    const j = estimateJaccard(a.sig, b.sig);
    if (j >= this.threshold) return true;
    const small = Math.min(a.shingles, b.shingles);
    if (small < this.minShingles || j === 0) return false;
    const inter = (j * (a.shingles + b.shingles)) / (1 + j);
    return inter / small >= this.containment;
  }

  /** Ids of the documents that are near duplicates of `id` (verified LSH candidates), plus exact copies. */
  neighbours(id: string): string[] {
    const e = this.entries.get(id);
    if (!e) return [];
    const out = new Set<string>();
    for (const other of this.bySha.get(e.sha256) ?? []) if (other !== id) out.add(other);
    if (e.sig.shingles < this.minShingles) return [...out];
    const seen = new Set<string>([id]);
    for (let b = 0; b < this.params.bands; b++) {
      const list = this.bandBuckets[b]!.get(this.bandKey(e.sig.sig, b));
      if (!list) continue;
      for (const other of list) {
        if (seen.has(other)) continue;
        seen.add(other);
        if (this.isNearDuplicate(e.sig, this.entries.get(other)!.sig)) out.add(other);
      }
    }
    return [...out];
  }

  /**
   * Current clusters: document id → cluster id, only for documents in a cluster of two or more. The cluster
   * id is the smallest member id, so it is stable while the membership is.
   */
  clusters(): Map<string, string> {
    const uf = new UnionFind();
    for (const ids of this.bySha.values()) {
      if (ids.size < 2) continue;
      let first: string | undefined;
      for (const id of ids) {
        if (first === undefined) first = id;
        else uf.union(first, id);
      }
    }
    for (let b = 0; b < this.params.bands; b++) {
      for (const list of this.bandBuckets[b]!.values()) {
        if (list.length < 2) continue;
        if (list.length > 64) {
          // Big bucket (many copies of one page, or shared boilerplate): compare each member with one
          // representative per cluster found so far instead of with every member — linear for exact-copy floods.
          const reps: string[] = [];
          for (const id of list) {
            const sig = this.entries.get(id)!.sig;
            let joined = false;
            for (const r of reps) {
              if (uf.find(r) === uf.find(id) || this.isNearDuplicate(sig, this.entries.get(r)!.sig)) {
                uf.union(r, id);
                joined = true;
                break;
              }
            }
            if (!joined) reps.push(id);
          }
          continue;
        }
        for (let i = 0; i < list.length; i++) {
          const a = this.entries.get(list[i]!)!;
          for (let k = i + 1; k < list.length; k++) {
            const bId = list[k]!;
            if (uf.find(a.id) === uf.find(bId)) continue;
            if (this.isNearDuplicate(a.sig, this.entries.get(bId)!.sig)) uf.union(a.id, bId);
          }
        }
      }
    }
    const members = new Map<string, string[]>();
    for (const id of this.entries.keys()) {
      const r = uf.find(id);
      const m = members.get(r);
      if (m) m.push(id);
      else members.set(r, [id]);
    }
    const out = new Map<string, string>();
    for (const ids of members.values()) {
      if (ids.length < 2) continue;
      let min = ids[0]!;
      for (const id of ids) if (id < min) min = id;
      for (const id of ids) out.set(id, min);
    }
    return out;
  }

  toJSON(): DedupIndexJson {
    return {
      version: 1,
      params: { ...this.params, threshold: this.threshold, containment: this.containment, minShingles: this.minShingles },
      entries: [...this.entries.values()].map((e) => ({ id: e.id, sha256: e.sha256, shingles: e.sig.shingles, sig: signatureToBase64(e.sig.sig) })),
    };
  }

  static fromJSON(json: DedupIndexJson): DedupIndex {
    if (json.version !== 1) throw new Error(`unknown dedup index version ${String(json.version)}`);
    const idx = new DedupIndex(json.params);
    for (const e of json.entries) idx.addSignature(e.id, { sig: signatureFromBase64(e.sig), shingles: e.shingles }, e.sha256);
    return idx;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Clusters near-duplicate and exact-duplicate documents. Returns id → cluster id for every document that
 * has at least one duplicate; unique documents are absent.
 */
export function clusterDuplicates(items: DedupItem[], opts: DedupOptions = {}): Map<string, string> {
  const idx = new DedupIndex(opts);
  for (const it of items) idx.addText(it.id, it.text, it.lang, it.sha256);
  return idx.clusters();
}
