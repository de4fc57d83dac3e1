// Near-duplicate clustering that never chains, and shared passages.
//
// Near-duplicates: a document joins a cluster only when it is a near copy of the document the cluster
// keeps — never through a chain of links between other documents. Documents are taken longest first
// (most distinct shingles, then id); each one is compared with the documents kept so far and
//  - joins an identical kept text (same sha256), or
//  - joins the kept document it is most like when the MinHash estimate of their Jaccard similarity over
//    shingles is ≥ `threshold` (similar as a whole), or when the share of its own shingles found in the kept
//    document (containment, from the shingle sketches: exact up to `sketchSize` distinct shingles) is
//    ≥ `containment` (an excerpt);
//  - otherwise it is kept itself and later documents may join it. A member never attracts anyone.
// Candidates come from LSH bands over the signatures of the kept documents (pairs similar as a whole) and
// from a posting list of an eighth of the kept documents' sketch ranks (excerpts: a short text shares
// few bands with a long one). A rank found in more than POSTING_CAP kept documents is boilerplate (see
// shared passages below); its list stops growing.
//
// Shingles: 5 words (5 characters for Chinese). The thresholds are chosen by `npm run eval:dedup` on
// Clough & Stevenson (cut answers with their sources, none of the independent answers) and must stay above
// 0.2 so that documents sharing one paragraph in five never cluster (test/unit/corpus-dedup.test.ts).
//
// Shared passages are a separate signal: the lines (≥ PASSAGE_MIN_UNITS words or Chinese characters) of
// every document are hashed, and a line found in two or more documents is a shared passage. They never
// make a cluster; the export can drop a passage from every document but the first that has it.
import type { Lang } from '../../text/lang';
import {
  estimateJaccard,
  lowerBound,
  minHashParams,
  paragraphsOf,
  shingleHashes,
  shingleSketch,
  signatureFromBase64,
  signatureOf,
  signatureToBase64,
  sketchContainment,
  sketchContainments,
  type MinHashOptions,
  type MinHashParams,
  type MinHashSignature,
  type ShingleSketch,
} from './minhash';

export interface DedupOptions extends MinHashOptions {
  /** Estimated Jaccard similarity at or above which a document joins a kept one (similar as a whole). */
  threshold?: number;
  /** Containment of a document in a kept one at or above which it joins it (an excerpt). 1 turns it off. */
  containment?: number;
  /** Documents with fewer shingles than this only take part in exact dedup (default 3). */
  minShingles?: number;
  /** Distinct shingles a sketch keeps (containment is exact up to this many; default 1024). */
  sketchSize?: number;
}

export type DedupDefaults = Required<Pick<DedupOptions, 'bands' | 'rows' | 'wordShingle' | 'charShingle' | 'seed' | 'threshold' | 'containment' | 'minShingles' | 'sketchSize'>>;

/** The one set of defaults: `curator dedup`, the index, the export and `npm run eval:dedup` use it. */
export const DEFAULT_DEDUP: DedupDefaults = {
  bands: 56,
  rows: 2,
  wordShingle: 5,
  charShingle: 5,
  seed: 1,
  threshold: 0.5,
  containment: 0.24,
  minShingles: 3,
  sketchSize: 1024,
};

/** A kept document's sketch ranks stop being indexed for candidates past this many kept documents. */
export const POSTING_CAP = 64;

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

/** What the index keeps of a document's text. */
export interface DedupFingerprint {
  sig: MinHashSignature;
  sketch: ShingleSketch;
  /** Hashes of its passages (lines long enough to count), in text order, repeats included. */
  passages: number[];
  /** Shingles of each passage (parallel to passages). */
  passageShingles: number[];
}

interface Entry extends DedupFingerprint {
  id: string;
  sha256: string;
}

/** Serialised form of a DedupIndex (JSON-safe). */
export interface DedupIndexJson {
  version: 2;
  params: MinHashParams & { threshold: number; containment: number; minShingles: number; sketchSize: number };
  entries: { id: string; sha256: string; shingles: number; sig: string; limit: number; ranks: string; passages: number[]; passageShingles: number[] }[];
}

/** A passage found in two or more documents. */
export interface SharedPassage {
  hash: number;
  /** Ids of the documents that have it, sorted. */
  ids: string[];
}

