/**
 * The full-text search index: compact, sharded, binary postings (see docs/index-design.md).
 *
 * Why not one MiniSearch over full texts: MiniSearch keeps one JavaScript Map entry per (term, document)
 * pair and serialises to JSON, which for 100k documents (~0.5 GB of text) costs minutes to build,
 * gigabytes of heap and tens of seconds to reload, and its default tokenizer finds nothing inside
 * Chinese text (no spaces). Here:
 *
 * - Terms are 32-bit keys (see tokenize.ts: lowercase words; Han unigrams + bigrams), hashed while
 *   scanning the text, so no string is allocated per token.
 * - Each document contributes its *distinct* terms once (no term frequencies): a posting is one 16-bit
 *   local document number. Ranking is BM25 with tf = 1 (idf × length norm) after "matches all terms".
 * - Documents are grouped into shards of at most 16,384 in index order. A shard is three typed arrays
 *   (sorted term keys, offsets, postings) + the document ids, written as one binary file and loaded with
 *   one read: reloading is a file read, not a parse; the arrays live outside the JavaScript heap.
 * - The text itself is not stored: snippets are read from the source file on demand.
 * - Incremental updates never rewrite a shard: removed documents are tombstoned, new documents go to a
 *   new shard; `needsCompaction` tells the owner when a full rebuild is worth it.
 *
 * MiniSearch is still used where it shines: the small fields (title, path) get prefix and fuzzy search
 * through `FieldIndex` (field-index.ts) with the same tokenizer.
 */
import { readFileSync } from 'node:fs';
import { collectTermKeys, queryTerms, termKey, type KeySink } from './tokenize';

export const SHARD_MAGIC = 0x31534343; // "CCS1" little-endian
export const DEFAULT_SHARD_DOCS = 16384;
/** Terms in more than this share of the documents are dropped from a query that has two rarer terms. */
export const COMMON_DF = 0.25;
/** Characters of a document that are indexed (longer documents are indexed on their first 2M). */
export const MAX_INDEXED_CHARS = 2_000_000;

