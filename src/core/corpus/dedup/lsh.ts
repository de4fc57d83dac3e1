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
// shared passages below); its list stops growing, and so does a band key's past BAND_CAP.
// Pairs are never enumerated per band (with 2 rows a band, two texts that share a few sentences collide in
// one band now and then: on text drawn from a common pool those pairs grow with the square of the corpus).
// Each document counts, per other document, the band keys and sampled ranks they share, and is compared
// with those sharing MIN_BAND_HITS band keys (a pair at the Jaccard threshold shares 14 of 56 on average),
// or one when either is short (SHORT_SKETCH: too few sampled ranks for the postings to find it an excerpt),
// or enough sampled ranks.
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
  minHashParams,
  paragraphsOf,
  shingleHashes,
  shingleSketch,
  signatureFromBase64,
  signatureOf,
  signatureToBase64,
  sketchContainment,
  sketchContainments,
  sketchContainmentsAtLeast,
  type MinHashOptions,
  type MinHashParams,
  type MinHashSignature,
  type ShingleSketch,
} from './minhash';
import { FingerprintStore, type StoredRecord } from './fp-store';

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

/** A band key's list of kept documents stops growing past this many (a key shared so widely is boilerplate). */
export const BAND_CAP = 256;

/** Band keys two documents must share to be compared on their bands alone (see compute). */
export const MIN_BAND_HITS = 2;

/** A document with at most this many sketch ranks is compared with every document it shares one band key with. */
export const SHORT_SKETCH = 512;

const UNKNOWN_SAMPLED = 0xffff;