/** Why a document joined its cluster. */
export interface ClusterLink {
  /** The kept document of the cluster. */
  keeper: string;
  how: 'exact' | 'jaccard' | 'containment';
  jaccard: number;
  containment: number;
}

function u32ToBase64(a: Uint32Array): string {
  return signatureToBase64(a);
}

/**
 * An incremental near-duplicate index: add/remove documents (or their stored fingerprints) and read the
 * current clusters and shared passages. Fingerprints depend only on the text and the parameters, so the
 * caller can store them (see toJSON) and re-add them without re-reading files.
 */
export class DedupIndex {
  readonly params: MinHashParams;
  readonly threshold: number;
  readonly containment: number;
  readonly minShingles: number;
  readonly sketchSize: number;
  private entries = new Map<string, Entry>();
  private cached: { clusters: Map<string, string>; links: Map<string, ClusterLink> } | undefined;

  constructor(opts: DedupOptions = {}) {
    this.params = minHashParams({ ...DEFAULT_DEDUP, ...stripUndefined(opts) });
    this.threshold = opts.threshold ?? DEFAULT_DEDUP.threshold;
    this.containment = opts.containment ?? DEFAULT_DEDUP.containment;
    this.minShingles = opts.minShingles ?? DEFAULT_DEDUP.minShingles;
    this.sketchSize = opts.sketchSize ?? DEFAULT_DEDUP.sketchSize;
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Fingerprint of a text with this index's parameters. */
  fingerprint(text: string, lang: Lang): DedupFingerprint {
    const sh = shingleHashes(text, lang, this.params);
    const sketch = shingleSketch(sh, this.sketchSize);
    const distinct = sketch.distinct ?? sketch.ranks.length;
    delete sketch.distinct;
    const paras = paragraphsOf(text, lang);
    const k = (p: { units: number }) => Math.max(1, p.units - (lang === 'zh' ? this.params.charShingle : this.params.wordShingle) + 1);
    return { sig: { sig: signatureOf(sh, this.params), shingles: distinct }, sketch, passages: paras.map((p) => p.hash), passageShingles: paras.map(k) };
  }

  /** Adds (or replaces) a document by its text. Returns its fingerprint so the caller can store it. */
  addText(id: string, text: string, lang: Lang, sha256: string): DedupFingerprint {
    const fp = this.fingerprint(text, lang);
    this.addFingerprint(id, fp, sha256);
    return fp;
  }

  /** Adds (or replaces) a document by a stored fingerprint. */
  addFingerprint(id: string, fp: DedupFingerprint, sha256: string): void {
    if (fp.sig.sig.length !== this.params.bands * this.params.rows) {
      throw new RangeError(`signature has ${fp.sig.sig.length} hashes, this index uses ${this.params.bands * this.params.rows}`);
    }
    this.entries.set(id, { id, sha256, ...fp });
    this.cached = undefined;
  }

  remove(id: string): boolean {
    const had = this.entries.delete(id);
    if (had) this.cached = undefined;
    return had;
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

  /**
   * Containment of `a` in `b`: the share of a's shingles found in b (from the sketches), leaving out the
   * shingles of a's passages (whole lines) that b has too — a shared paragraph is a shared passage, not a
   * near copy. When a is (nearly) all lines of b, it is an excerpt and the plain share is returned.
   */
  containmentOf(a: DedupFingerprint, b: DedupFingerprint): number {
    return this.withoutSharedPassages(a, b, sketchContainment(a.sketch, b.sketch));
  }

  /** containmentOf(a, b) and containmentOf(b, a), the sketches intersected once. */
  private containments(a: DedupFingerprint, b: DedupFingerprint): [number, number] {
    const [ab, ba] = sketchContainments(a.sketch, b.sketch);
    return [this.withoutSharedPassages(a, b, ab), this.withoutSharedPassages(b, a, ba)];
  }

  /** Containment `c` of a in b with the shingles of a's passages that b has too left out (see containmentOf). */
  private withoutSharedPassages(a: DedupFingerprint, b: DedupFingerprint, c: number): number {
    if (c === 0 || a.passages.length === 0 || b.passages.length === 0) return c;
    const inB = this.passageSet(b);
    const counted = new Set<number>();
    let sp = 0;
    for (let i = 0; i < a.passages.length; i++) {
      const h = a.passages[i]!;
      if (inB.has(h) && !counted.has(h)) {
        counted.add(h);
        sp += a.passageShingles[i]!;
      }
    }
    const n = a.sig.shingles;
    if (sp === 0 || n === 0) return c;
    const rest = n - Math.min(sp, n);
    if (rest < Math.max(this.minShingles, 0.1 * n)) return c;
    return Math.max(0, (c * n - sp) / rest);
  }

  private passageSets = new WeakMap<DedupFingerprint, Set<number>>();

  private passageSet(f: DedupFingerprint): Set<number> {
    let s = this.passageSets.get(f);
    if (!s) this.passageSets.set(f, (s = new Set(f.passages)));
    return s;
  }

  /** Jaccard estimate and containment of `a` in `b` (see containmentOf). */
  similarity(a: DedupFingerprint, b: DedupFingerprint): { jaccard: number; containment: number } {
    return { jaccard: estimateJaccard(a.sig.sig, b.sig.sig), containment: this.containmentOf(a, b) };
  }

  /** How `a` joins a kept `b` given their Jaccard estimate and a's containment in b, or undefined when it is no near copy of it. */
  private link(jaccard: number, containment: number): Omit<ClusterLink, 'keeper'> | undefined {
    if (jaccard >= this.threshold) return { how: 'jaccard', jaccard, containment };
    if (this.containment >= 1) return undefined;
    return containment >= this.containment ? { how: 'containment', jaccard, containment } : undefined;
  }

  /**
   * Star clustering: every directed "a is a near copy of b" link among candidate pairs, then documents in
   * order of how many others are near copies of them (then longest, then id); each that some unassigned
   * document links to is kept and takes those documents. A member never takes anyone: no chains.
   */
  private compute(): { clusters: Map<string, string>; links: Map<string, ClusterLink> } {
    if (this.cached) return this.cached;
    const links = new Map<string, ClusterLink>();
    // Exact copies follow the first of their text (by id); only that one takes part below.
    const bySha = new Map<string, Entry>();
    for (const e of [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const first = bySha.get(e.sha256);
      if (first) links.set(e.id, { keeper: first.id, how: 'exact', jaccard: 1, containment: 1 });
      else bySha.set(e.sha256, e);
    }
    const reps = [...bySha.values()].filter((e) => e.sig.shingles >= this.minShingles);
    // Band keys of every kept document, and for each band the documents with a key (lists by key); the
    // sampled sketch ranks (an eighth) with the documents that have them, up to POSTING_CAP each.
    const nb = this.params.bands;
    const keys = new Uint32Array(reps.length * nb);
    const bands = new U32Lists(reps.length * nb);
    const postings = new U32Lists(this.containment >= 1 ? 0 : reps.length * 32);
    reps.forEach((e, i) => {
      for (let b = 0; b < nb; b++) {
        const key = this.bandKey(e.sig.sig, b);
        keys[i * nb + b] = key;
        bands.add(key, b, i);
      }
      if (this.containment >= 1) return;
      for (const r of e.sketch.ranks) {
        if ((r & 7) !== 0) continue;
        postings.add(r, 0, i, POSTING_CAP);
      }
    });
    // out[i]: the documents reps[i] is a near copy of, with how.
    const out: { to: number; link: Omit<ClusterLink, 'keeper'> }[][] = reps.map(() => []);
    const indeg = new Int32Array(reps.length);
    // Candidates of reps[i]: band collisions first, then documents sharing enough sampled sketch ranks (in
    // the order first met), each once (seen[k] === i); shared ranks counted in counts[k].
    const seen = new Int32Array(reps.length).fill(-1);
    const limits = Float64Array.from(reps, (e) => e.sketch.limit);
    const lens = Int32Array.from(reps, (e) => e.sketch.ranks.length);
    const ranks = reps.map((e) => e.sketch.ranks);
    const counts = new Int32Array(reps.length);
    const touched: number[] = [];
    const cands: number[] = [];
    reps.forEach((e, i) => {
      cands.length = 0;
      for (let b = 0; b < nb; b++) {
        const list = bands.get(keys[i * nb + b]!, b);
        if (!list) continue;
        for (const k of list) {
          if (k > i && seen[k] !== i) {
            seen[k] = i;
            cands.push(k);
          }
        }
      }
      if (this.containment < 1) {
        touched.length = 0;
        for (const r of e.sketch.ranks) {
          if ((r & 7) !== 0) continue;
          const list = postings.get(r, 0);
          if (!list) continue;
          for (const k of list) {
            if (k <= i) continue;
            if (counts[k]!++ === 0) touched.push(k);
          }
        }
        const le = e.sketch.limit;
        const ne = e.sketch.ranks.length;
        for (const k of touched) {
          const n = counts[k]!;
          counts[k] = 0;
          if (seen[k] === i) continue;
          // Expected shared sampled ranks of a pair at the threshold, for the smaller side: ask half of it.
          // (Ranks below a sketch's own limit are all its ranks; the smaller count is at most min(ne, nk).)
          const lk = limits[k]!;
          const nk = lens[k]!;
          let small = Math.min(ne, nk);
          if (n < Math.max(1, Math.floor((this.containment * small) / 16)) && le !== lk) {
            small = le < lk ? Math.min(ne, lowerBound(ranks[k]!, le)) : Math.min(lowerBound(e.sketch.ranks, lk), nk);
          }
          if (n >= Math.max(1, Math.floor((this.containment * small) / 16))) {
            seen[k] = i;
            cands.push(k);
          }
        }
      }
      for (const k of cands) {
        const o = reps[k]!;
        const j = estimateJaccard(e.sig.sig, o.sig.sig);
        // Containment is needed unless both directions pass on Jaccard with containment turned off.
        const [cEO, cOE] = j >= this.threshold || this.containment < 1 ? this.containments(e, o) : [0, 0];
        const ab = this.link(j, cEO);
        if (ab) {
          out[i]!.push({ to: k, link: ab });
          indeg[k]!++;
        }
        const ba = this.link(j, cOE);
        if (ba) {
          out[k]!.push({ to: i, link: ba });
          indeg[i]!++;
        }
      }
    });
    const into: number[][] = reps.map(() => []);
    out.forEach((l, i) => l.forEach((x) => into[x.to]!.push(i)));
    const order = reps.map((_, i) => i).sort((a, b) => indeg[b]! - indeg[a]! || reps[b]!.sig.shingles - reps[a]!.sig.shingles || (reps[a]!.id < reps[b]!.id ? -1 : 1));
    const assigned = new Uint8Array(reps.length);
    for (const k of order) {
      if (assigned[k]) continue;
      const takers = into[k]!.filter((i) => !assigned[i]);
      if (takers.length === 0) continue;
      assigned[k] = 1;
      for (const i of takers) {
        assigned[i] = 1;
        const l = out[i]!.find((x) => x.to === k)!.link;
        links.set(reps[i]!.id, { keeper: reps[k]!.id, ...l });
      }
    }
    // Exact copies of a member follow its keeper.
    for (const [id, l] of links) {
      if (l.how !== 'exact') continue;
      const up = links.get(l.keeper);
      if (up) links.set(id, { ...l, keeper: up.keeper });
    }
    const clusters = new Map<string, string>();
    for (const [id, l] of links) {
      clusters.set(id, l.keeper);
      clusters.set(l.keeper, l.keeper);
    }
    this.cached = { clusters, links };
    return this.cached;
  }

  /**
   * Current clusters: document id → the id of the document its cluster keeps, only for documents in a
   * cluster of two or more (the kept document maps to itself).
   */
  clusters(): Map<string, string> {
    return this.compute().clusters;
  }

  /** How a clustered document (not the kept one) joined its cluster. */
  linkOf(id: string): ClusterLink | undefined {
    return this.compute().links.get(id);
  }

  /** Passages found in at least `minDocs` (default 2; 1 lists every passage, for a union of several indexes) documents, most widespread first. */
  sharedPassages(minDocs = 2): SharedPassage[] {
    const by = new Map<number, string[]>();
    for (const e of this.entries.values()) {
      for (const h of new Set(e.passages)) {
        const l = by.get(h);
        if (l) l.push(e.id);
        else by.set(h, [e.id]);
      }
    }
    const out: SharedPassage[] = [];
    for (const [hash, ids] of by) if (ids.length >= Math.max(1, minDocs)) out.push({ hash, ids: ids.sort() });
    return out.sort((a, b) => b.ids.length - a.ids.length || a.ids[0]!.localeCompare(b.ids[0]!) || a.hash - b.hash);
  }

  /** Every document's fingerprint with its id and content hash (what `toJSON` and the binary file keep). */
  *fingerprints(): IterableIterator<DedupFingerprint & { id: string; sha256: string }> {
    yield* this.entries.values();
  }

  toJSON(): DedupIndexJson {
    return {
      version: 2,
      params: { ...this.params, threshold: this.threshold, containment: this.containment, minShingles: this.minShingles, sketchSize: this.sketchSize },
      entries: [...this.entries.values()].map((e) => ({
        id: e.id,
        sha256: e.sha256,
        shingles: e.sig.shingles,
        sig: signatureToBase64(e.sig.sig),
        limit: e.sketch.limit,
        ranks: u32ToBase64(e.sketch.ranks),
        passages: e.passages,
        passageShingles: e.passageShingles,
      })),
    };
  }

  static fromJSON(json: DedupIndexJson): DedupIndex {
    if (json.version !== 2) throw new Error(`unknown dedup index version ${String(json.version)}`);
    const idx = new DedupIndex(json.params);
    for (const e of json.entries) {
      idx.addFingerprint(e.id, { sig: { sig: signatureFromBase64(e.sig), shingles: e.shingles }, sketch: { limit: e.limit, ranks: signatureFromBase64(e.ranks) }, passages: e.passages, passageShingles: e.passageShingles }, e.sha256);
    }
    return idx;
  }
}

/**
 * Lists of document numbers by (32-bit key, small tag): an open-addressing table over typed arrays (a Map
 * of numbers above 2^30 boxes every key). Keys are hashes already, so their bits index the table.
 */
class U32Lists {
  private keys: Uint32Array;
  private tags: Int32Array;
  /** 1 + index into lists; 0 = empty slot. */
  private slots: Int32Array;
  private lists: number[][] = [];
  private mask: number;

  constructor(expected: number) {
    let size = 16;
    while (size < 2 * expected) size <<= 1;
    this.keys = new Uint32Array(size);
    this.tags = new Int32Array(size);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
  }

  private find(key: number, tag: number): number {
    let slot = (Math.imul(key ^ (key >>> 15), 0x2c1b3c6d) ^ Math.imul(tag, 0x297a2d39)) & this.mask;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0 || (this.keys[slot] === key && this.tags[slot] === tag)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  get(key: number, tag: number): number[] | undefined {
    const v = this.slots[this.find(key, tag)]!;
    return v === 0 ? undefined : this.lists[v - 1];
  }

  /** Appends `value` to the list of (key, tag) unless that list has `cap` values already. */
  add(key: number, tag: number, value: number, cap = Infinity): void {
    const slot = this.find(key, tag);
    const v = this.slots[slot]!;
    if (v !== 0) {
      const list = this.lists[v - 1]!;
      if (list.length < cap) list.push(value);
      return;
    }
    this.keys[slot] = key;
    this.tags[slot] = tag;
    this.lists.push([value]);
    this.slots[slot] = this.lists.length;
    if (this.lists.length * 2 > this.slots.length) this.grow();
  }

  private grow(): void {
    const { keys, tags, slots } = this;
    const size = slots.length * 2;
    this.keys = new Uint32Array(size);
    this.tags = new Int32Array(size);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let s = 0; s < slots.length; s++) {
      if (slots[s] === 0) continue;
      const to = this.find(keys[s]!, tags[s]!);
      this.keys[to] = keys[s]!;
      this.tags[to] = tags[s]!;
      this.slots[to] = slots[s]!;
    }
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/**
 * Clusters near-duplicate and exact-duplicate documents. Returns id → the kept document's id for every
 * document in a cluster of two or more; unique documents are absent.
 */
export function clusterDuplicates(items: DedupItem[], opts: DedupOptions = {}): Map<string, string> {
  const idx = new DedupIndex(opts);
  for (const it of items) idx.addText(it.id, it.text, it.lang, it.sha256);
  return idx.clusters();
}