/** An immutable shard: documents [0, ids.length) with their term postings. */
export class Shard {
  constructor(
    readonly ids: string[],
    /** Sorted distinct term keys. */
    readonly keys: Uint32Array,
    /** offsets[i]..offsets[i+1] is the postings range of keys[i]. */
    readonly offsets: Uint32Array,
    /** Local document numbers, ascending within each term. */
    readonly postings: Uint16Array,
    /** Distinct terms per document (length normalisation). */
    readonly lens: Uint32Array,
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** Index of `key` in keys, or -1. */
  find(key: number): number {
    const keys = this.keys;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = keys[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  serialize(): Uint8Array[] {
    const json = Buffer.from(JSON.stringify({ ids: this.ids }), 'utf8');
    const pad = (4 - ((8 + json.length) % 4)) % 4;
    const head = Buffer.alloc(8);
    head.writeUInt32LE(SHARD_MAGIC, 0);
    head.writeUInt32LE(json.length, 4);
    const counts = Buffer.alloc(pad + 12);
    counts.writeUInt32LE(this.keys.length, pad);
    counts.writeUInt32LE(this.postings.length, pad + 4);
    counts.writeUInt32LE(this.ids.length, pad + 8);
    const view = (a: Uint32Array | Uint16Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    return [head, json, counts, view(this.keys), view(this.offsets), view(this.lens), view(this.postings)];
  }

  /** Parses a shard file; throws on any inconsistency (the owner then rebuilds). */
  static deserialize(buf: Buffer): Shard {
    if (buf.length < 20 || buf.readUInt32LE(0) !== SHARD_MAGIC) throw new Error('not a search shard');
    const jsonLen = buf.readUInt32LE(4);
    if (8 + jsonLen + 12 > buf.length) throw new Error('truncated search shard');
    const { ids } = JSON.parse(buf.toString('utf8', 8, 8 + jsonLen)) as { ids: string[] };
    let p = 8 + jsonLen;
    p += (4 - (p % 4)) % 4;
    const nKeys = buf.readUInt32LE(p);
    const nPost = buf.readUInt32LE(p + 4);
    const nDocs = buf.readUInt32LE(p + 8);
    p += 12;
    const expected = p + nKeys * 4 + (nKeys + 1) * 4 + nDocs * 4 + nPost * 2;
    if (!Array.isArray(ids) || ids.length !== nDocs || buf.length !== expected) throw new Error('truncated search shard');
    // Typed views need aligned offsets; a pooled Buffer may not be, then copy once.
    const bytes = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf);
    const base = bytes.byteOffset;
    const keys = new Uint32Array(bytes.buffer, base + p, nKeys);
    p += nKeys * 4;
    const offsets = new Uint32Array(bytes.buffer, base + p, nKeys + 1);
    p += (nKeys + 1) * 4;
    const lens = new Uint32Array(bytes.buffer, base + p, nDocs);
    p += nDocs * 4;
    const postings = new Uint16Array(bytes.buffer, base + p, nPost);
    if (offsets[nKeys] !== nPost) throw new Error('inconsistent search shard');
    return new Shard(ids, keys, offsets, postings, lens);
  }

  static load(file: string): Shard {
    return Shard.deserialize(readFileSync(file));
  }
}

/** Open-addressing map from 32-bit term key to a dense term number. */
class TermDict {
  private keys = new Uint32Array(1 << 16);
  private vals = new Int32Array(1 << 16).fill(-1);
  private mask = (1 << 16) - 1;
  size = 0;
  /** Term number of each dense id → its key. */
  keyOf = new Uint32Array(1 << 15);

  id(key: number): number {
    let i = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
    for (;;) {
      const v = this.vals[i]!;
      if (v < 0) break;
      if (this.keys[i] === key) return v;
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    this.keys[i] = key;
    this.vals[i] = id;
    if (id >= this.keyOf.length) {
      const k = new Uint32Array(this.keyOf.length * 2);
      k.set(this.keyOf);
      this.keyOf = k;
    }
    this.keyOf[id] = key;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    const cap = oldKeys.length * 2;
    this.keys = new Uint32Array(cap);
    this.vals = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    for (let j = 0; j < oldKeys.length; j++) {
      const v = oldVals[j]!;
      if (v < 0) continue;
      const key = oldKeys[j]!;
      let i = (Math.imul(key, 0x9e3779b1) >>> 0) & this.mask;
      while (this.vals[i]! >= 0) i = (i + 1) & this.mask;
      this.keys[i] = key;
      this.vals[i] = v;
    }
  }
}

/** Builds shards from documents added in order. Memory: ~4 bytes per distinct term of the open shard. */
export class SearchIndexBuilder {
  private readonly shardDocs: number;
  private readonly dict = new TermDict();
  /** Per term number: the last document (builder-wide counter) that had it; -1 never. */
  private lastDoc = new Int32Array(1 << 15).fill(-1);
  private docCounter = 0;
  private terms = new Uint32Array(1 << 20);
  private nTerms = 0;
  private ids: string[] = [];
  private lens: number[] = [];
  readonly shards: Shard[] = [];

  constructor(opts: { shardDocs?: number } = {}) {
    this.shardDocs = Math.min(opts.shardDocs ?? DEFAULT_SHARD_DOCS, 65536);
  }

  private readonly sink: KeySink = { buf: new Uint32Array(1 << 16), n: 0 };

  add(id: string, text: string): void {
    const doc = this.docCounter++;
    const start = this.nTerms;
    const body = text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text;
    const sink = this.sink;
    sink.n = 0;
    collectTermKeys(body, sink);
    const keys = sink.buf;
    const nk = sink.n;
    const dict = this.dict;
    // Room for every key of this document (distinct ones are fewer).
    if (this.nTerms + nk > this.terms.length) {
      const b = new Uint32Array(Math.max(this.terms.length * 2, this.nTerms + nk));
      b.set(this.terms.subarray(0, this.nTerms));
      this.terms = b;
    }
    const terms = this.terms;
    let nt = this.nTerms;
    for (let i = 0; i < nk; i++) {
      const t = dict.id(keys[i]!);
      let lastDoc = this.lastDoc;
      if (t >= lastDoc.length) {
        const l = new Int32Array(lastDoc.length * 2).fill(-1);
        l.set(lastDoc);
        this.lastDoc = lastDoc = l;
      }
      if (lastDoc[t] === doc) continue;
      lastDoc[t] = doc;
      terms[nt++] = t;
    }
    this.nTerms = nt;
    this.ids.push(id);
    this.lens.push(nt - start);
    if (this.ids.length >= this.shardDocs) this.flush();
    if (sink.buf.length > 1 << 22) sink.buf = new Uint32Array(1 << 16);
  }

  /** Closes the open shard (if any) and returns every shard built. */
  finish(): Shard[] {
    this.flush();
    return this.shards;
  }

  private flush(): void {
    const n = this.ids.length;
    if (n === 0) return;
    const total = this.nTerms;
    const terms = this.terms;
    // Distinct term numbers of this shard, sorted by key.
    const rank = new Int32Array(this.dict.size).fill(-1);
    const present: number[] = [];
    for (let i = 0; i < total; i++) {
      const t = terms[i]!;
      if (rank[t] === -1) {
        rank[t] = 0;
        present.push(t);
      }
    }
    const keys = new Uint32Array(present.length);
    for (let i = 0; i < present.length; i++) keys[i] = this.dict.keyOf[present[i]!]!;
    keys.sort();
    for (let i = 0; i < keys.length; i++) rank[this.dict.id(keys[i]!)] = i;
    // Counting sort of (term, doc) pairs by term rank; docs come in order so postings stay ascending.
    const offsets = new Uint32Array(keys.length + 1);
    for (let i = 0; i < total; i++) offsets[rank[terms[i]!]! + 1]!++;
    for (let i = 0; i < keys.length; i++) offsets[i + 1]! += offsets[i]!;
    const fill = offsets.slice(0, keys.length);
    const postings = new Uint16Array(total);
    let p = 0;
    for (let d = 0; d < n; d++) {
      const end = p + this.lens[d]!;
      for (; p < end; p++) postings[fill[rank[terms[p]!]!]!++] = d;
    }
    this.shards.push(new Shard(this.ids, keys, offsets, postings, Uint32Array.from(this.lens)));
    this.ids = [];
    this.lens = [];
    this.nTerms = 0;
    if (this.terms.length > 1 << 24) this.terms = new Uint32Array(1 << 20);
  }
}

export interface SearchHit {
  id: string;
  score: number;
  /** Query terms the document has, out of `terms` (the terms used: very common ones may be left out). */
  matched: number;
  terms: number;
}

export interface SearchQueryOptions {
  /** Maximum hits (default 20). */
  limit?: number;
  /** Keeps only documents for which it returns true (metadata filters). */
  filter?: (id: string) => boolean;
  /** 'all' (default): documents with every term first, then partial matches; 'any': rank by score only. */
  mode?: 'all' | 'any';
}

/** Binary search for `doc` in the ascending postings range [lo, hi). */
function hasPosting(postings: Uint16Array, lo: number, hi: number, doc: number): boolean {
  hi--;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = postings[mid]!;
    if (v < doc) lo = mid + 1;
    else if (v > doc) hi = mid - 1;
    else return true;
  }
  return false;
}

/** A set of shards plus tombstones (per shard, by local document number): what queries run against. */
export class SearchIndex {
  readonly dead: Uint8Array[];
  /** Live document id → shard * 65536 + local number (later shards shadow earlier ones). */
  private readonly loc = new Map<string, number>();
  private avgLenCache = -1;

  constructor(readonly shards: Shard[] = [], deleted: number[][] = []) {
    this.dead = shards.map((s, i) => {
      const d = new Uint8Array(s.size);
      for (const l of deleted[i] ?? []) if (l < s.size) d[l] = 1;
      return d;
    });
    shards.forEach((s, si) => s.ids.forEach((id, l) => {
      if (this.dead[si]![l]) return;
      const prev = this.loc.get(id);
      if (prev !== undefined) this.dead[prev >>> 16]![prev & 0xffff] = 1;
      this.loc.set(id, si * 65536 + l);
    }));
  }

  get liveDocs(): number {
    return this.loc.size;
  }

  has(id: string): boolean {
    return this.loc.has(id);
  }

  /** Tombstones per shard, for persistence. */
  deletedLists(): number[][] {
    return this.dead.map((d) => {
      const out: number[] = [];
      for (let i = 0; i < d.length; i++) if (d[i]) out.push(i);
      return out;
    });
  }

  /** Whether the tombstones are worth a rebuild (over a quarter of the documents, or many small shards). */
  get needsCompaction(): boolean {
    let n = 0;
    let small = 0;
    for (const s of this.shards) {
      n += s.size;
      if (s.size < DEFAULT_SHARD_DOCS / 8) small++;
    }
    return n - this.loc.size > n / 4 || small > 16;
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const at = this.loc.get(id);
      if (at === undefined) continue;
      this.dead[at >>> 16]![at & 0xffff] = 1;
      this.loc.delete(id);
    }
  }

  /** Adds (or replaces) documents, as new shard(s); returns the number of shards added. */
  add(docs: Iterable<{ id: string; text: string }>): number {
    const b = new SearchIndexBuilder();
    const ids: string[] = [];
    for (const d of docs) {
      ids.push(d.id);
      b.add(d.id, d.text);
    }
    this.remove(ids);
    return this.appendShards(b.finish());
  }

  appendShards(shards: Shard[]): number {
    for (const s of shards) {
      const si = this.shards.length;
      this.shards.push(s);
      this.dead.push(new Uint8Array(s.size));
      s.ids.forEach((id, l) => {
        const prev = this.loc.get(id);
        if (prev !== undefined) this.dead[prev >>> 16]![prev & 0xffff] = 1;
        this.loc.set(id, si * 65536 + l);
      });
    }
    this.avgLenCache = -1;
    return shards.length;
  }

  private avgLen(): number {
    if (this.avgLenCache < 0) {
      let total = 0;
      let docs = 0;
      for (const s of this.shards) {
        for (let d = 0; d < s.lens.length; d++) total += s.lens[d]!;
        docs += s.size;
      }
      this.avgLenCache = docs ? total / docs : 1;
    }
    return this.avgLenCache;
  }

  search(query: string, opts: SearchQueryOptions = {}): SearchHit[] {
    const limit = opts.limit ?? 20;
    const terms = queryTerms(query);
    if (terms.length === 0) return [];
    const keys = terms.map(termKey);
    const live = Math.max(1, this.liveDocs);
    // Document frequency over all shards (tombstones included: close enough for idf).
    const found: Int32Array[] = this.shards.map((s) => Int32Array.from(keys, (k) => s.find(k)));
    const df = new Float64Array(keys.length);
    this.shards.forEach((s, si) => {
      const f = found[si]!;
      for (let k = 0; k < keys.length; k++) if (f[k]! >= 0) df[k]! += s.offsets[f[k]! + 1]! - s.offsets[f[k]!]!;
    });
    const avgLen = this.avgLen();
    const idf = Array.from(df, (x) => Math.log(1 + (live - x + 0.5) / (x + 0.5)));
    // Very common terms (in over a quarter of the documents: "the", "的") carry almost no weight and cost
    // the longest postings: they are left out when at least two rarer terms remain.
    const used = new Uint8Array(keys.length);
    const rare = keys.map((_, k) => k).filter((k) => df[k]! <= live * COMMON_DF);
    if (rare.length >= 2) for (const k of rare) used[k] = 1;
    else used.fill(1);
    let usedTerms = 0;
    for (let k = 0; k < keys.length; k++) usedTerms += used[k]!;
    const k1 = 1.2;
    const b = 0.5;
    const all = (opts.mode ?? 'all') === 'all';
    // Top-k by rank (matched terms first in 'all' mode, then BM25 score) in a min-heap of typed arrays;
    // the metadata filter runs only for documents that would enter the heap.
    const cap = limit;
    const heapRank = new Float64Array(cap);
    const heapDoc = new Float64Array(cap);
    let size = 0;
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < size && heapRank[l]! < heapRank[m]!) m = l;
        if (r < size && heapRank[r]! < heapRank[m]!) m = r;
        if (m === i) return;
        [heapRank[i], heapRank[m]] = [heapRank[m]!, heapRank[i]!];
        [heapDoc[i], heapDoc[m]] = [heapDoc[m]!, heapDoc[i]!];
        i = m;
      }
    };
    const push = (rank: number, doc: number) => {
      if (size < cap) {
        let i = size++;
        heapRank[i] = rank;
        heapDoc[i] = doc;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (heapRank[p]! <= heapRank[i]!) break;
          [heapRank[i], heapRank[p]] = [heapRank[p]!, heapRank[i]!];
          [heapDoc[i], heapDoc[p]] = [heapDoc[p]!, heapDoc[i]!];
          i = p;
        }
      } else {
        heapRank[0] = rank;
        heapDoc[0] = doc;
        siftDown(0);
      }
    };
    const counts = new Uint8Array(DEFAULT_SHARD_DOCS);
    const scores = new Float32Array(DEFAULT_SHARD_DOCS);
    const touchedBuf = new Uint16Array(DEFAULT_SHARD_DOCS);
    for (let si = 0; si < this.shards.length; si++) {
      const s = this.shards[si]!;
      const f = found[si]!;
      const dead = this.dead[si]!;
      const big = s.size > counts.length;
      const cnt = big ? new Uint8Array(s.size) : counts;
      const sc = big ? new Float32Array(s.size) : scores;
      const touched = big ? new Uint16Array(s.size) : touchedBuf;
      let nTouched = 0;
      for (let k = 0; k < keys.length; k++) {
        const ti = f[k]!;
        if (ti < 0 || !used[k]) continue;
        const w = idf[k]!;
        for (let p = s.offsets[ti]!, e = s.offsets[ti + 1]!; p < e; p++) {
          const d = s.postings[p]!;
          if (cnt[d] === 0) {
            touched[nTouched++] = d;
            sc[d] = 0;
          }
          sc[d]! += w;
          if (cnt[d]! < 255) cnt[d]!++;
        }
      }
      for (let j = 0; j < nTouched; j++) {
        const d = touched[j]!;
        const c = cnt[d]!;
        cnt[d] = 0; // reset for the next shard as we go
        if (dead[d]) continue;
        const norm = (k1 + 1) / (1 + k1 * (1 - b + (b * s.lens[d]!) / avgLen));
        const rank = (all ? c * 1e6 : 0) + sc[d]! * norm;
        if (size === cap && rank <= heapRank[0]!) continue;
        if (opts.filter && !opts.filter(s.ids[d]!)) continue;
        push(rank, si * 65536 + d);
      }
    }
    const ranked: { hit: SearchHit; rank: number }[] = [];
    for (let i = 0; i < size; i++) {
      const at = heapDoc[i]!;
      const si = Math.floor(at / 65536);
      const d = at % 65536;
      const sh = this.shards[si]!;
      // Matched terms, recounted for the few hits (the per-shard arrays were reused).
      let m = 0;
      for (let k = 0; k < keys.length; k++) {
        const ti = found[si]![k]!;
        if (ti >= 0 && used[k] && hasPosting(sh.postings, sh.offsets[ti]!, sh.offsets[ti + 1]!, d)) m++;
      }
      const rank = heapRank[i]!;
      ranked.push({ hit: { id: sh.ids[d]!, score: all ? rank - Math.min(m, 255) * 1e6 : rank, matched: m, terms: usedTerms }, rank });
    }
    ranked.sort((x, y) => y.rank - x.rank || (x.hit.id < y.hit.id ? -1 : 1));
    return ranked.map((r) => r.hit);
  }
}