/** Shared sampled-rank counts below this are tested from a table of each document's ranks (see compute). */
const QN = 16;

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
  /** Document id → slot; a slot's record is in the store at loc[slot] (size[slot] bytes). */
  private slots = new Map<string, number>();
  private loc = new Float64Array(1024);
  private recSize = new Uint32Array(1024);
  /** Sampled sketch ranks of each slot's record (UNKNOWN_SAMPLED for records read from a file): sizes the clustering's buffer. */
  private sampledCount = new Uint16Array(1024);
  private nextSlot = 0;
  private readonly store: FingerprintStore;
  private cached: { clusters: Map<string, string>; links: Map<string, ClusterLink> } | undefined;
  /** The links of the last clustering, by id (see compute), and which slots were representatives then. */
  private prevLinks: Map<string, { to: string; link: Omit<ClusterLink, 'keeper'> }[]> | undefined;
  private wasRep = new Uint8Array(0);
  /** Ids added, replaced or removed since the last clustering, with the slot each had then (-1: none). */
  private changedIds = new Map<string, number>();
  /** Candidate pairs the last clustering compared (the others' links were reused). */
  compared = 0;
  private cachedShared = new Map<number, SharedPassage[]>();

  /** `memoryBudget`: bytes of fingerprints held in memory before they go to a temporary file (fp-store.ts). */
  constructor(opts: DedupOptions & { memoryBudget?: number; spillDir?: string } = {}) {
    this.params = minHashParams({ ...DEFAULT_DEDUP, ...stripUndefined(opts) });
    this.threshold = opts.threshold ?? DEFAULT_DEDUP.threshold;
    this.containment = opts.containment ?? DEFAULT_DEDUP.containment;
    this.minShingles = opts.minShingles ?? DEFAULT_DEDUP.minShingles;
    this.sketchSize = opts.sketchSize ?? DEFAULT_DEDUP.sketchSize;
    this.store = new FingerprintStore(this.params.bands * this.params.rows, opts.memoryBudget, opts.spillDir);
  }

  get size(): number {
    return this.slots.size;
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  /** Bytes of fingerprints held in memory (the rest is on disk). */
  get memoryBytes(): number {
    return this.store.memoryBytes + this.loc.byteLength + this.recSize.byteLength;
  }

  private setSlot(id: string, loc: number, size: number, sampled = UNKNOWN_SAMPLED): void {
    if (this.nextSlot === this.loc.length) {
      const l = new Float64Array(this.loc.length * 2);
      l.set(this.loc);
      this.loc = l;
      const z = new Uint32Array(this.recSize.length * 2);
      z.set(this.recSize);
      this.recSize = z;
      const c = new Uint16Array(this.sampledCount.length * 2);
      c.set(this.sampledCount);
      this.sampledCount = c;
    }
    const s = this.nextSlot++;
    this.loc[s] = loc;
    this.recSize[s] = size;
    this.sampledCount[s] = sampled;
    this.noteChange(id);
    this.slots.set(id, s);
    this.changed();
  }

  /** Remembers the slot `id` had at the last clustering, before it first changes (only when there is one to reuse). */
  private noteChange(id: string): void {
    if (this.prevLinks && !this.changedIds.has(id)) this.changedIds.set(id, this.slots.get(id) ?? -1);
  }

  private changed(): void {
    this.cached = undefined;
    this.cachedShared.clear();
  }

  private record(slot: number): StoredRecord {
    return this.store.read(this.loc[slot]!, this.recSize[slot]!);
  }

  /**
   * Reads its records from a signature file (dedup-file.ts) from now on: `layout` gives each document's record
   * offset and size in it, in the file's order. Records added before are dropped (the file has them).
   */
  useFile(path: string, layout: Iterable<{ id: string; offset: number; size: number }>): void {
    // The last clustering stays reusable (and its result current) when nothing changed since: the file holds
    // the same records, under new slots.
    const keep = this.changedIds.size === 0 ? { links: this.prevLinks, slots: this.slots, rep: this.wasRep, cached: this.cached, shared: new Map(this.cachedShared) } : undefined;
    this.prevLinks = undefined;
    this.changedIds.clear();
    this.wasRep = new Uint8Array(0);
    this.store.setBase(path);
    this.store.dropAppended();
    this.slots = new Map();
    this.nextSlot = 0;
    for (const r of layout) this.setSlot(r.id, -1 - r.offset, r.size);
    if (!keep || keep.slots.size !== this.slots.size) return;
    for (const id of this.slots.keys()) if (!keep.slots.has(id)) return;
    if (keep.links) {
      this.wasRep = new Uint8Array(this.nextSlot);
      for (const [id, s] of this.slots) {
        const o = keep.slots.get(id)!;
        if (o < keep.rep.length && keep.rep[o] === 1) this.wasRep[s] = 1;
      }
      this.prevLinks = keep.links;
    }
    this.cached = keep.cached;
    this.cachedShared = keep.shared;
  }

  /**
   * The last clustering's links and representatives, when they are current (nothing changed since): what a
   * signature file keeps so that the next clustering compares only what changed (dedup-file.ts).
   */
  linkState(): { isRep: (slot: number) => boolean; links: ReadonlyMap<string, readonly { to: string; link: Omit<ClusterLink, 'keeper'> }[]> } | undefined {
    if (!this.prevLinks || this.changedIds.size > 0) return undefined;
    const rep = this.wasRep;
    return { isRep: (slot) => slot < rep.length && rep[slot] === 1, links: this.prevLinks };
  }

  /**
   * Takes a stored clustering (dedup-file.ts) as the last one: `isRep[n]` and the links' `from`/`to` name records
   * by their number in insertion order. Call it right after the records were added or the file opened.
   */
  restoreLinks(isRep: (n: number) => boolean, links: readonly { from: number; to: number; link: Omit<ClusterLink, 'keeper'> }[]): void {
    const wanted = new Map<number, string>();
    for (const l of links) {
      wanted.set(l.from, '');
      wanted.set(l.to, '');
    }
    this.wasRep = new Uint8Array(this.nextSlot);
    let n = 0;
    for (const [id, s] of this.slots) {
      if (isRep(n)) this.wasRep[s] = 1;
      if (wanted.has(n)) wanted.set(n, id);
      n++;
    }
    const byId = new Map<string, { to: string; link: Omit<ClusterLink, 'keeper'> }[]>();
    for (const l of links) {
      const from = wanted.get(l.from);
      const to = wanted.get(l.to);
      if (!from || !to) throw new Error('near-duplicate links name a record that is not there');
      const list = byId.get(from);
      if (list) list.push({ to, link: l.link });
      else byId.set(from, [{ to, link: l.link }]);
    }
    this.prevLinks = byId;
    this.changedIds.clear();
  }

  /** Closes its files (a temporary spill file is removed). The index is empty afterwards. */
  close(): void {
    this.store.close();
    this.slots = new Map();
    this.nextSlot = 0;
    this.prevLinks = undefined;
    this.changedIds.clear();
    this.wasRep = new Uint8Array(0);
    this.changed();
  }

  /** Every document's id and slot, in insertion order (the signature file's order). */
  slotsInOrder(): IterableIterator<[string, number]> {
    return this.slots.entries();
  }

  /** Every document's record bytes with its id and slot, in insertion order (the signature file's body). */
  *recordBytes(): IterableIterator<{ id: string; slot: number; bytes: Buffer }> {
    for (const [id, s] of this.slots) yield { id, slot: s, bytes: this.store.bytes(this.loc[s]!, this.recSize[s]!) };
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
    const { loc, size } = this.store.append(id, sha256, fp);
    let sampled = 0;
    for (const r of fp.sketch.ranks) if ((r & 7) === 0) sampled++;
    this.setSlot(id, loc, size, Math.min(sampled, UNKNOWN_SAMPLED - 1));
  }

  remove(id: string): boolean {
    if (this.slots.has(id)) this.noteChange(id);
    const had = this.slots.delete(id);
    if (had) this.changed();
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

  /**
   * containments(a, b), or undefined when neither can reach the containment threshold (withoutSharedPassages
   * only lowers a share, so a share below the threshold before it stays below after).
   */
  private containmentsAtLeast(a: DedupFingerprint, b: DedupFingerprint): [number, number] | undefined {
    const raw = sketchContainmentsAtLeast(a.sketch, b.sketch, this.containment);
    if (!raw) return undefined;
    return [this.withoutSharedPassages(a, b, raw[0]), this.withoutSharedPassages(b, a, raw[1])];
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
   *
   * Incremental: the links of the last clustering are kept (`prevLinks`, with which slots were representatives).
   * A link depends only on its two documents and on whether they are a candidate pair; candidacy depends on
   * their band keys (their own) and on which capped sampled-rank lists both are in (the first POSTING_CAP
   * representatives by id). So only pairs with a "dirty" side are compared again: a representative added or
   * changed since, or one whose place in some capped list crossed the cap (a document before it in id order
   * came or went). Every other link is taken as it was; the decisions are those of a clustering from scratch.
   */
  private compute(): { clusters: Map<string, string>; links: Map<string, ClusterLink> } {
    if (this.cached) return this.cached;
    const links = new Map<string, ClusterLink>();
    const nb = this.params.bands;
    const useContainment = this.containment < 1;
    const prev = this.prevLinks;
    // One pass over the records in id order. Exact copies follow the first of their text (by id); only that one
    // (a representative, numbered in id order) takes part below: its slot, shingle count, sketch limit and size,
    // band keys, and its sampled sketch ranks (an eighth) as (rank, representative) pairs.
    const ids = [...this.slots.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const bySha = new Map<string, string>();
    const repSlot = new Int32Array(ids.length);
    const repShingles = new Int32Array(ids.length);
    const repIdx = new Int32Array(ids.length);
    const limits = new Float64Array(ids.length);
    const lens = new Int32Array(ids.length);
    // dirty[i]: representative i is compared with every candidate again (all of them without a previous clustering).
    const dirty = new Uint8Array(ids.length);
    let keys = new Uint32Array(Math.max(1, ids.length) * nb);
    // Sized once when every record's count is known (no copies while it grows: at a million documents it is
    // about a gigabyte).
    let sampledTotal = 0;
    if (useContainment) {
      for (const slot of this.slots.values()) {
        const c = this.sampledCount[slot]!;
        if (c === UNKNOWN_SAMPLED) {
          sampledTotal = 0;
          break;
        }
        sampledTotal += c;
      }
    }
    const sampled = new PairBuffer(sampledTotal);
    // Representatives of the last clustering that are gone (removed, changed, or no longer first of their text):
    // their ids and the slots of the records they had then.
    const goneIds: string[] = [];
    const goneSlots: number[] = [];
    const wasRep = (slot: number) => slot >= 0 && slot < this.wasRep.length && this.wasRep[slot] === 1;
    // An id removed and added again with the same record (a file read again, that document unchanged) is unchanged.
    const same = new Set<string>();
    if (prev) {
      for (const [id, old] of this.changedIds) {
        const now = this.slots.get(id);
        if (old >= 0 && now !== undefined && this.recSize[old] === this.recSize[now]) {
          const a = Buffer.from(this.store.bytes(this.loc[old]!, this.recSize[old]!));
          if (a.equals(this.store.bytes(this.loc[now]!, this.recSize[now]!))) {
            same.add(id);
            continue;
          }
        }
        if (wasRep(old)) {
          goneIds.push(id);
          goneSlots.push(old);
        }
      }
    }
    // s*(c): the largest sketch size s whose ask max(1, ⌊containment·s/16⌋) is at most c (monotone in s).
    const ask = (x: number) => Math.max(1, Math.floor((this.containment * x) / 16));
    const maxSmallCache: number[] = [];
    const maxSmall = (c: number): number => {
      let s = maxSmallCache[c];
      if (s !== undefined) return s;
      if (!(this.containment > 0)) s = Infinity;
      else {
        s = Math.max(0, Math.floor(((c + 1) * 16) / this.containment));
        while (s > 0 && ask(s) > c) s--;
        while (ask(s + 1) <= c) s++;
      }
      maxSmallCache[c] = s;
      return s;
    };
    // Each representative's rank at s*(c) for c < QN (0xffffffff past its end): what passes asks of the other
    // document of a pair, read without its record.
    const atSmall = new Uint32Array(useContainment ? ids.length * QN : 0);
    let n = 0;
    for (let at = 0; at < ids.length; at++) {
      const id = ids[at]!;
      const slot = this.slots.get(id)!;
      const before = this.changedIds.get(id);
      const changed = before !== undefined && !same.has(id);
      // The slot the document had at the last clustering (its record then).
      const then = before ?? slot;
      const r = this.record(slot);
      const first = bySha.get(r.sha256);
      const rep = first === undefined && r.fp.sig.shingles >= this.minShingles;
      if (first !== undefined) links.set(id, { keeper: first, how: 'exact', jaccard: 1, containment: 1 });
      else bySha.set(r.sha256, id);
      if (prev && !changed && wasRep(then) && !rep) {
        goneIds.push(id);
        goneSlots.push(then);
      }
      if (!rep) continue;
      const i = n++;
      repSlot[i] = slot;
      repIdx[i] = at;
      repShingles[i] = r.fp.sig.shingles;
      limits[i] = r.fp.sketch.limit;
      lens[i] = r.fp.sketch.ranks.length;
      if (useContainment) {
        const ranks = r.fp.sketch.ranks;
        for (let c = 1; c < QN; c++) {
          const at = maxSmall(c);
          atSmall[i * QN + c] = at < ranks.length ? ranks[at]! : 0xffffffff;
        }
      }
      dirty[i] = !prev || changed || !wasRep(then) ? 1 : 0;
      for (let b = 0; b < nb; b++) keys[i * nb + b] = this.bandKey(r.fp.sig.sig, b);
      if (!useContainment) continue;
      for (const rank of r.fp.sketch.ranks) if ((rank & 7) === 0) sampled.push(rank, i);
    }
    bySha.clear();
    const repIds: string[] = Array.from({ length: n }, (_, i) => ids[repIdx[i]!]!);
    // With a previous clustering: the gone representatives in id order, and their band keys and sampled ranks
    // (from their records then), so that a clean representative whose place in a capped list crossed the cap
    // is found (keyLists marks it dirty).
    const goneOrder = goneIds.map((_, g) => g).sort((a, b) => (goneIds[a]! < goneIds[b]! ? -1 : 1));
    const goneBefore = (at: number, i: number) => goneIds[goneOrder[at]!]! < repIds[i]!;
    const goneKeys = new Uint32Array(goneOrder.length * nb);
    const goneRanks = new PairBuffer();
    if (prev) {
      goneOrder.forEach((g, at) => {
        const fp = this.record(goneSlots[g]!).fp;
        for (let b = 0; b < nb; b++) goneKeys[at * nb + b] = this.bandKey(fp.sig.sig, b);
        if (useContainment) for (const rank of fp.sketch.ranks) if ((rank & 7) === 0) goneRanks.push(rank, at);
      });
      goneRanks.sorted();
    }
    // Band lists: for each band, every key held by two or more representatives with the first BAND_CAP of them
    // in id order (band b's keys are bandLists' keys bandSeg[b] … bandSeg[b + 1], sorted). Pairs are not
    // enumerated: a representative counts, per candidate, the bands it shares with it (see below).
    const bandLists = new KeyLists();
    {
      const one = new PairBuffer(n);
      const goneOne = new PairBuffer();
      for (let b = 0; b < nb; b++) {
        one.length = 0;
        for (let i = 0; i < n; i++) one.push(keys[i * nb + b]!, i);
        goneOne.length = 0;
        for (let at = 0; at < goneOrder.length; at++) goneOne.push(goneKeys[at * nb + b]!, at);
        bandLists.append(one.sorted(), prev ? goneOne.sorted() : undefined, BAND_CAP, dirty, goneBefore);
      }
      keys = new Uint32Array(0);
    }
    // Sampled-rank postings: for each rank in two or more representatives, the first POSTING_CAP of them (a rank
    // found in more is boilerplate: see shared passages).
    const postLists = new KeyLists();
    if (useContainment) postLists.append(sampled.sorted(), prev ? goneRanks : undefined, POSTING_CAP, dirty, goneBefore);
    sampled.clear();
    goneRanks.clear();
    const post = postLists.finish(n);
    const band = bandLists.finish(n);
    const lowBelow = (k: number, x: number, c: number): boolean => {
      if (c < QN) return atSmall[k * QN + c]! >= x;
      const a = fpOf(k).sketch.ranks;
      const s = maxSmall(c);
      return s >= a.length || a[s]! >= x;
    };
    // Every record in memory: its decoded views are kept for the loop (no cache look-up per candidate).
    const views: (DedupFingerprint | undefined)[] | undefined = this.store.inMemoryOnly ? new Array<DedupFingerprint | undefined>(n) : undefined;
    const fpOf = views ? (k: number) => (views[k] ??= this.record(repSlot[k]!).fp) : (k: number) => this.record(repSlot[k]!).fp;
    /**
     * Whether i < k sharing c sampled ranks (each in a capped list holding both) is a candidate pair: the expected
     * shared sampled ranks of a pair at the threshold, for the smaller side, is asked at half. (Ranks below a
     * sketch's own limit are all its ranks; the smaller count is at most min(ne, nk).)
     */
    const passes = (i: number, k: number, c: number): boolean => {
      const le = limits[i]!;
      const ne = lens[i]!;
      const lk = limits[k]!;
      const nk = lens[k]!;
      if (c >= ask(Math.min(ne, nk))) return true;
      if (le === lk) return false;
      // small = min(ne, lowerBound(k's ranks, le)) (or the mirror): it passes when small ≤ s*, the largest size
      // whose ask is within c; lowerBound(a, x) ≤ s* is a[s*] ≥ x, one read, no search.
      const s = maxSmall(c);
      return le < lk ? ne <= s || lowBelow(k, le, c) : nk <= s || lowBelow(i, lk, c);
    };
    // out[i]: the documents representative i is a near copy of, with how.
    const out: { to: number; link: Omit<ClusterLink, 'keeper'> }[][] = Array.from({ length: n }, () => []);
    const indeg = new Int32Array(n);
    this.compared = 0;
    /** Compares candidates i < k and records their links both ways. */
    const compare = (i: number, k: number) => {
      this.compared++;
      const e = fpOf(i);
      const o = fpOf(k);
      const j = estimateJaccard(e.sig.sig, o.sig.sig);
      // Containment is needed unless both directions pass on Jaccard with containment turned off; below the
      // Jaccard threshold only whether it reaches the containment threshold matters.
      let cEO = 0;
      let cOE = 0;
      if (j >= this.threshold) [cEO, cOE] = this.containments(e, o);
      else if (useContainment) {
        const cc = this.containmentsAtLeast(e, o);
        if (!cc) return;
        [cEO, cOE] = cc;
      }
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
    };
    // Links of the last clustering between two clean representatives stand as they were.
    if (prev) {
      const find = (id: string): number => {
        let lo = 0;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (repIds[mid]! < id) lo = mid + 1;
          else hi = mid;
        }
        return lo < n && repIds[lo] === id ? lo : -1;
      };
      for (const [from, list] of prev) {
        const i = find(from);
        if (i < 0 || dirty[i]) continue;
        for (const l of list) {
          const k = find(l.to);
          if (k < 0 || dirty[k]) continue;
          out[i]!.push({ to: k, link: l.link });
          indeg[k]!++;
        }
      }
    }
    // Candidates of a dirty representative i among k > i: the documents it shares at least MIN_BAND_HITS band
    // keys with (bands[k]), and those sharing enough sampled sketch ranks (counts[k]); each once.
    const bands = new Int32Array(n);
    const counts = new Int32Array(n);
    const touched: number[] = [];
    const cands: number[] = [];
    /** Whether touched document t is a candidate of `other` (t's counts set back to 0). */
    const pick = (t: number, other: number): boolean => {
      const h = bands[t]!;
      const c = counts[t]!;
      bands[t] = 0;
      counts[t] = 0;
      if (h >= MIN_BAND_HITS || (h > 0 && Math.min(lens[t]!, lens[other]!) <= SHORT_SKETCH)) return true;
      return useContainment && c > 0 && passes(Math.min(t, other), Math.max(t, other), c);
    };
    for (let i = 0; i < n; i++) {
      if (!dirty[i]) continue;
      cands.length = 0;
      touched.length = 0;
      // i's places in the lists (each in id order): the documents after it there.
      for (let q = band.at[i]!; q < band.at[i + 1]!; q++) {
        const x = band.places[q]!;
        const end = band.start[band.owner[x]! + 1]!;
        for (let y = x + 1; y < end; y++) {
          const k = band.docs[y]!;
          if (bands[k]!++ === 0 && counts[k] === 0) touched.push(k);
        }
      }
      for (let q = post.at[i]!; q < post.at[i + 1]!; q++) {
        const x = post.places[q]!;
        const end = post.start[post.owner[x]! + 1]!;
        for (let y = x + 1; y < end; y++) {
          const k = post.docs[y]!;
          if (counts[k]!++ === 0 && bands[k] === 0) touched.push(k);
        }
      }
      for (const k of touched) if (pick(k, i)) cands.push(k);

      for (const k of cands) compare(i, k);
    }
    // With a previous clustering: candidates i < k of a dirty k among the clean i (the loop above saw only k > i).
    // i < k shares a key in k's capped list exactly when k is in it and i comes before k there.
    if (prev) {
      for (let k = 0; k < n; k++) {
        if (!dirty[k]) continue;
        cands.length = 0;
        touched.length = 0;
        for (let q = band.at[k]!; q < band.at[k + 1]!; q++) {
          const x = band.places[q]!;
          for (let y = band.start[band.owner[x]!]!; y < x; y++) {
            const i = band.docs[y]!;
            if (dirty[i]) continue;
            if (bands[i]!++ === 0 && counts[i] === 0) touched.push(i);
          }
        }
        for (let q = post.at[k]!; q < post.at[k + 1]!; q++) {
          const x = post.places[q]!;
          for (let y = post.start[post.owner[x]!]!; y < x; y++) {
            const i = post.docs[y]!;
            if (dirty[i]) continue;
            if (counts[i]!++ === 0 && bands[i] === 0) touched.push(i);
          }
        }
        for (const i of touched) if (pick(i, k)) cands.push(i);
        for (const i of cands) compare(i, k);
      }
    }
    // What the next clustering reuses: every link by id, and which slots are representatives now.
    const next = new Map<string, { to: string; link: Omit<ClusterLink, 'keeper'> }[]>();
    out.forEach((l, i) => {
      if (l.length) next.set(repIds[i]!, l.map((x) => ({ to: repIds[x.to]!, link: x.link })));
    });
    this.prevLinks = next;
    this.changedIds.clear();
    this.wasRep = new Uint8Array(this.loc.length);
    for (let i = 0; i < n; i++) this.wasRep[repSlot[i]!] = 1;
    const into: number[][] = Array.from({ length: n }, () => []);
    out.forEach((l, i) => l.forEach((x) => into[x.to]!.push(i)));
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => indeg[b]! - indeg[a]! || repShingles[b]! - repShingles[a]! || (repIds[a]! < repIds[b]! ? -1 : 1));
    const assigned = new Uint8Array(n);
    for (const k of order) {
      if (assigned[k]) continue;
      const takers = into[k]!.filter((i) => !assigned[i]);
      if (takers.length === 0) continue;
      assigned[k] = 1;
      for (const i of takers) {
        assigned[i] = 1;
        const l = out[i]!.find((x) => x.to === k)!.link;
        links.set(repIds[i]!, { keeper: repIds[k]!, ...l });
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

  /**
   * Passages found in at least `minDocs` (default 2; 1 lists every passage, for a union of several indexes)
   * documents, most widespread first. The hashes are counted sorted in a typed array (no map of every passage);
   * only the ids of the passages that qualify are collected.
   */
  sharedPassages(minDocs = 2): SharedPassage[] {
    const cached = this.cachedShared.get(minDocs);
    if (cached) return cached;
    const min = Math.max(1, minDocs);
    let hashes = new Float64Array(1024);
    let nh = 0;
    const distinct = (passages: number[]) => (passages.length < 2 ? passages : [...new Set(passages)]);
    if (min > 1) {
      for (const [, s] of this.slots) {
        for (const h of distinct(this.record(s).fp.passages)) {
          if (nh === hashes.length) {
            const g = new Float64Array(hashes.length * 2);
            g.set(hashes);
            hashes = g;
          }
          hashes[nh++] = h;
        }
      }
    }
    const sorted = hashes.subarray(0, nh).sort();
    const wanted = new Set<number>();
    for (let x = 0; x < nh; ) {
      let y = x + 1;
      while (y < nh && sorted[y] === sorted[x]) y++;
      if (y - x >= min) wanted.add(sorted[x]!);
      x = y;
    }
    hashes = new Float64Array(0);
    const by = new Map<number, string[]>();
    for (const [id, s] of this.slots) {
      for (const h of distinct(this.record(s).fp.passages)) {
        if (min > 1 && !wanted.has(h)) continue;
        const l = by.get(h);
        if (l) l.push(id);
        else by.set(h, [id]);
      }
    }
    const out: SharedPassage[] = [];
    for (const [hash, ids] of by) if (ids.length >= min) out.push({ hash, ids: ids.sort() });
    out.sort((a, b) => b.ids.length - a.ids.length || a.ids[0]!.localeCompare(b.ids[0]!) || a.hash - b.hash);
    this.cachedShared.set(minDocs, out);
    return out;
  }

  /** Every document's fingerprint with its id and content hash (decoded one at a time from the store). */
  *fingerprints(): IterableIterator<DedupFingerprint & { id: string; sha256: string }> {
    for (const [id, s] of this.slots) {
      const r = this.record(s);
      yield { id, sha256: r.sha256, ...r.fp };
    }
  }

  toJSON(): DedupIndexJson {
    return {
      version: 2,
      params: { ...this.params, threshold: this.threshold, containment: this.containment, minShingles: this.minShingles, sketchSize: this.sketchSize },
      entries: [...this.fingerprints()].map((e) => ({
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
 * Pairs of 32-bit numbers (hi, lo) in a growable typed array, sorted by hi then lo as 64-bit integers (the
 * typed array's own numeric sort: no comparator, no objects).
 */
class PairBuffer {
  private u32: Uint32Array;
  length = 0;

  /** `capacity`: pairs it holds before it grows. */
  constructor(capacity = 0) {
    this.u32 = new Uint32Array(2 * Math.max(1024, capacity));
  }

  push(hi: number, lo: number): void {
    if (2 * this.length === this.u32.length) {
      const g = new Uint32Array(this.u32.length * 2);
      g.set(this.u32);
      this.u32 = g;
    }
    this.u32[2 * this.length] = lo;
    this.u32[2 * this.length + 1] = hi;
    this.length++;
  }

  /** Its memory (lo, hi, lo, hi…): a caller may write over the pairs it has read. */
  raw(): Uint32Array {
    return this.u32;
  }

  hi(j: number): number {
    return this.u32[2 * j + 1]!;
  }

  lo(j: number): number {
    return this.u32[2 * j]!;
  }

  /** Sorts in place (little-endian: lo is the low word) and returns itself. */
  sorted(): this {
    if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('big-endian platforms are not supported');
    new BigUint64Array(this.u32.buffer, 0, this.length).sort();
    return this;
  }

  /** Sorts and drops repeated pairs. */
  unique(): void {
    this.sorted();
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      if (w > 0 && this.u32[2 * r] === this.u32[2 * w - 2] && this.u32[2 * r + 1] === this.u32[2 * w - 1]) continue;
      this.u32[2 * w] = this.u32[2 * r]!;
      this.u32[2 * w + 1] = this.u32[2 * r + 1]!;
      w++;
    }
    this.length = w;
  }

  /** Empties it and frees its memory. */
  clear(): void {
    this.u32 = new Uint32Array(2048);
    this.length = 0;
  }
}

/**
 * Lists of representatives by key, built from (key, representative) pairs sorted by key then representative:
 * for every key held by two or more, the first `cap` of them in id order. Keys are appended in the order given
 * (each call's keys ascending); `start[j] … start[j + 1]` are key j's representatives in `docs`.
 */
class KeyLists {
  private start: number[] = [0];
  private docs = new Int32Array(1024);
  /** The list each place in `docs` belongs to. */
  private owner = new Int32Array(1024);
  private used = 0;
  /** (representative, its place in docs) for every place, sorted by representative when finished. */
  private member = new PairBuffer();

  /**
   * Appends the lists of `runs`. With a previous clustering (`gone`: the gone representatives' keys as
   * (key, place in id order), sorted): a clean representative (dirty 0) whose place in a list crosses the cap
   * is marked dirty (2): its place then was its place now less the new ones (dirty 1) before it plus the gone
   * ones before it (`goneBefore(at, i)`: gone number `at` comes before representative i by id).
   */
  append(runs: PairBuffer, gone: PairBuffer | undefined, cap: number, dirty: Uint8Array, goneBefore: (at: number, i: number) => boolean): void {
    let gp = 0;
    for (let s = 0; s < runs.length; ) {
      let e = s + 1;
      const key = runs.hi(s);
      while (e < runs.length && runs.hi(e) === key) e++;
      if (gone) {
        while (gp < gone.length && gone.hi(gp) < key) gp++;
        let ge = gp;
        while (ge < gone.length && gone.hi(ge) === key) ge++;
        let added = 0;
        for (let x = s; x < e; x++) if (dirty[runs.lo(x)] === 1) added++;
        if (added > 0 || ge > gp) {
          let before = 0;
          let g = gp;
          for (let x = s; x < e && x - s < cap + added + 1; x++) {
            const i = runs.lo(x);
            if (dirty[i] === 1) {
              before++;
              continue;
            }
            if (dirty[i] === 2) continue;
            while (g < ge && goneBefore(gone.lo(g), i)) g++;
            const now = x - s;
            const then = now - before + (g - gp);
            if (now < cap !== then < cap) dirty[i] = 2;
          }
        }
        gp = ge;
      }
      if (e - s >= 2) {
        const m = Math.min(e - s, cap);
        if (this.used + m > this.docs.length) {
          const size = Math.max(this.docs.length * 2, this.used + m);
          const g = new Int32Array(size);
          g.set(this.docs.subarray(0, this.used));
          this.docs = g;
          const o = new Int32Array(size);
          o.set(this.owner.subarray(0, this.used));
          this.owner = o;
        }
        const list = this.start.length - 1;
        for (let x = s; x < s + m; x++) {
          const i = runs.lo(x);
          this.member.push(i, this.used);
          this.owner[this.used] = list;
          this.docs[this.used++] = i;
        }
        this.start.push(this.used);
      }
      s = e;
    }
  }

  /**
   * The lists as arrays: `docs` (the lists one after another, each in id order), `owner` (the list of each place),
   * `start` (list j is docs[start[j] … start[j + 1]]), and for each of the `n` representatives its places in docs
   * (`places[at[i] … at[i + 1]]`): the lists it is in, without looking its keys up.
   */
  finish(n: number): { docs: Int32Array; owner: Int32Array; start: Uint32Array; at: Uint32Array; places: Int32Array } {
    const m = this.member.sorted();
    const at = new Uint32Array(n + 1);
    const places = new Int32Array(m.length);
    for (let q = 0; q < m.length; q++) {
      at[m.hi(q) + 1]!++;
      places[q] = m.lo(q);
    }
    for (let i = 0; i < n; i++) at[i + 1]! += at[i]!;
    this.member.clear();
    return { docs: this.docs.subarray(0, this.used), owner: this.owner.subarray(0, this.used), start: Uint32Array.from(this.start), at, places };
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
