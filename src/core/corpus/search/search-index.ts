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
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { collectTermKeys, termKey, type KeySink } from './tokenize';
import { parseSearchQuery, type ParsedQuery } from './query';
import { IdIndex } from './id-index';

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

  /** The postings of `key` (ascending local document numbers), or null when no document has it. */
  termPostings(key: number): Uint16Array | null {
    const ti = this.find(key);
    return ti < 0 ? null : this.postings.subarray(this.offsets[ti]!, this.offsets[ti + 1]!);
  }

  /** This shard with every array in memory (itself). */
  materialize(): Shard {
    return this;
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

/** Keys of a disk shard per block: one key in KEY_BLOCK is kept in memory, a block is one positional read. */
const KEY_BLOCK = 64;
/** Bytes of postings kept by the read cache shared by every disk shard (most recently used first out last). */
const POSTINGS_CACHE_BYTES = 32 << 20;
const postingsCache = new Map<number, Uint16Array | null>();
let postingsCacheBytes = 0;
let diskShardSerial = 0;
const closeFd = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    /* already closed */
  }
});

// Reused for every key block and offsets pair read (no allocation per term read: small buffers allocated and
// freed by the thousand leave the process's resident memory fragmented).
const scratchBlock = new Uint32Array(KEY_BLOCK);
const scratchBlockBytes = new Uint8Array(scratchBlock.buffer);
const scratchRange = new Uint32Array(2);
const scratchRangeBytes = new Uint8Array(scratchRange.buffer);

/** Reads exactly `into.byteLength` bytes at `pos` of `fd` (throws on a short file). */
function readAt(fd: number, into: Uint8Array, pos: number): void {
  let off = 0;
  while (off < into.byteLength) {
    const n = readSync(fd, into, off, into.byteLength - off, pos + off);
    if (n <= 0) throw new Error('truncated search shard');
    off += n;
  }
}

/**
 * A shard read from its file on demand (what an opened index holds): in memory only the document ids, the
 * distinct-term counts and one key in 64 (about 140 bytes a document all told, against ~4 KB for the whole
 * shard); a term's postings come from three positional reads (its key block, its two offsets, its postings),
 * the operating system's page cache and a small shared cache of recent postings. The file is never changed
 * (shards are only added or dropped), so reading it later is safe; it stays readable after a newer
 * generation unlinks it (POSIX), until this shard is collected.
 */
export class DiskShard {
  private readonly serial = ++diskShardSerial;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    readonly ids: string[],
    readonly lens: Uint32Array,
    /** keys[b * KEY_BLOCK] for every block b. */
    private readonly sample: Uint32Array,
    private readonly nKeys: number,
    private readonly keysAt: number,
    private readonly offsetsAt: number,
    private readonly postingsAt: number,
  ) {
    closeFd.register(this, fd);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Opens a shard file; throws on any inconsistency (the owner then rebuilds). */
  static open(file: string): DiskShard {
    const fd = openSync(file, 'r');
    try {
      const fileSize = fstatSync(fd).size;
      if (fileSize < 20) throw new Error('not a search shard');
      const head = Buffer.alloc(8);
      readAt(fd, head, 0);
      if (head.readUInt32LE(0) !== SHARD_MAGIC) throw new Error('not a search shard');
      const jsonLen = head.readUInt32LE(4);
      if (8 + jsonLen + 12 > fileSize) throw new Error('truncated search shard');
      const json = Buffer.alloc(jsonLen);
      readAt(fd, json, 8);
      const { ids } = JSON.parse(json.toString('utf8')) as { ids: string[] };
      let p = 8 + jsonLen;
      p += (4 - (p % 4)) % 4;
      const counts = Buffer.alloc(12);
      readAt(fd, counts, p);
      const nKeys = counts.readUInt32LE(0);
      const nPost = counts.readUInt32LE(4);
      const nDocs = counts.readUInt32LE(8);
      p += 12;
      const keysAt = p;
      const offsetsAt = keysAt + nKeys * 4;
      const lensAt = offsetsAt + (nKeys + 1) * 4;
      const postingsAt = lensAt + nDocs * 4;
      if (!Array.isArray(ids) || ids.length !== nDocs || fileSize !== postingsAt + nPost * 2) throw new Error('truncated search shard');
      const last = new Uint32Array(1);
      readAt(fd, new Uint8Array(last.buffer), offsetsAt + nKeys * 4);
      if (last[0] !== nPost) throw new Error('inconsistent search shard');
      const lens = new Uint32Array(nDocs);
      readAt(fd, new Uint8Array(lens.buffer), lensAt);
      // One key in KEY_BLOCK, read in chunks of the key section.
      const sample = new Uint32Array(Math.ceil(nKeys / KEY_BLOCK));
      const chunkKeys = KEY_BLOCK * 4096;
      const chunk = new Uint32Array(chunkKeys);
      for (let k = 0; k < nKeys; k += chunkKeys) {
        const n = Math.min(chunkKeys, nKeys - k);
        readAt(fd, new Uint8Array(chunk.buffer, 0, n * 4), keysAt + k * 4);
        for (let i = 0; i < n; i += KEY_BLOCK) sample[(k + i) / KEY_BLOCK] = chunk[i]!;
      }
      return new DiskShard(file, fd, ids, lens, sample, nKeys, keysAt, offsetsAt, postingsAt);
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** The postings of `key` (ascending local document numbers), or null when no document has it. */
  termPostings(key: number): Uint16Array | null {
    const ck = this.serial * 0x100000000 + key;
    const hit = postingsCache.get(ck);
    if (hit !== undefined) {
      postingsCache.delete(ck);
      postingsCache.set(ck, hit);
      return hit;
    }
    const list = this.readPostings(key);
    postingsCache.set(ck, list);
    postingsCacheBytes += (list?.byteLength ?? 0) + 64;
    while (postingsCacheBytes > POSTINGS_CACHE_BYTES) {
      const first = postingsCache.entries().next().value as [number, Uint16Array | null];
      postingsCache.delete(first[0]);
      postingsCacheBytes -= (first[1]?.byteLength ?? 0) + 64;
    }
    return list;
  }

  private readPostings(key: number): Uint16Array | null {
    const sample = this.sample;
    // The last block whose first key is <= key.
    let lo = 0;
    let hi = sample.length - 1;
    let b = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (sample[mid]! <= key) {
        b = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (b < 0) return null;
    const first = b * KEY_BLOCK;
    const n = Math.min(KEY_BLOCK, this.nKeys - first);
    const block = scratchBlock;
    readAt(this.fd, scratchBlockBytes.subarray(0, n * 4), this.keysAt + first * 4);
    lo = 0;
    hi = n - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = block[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else {
        at = first + mid;
        break;
      }
    }
    if (at < 0) return null;
    const range = scratchRange;
    readAt(this.fd, scratchRangeBytes, this.offsetsAt + at * 4);
    const len = range[1]! - range[0]!;
    const list = new Uint16Array(len);
    if (len) readAt(this.fd, new Uint8Array(list.buffer), this.postingsAt + range[0]! * 2);
    return list;
  }

  /** The whole shard in memory (for merging). */
  materialize(): Shard {
    return Shard.load(this.file);
  }

  serialize(): Uint8Array[] {
    return this.materialize().serialize();
  }
}

/** A shard as queries see it: in memory (just built) or read from its file. */
export type SearchShard = Shard | DiskShard;

/**
 * The distinct term keys of a document, in first-seen order (what a shard stores of it): its term keys into a
 * reused buffer, then through a small document-local hash set (cache-resident). One per thread: the analysis
 * workers compute them so the shard build on the main thread only appends them.
 */
export class DistinctKeys {
  private readonly sink: KeySink = { buf: new Uint32Array(1 << 16), n: 0 };
  // Document-local distinct-key set: open addressing, slots valid when stamp === current document.
  private setKeys = new Uint32Array(1 << 13);
  private setStamp = new Int32Array(1 << 13);
  private stamp = 0;
  private out = new Uint32Array(1 << 14);

  /** The distinct keys of `text` (its first MAX_INDEXED_CHARS), as a view into a buffer reused by the next call. */
  of(text: string): Uint32Array {
    const body = text.length > MAX_INDEXED_CHARS ? text.slice(0, MAX_INDEXED_CHARS) : text;
    const sink = this.sink;
    sink.n = 0;
    collectTermKeys(body, sink);
    const keys = sink.buf;
    const nk = sink.n;
    // The set holds at most nk keys: keep it under half full.
    if (this.setKeys.length < nk * 2) {
      let cap = this.setKeys.length;
      while (cap < nk * 2) cap *= 2;
      this.setKeys = new Uint32Array(cap);
      this.setStamp = new Int32Array(cap);
      this.stamp = 0;
    }
    if (this.out.length < nk) this.out = new Uint32Array(Math.max(nk, this.out.length * 2));
    const setKeys = this.setKeys;
    const setStamp = this.setStamp;
    const out = this.out;
    const mask = setKeys.length - 1;
    const stamp = ++this.stamp;
    let n = 0;
    for (let i = 0; i < nk; i++) {
      const key = keys[i]!;
      let h = key & mask;
      for (;;) {
        if (setStamp[h] !== stamp) {
          setStamp[h] = stamp;
          setKeys[h] = key;
          out[n++] = key;
          break;
        }
        if (setKeys[h] === key) break;
        h = (h + 1) & mask;
      }
    }
    if (stamp > 0x7ffffff0) {
      this.setStamp.fill(0);
      this.stamp = 0;
    }
    if (sink.buf.length > 1 << 22) sink.buf = new Uint32Array(1 << 16);
    const view = out.subarray(0, n);
    if (out.length > 1 << 22) this.out = new Uint32Array(1 << 14);
    return view;
  }
}

/**
 * Builds shards from documents added in order. Per document: its distinct term keys (DistinctKeys, here or
 * given by the caller) appended to the open shard's key chunks (fixed-size blocks reused from shard to shard:
 * no growing copies, and no fresh memory to fault in after the first shard); a pair's local document number
 * is not stored but follows from the documents' key counts. Per shard: one stable scatter of the (key,
 * document) pairs by the key's top 11 bits, then each of those 2,048 buckets (a few thousand pairs, cache
 * resident) sorted stably by its low 21 bits (two counting passes, or insertion for small buckets), then one
 * scan yields the sorted keys, offsets and postings (documents stay ascending within a key because every step
 * is stable). No global term dictionary, so no random access into a table of millions of terms. Transient
 * memory: ~10 bytes per (term, document) pair of the open shard.
 */
export class SearchIndexBuilder {
  private readonly shardDocs: number;
  /** Key chunks of the open shard (full ones, then the one being filled), and spare ones for the next shard. */
  private chunks: Uint32Array[] = [];
  private spare: Uint32Array[] = [];
  /** Pairs in the last chunk. */
  private used = 0;
  private ids: string[] = [];
  private lens: number[] = [];
  private readonly scratch: ShardSortScratch = { keys: new Uint32Array(0), docs: new Uint16Array(0) };
  readonly shards: SearchShard[] = [];
  private distinct: DistinctKeys | undefined;
  private readonly persist: ((shard: Shard) => SearchShard) | undefined;
  private readonly close: ((parts: ShardParts) => Promise<SearchShard>) | undefined;
  /** Shards being closed by `close`, in order. */
  private pending: Promise<SearchShard>[] = [];
  /** Set by finishAsync: chunks coming back are no longer kept. */
  private finished = false;
  /** Spare chunks kept: the most one shard has used so far. */
  private maxSpare = 0;

  /**
   * `persist`: called with each shard as it is closed, returns what to keep of it (its file, opened: a
   * DiskShard), so a build holds one open shard in memory whatever the corpus size. `close`: closes a shard
   * elsewhere (a worker thread sorts and writes it: index/shard-pool.ts) and gives what to keep of it; the
   * builder then goes on at once, and `finishAsync` waits for them.
   */
  constructor(opts: { shardDocs?: number; persist?: (shard: Shard) => SearchShard; close?: (parts: ShardParts) => Promise<SearchShard> } = {}) {
    this.shardDocs = Math.min(opts.shardDocs ?? DEFAULT_SHARD_DOCS, 65536);
    this.persist = opts.persist;
    this.close = opts.close;
  }

  add(id: string, text: string): void {
    this.distinct ??= new DistinctKeys();
    this.addKeys(id, this.distinct.of(text));
  }

  /** Adds a document by its distinct term keys (`DistinctKeys.of` of its text). */
  addKeys(id: string, keys: Uint32Array): void {
    const nk = keys.length;
    let from = 0;
    while (from < nk) {
      let chunk = this.chunks[this.chunks.length - 1];
      if (!chunk || this.used === chunk.length) {
        chunk = this.spare.pop() ?? new Uint32Array(PAIR_CHUNK);
        this.chunks.push(chunk);
        this.used = 0;
      }
      const take = Math.min(nk - from, chunk.length - this.used);
      chunk.set(take === nk ? keys : keys.subarray(from, from + take), this.used);
      this.used += take;
      from += take;
    }
    this.ids.push(id);
    this.lens.push(nk);
    if (this.ids.length >= this.shardDocs) this.flush();
  }

  /** Takes back key chunks of a shard closed elsewhere, for the next shards to fill (at most a shard's worth is kept). */
  recycle(chunks: Uint32Array[]): void {
    if (this.finished) return;
    for (const c of chunks) if (c.length === PAIR_CHUNK && this.spare.length < this.maxSpare) this.spare.push(c);
  }

  /** Closes the open shard (if any) and returns every shard built (without `close`). */
  finish(): SearchShard[] {
    if (this.close) throw new Error('SearchIndexBuilder with close: use finishAsync');
    this.flush();
    // The buffers (hundreds of MB for a full shard) are not kept once the shards are closed.
    this.chunks = [];
    this.spare = [];
    this.scratch.keys = new Uint32Array(0);
    this.scratch.docs = new Uint16Array(0);
    return this.shards;
  }

  /** Closes the open shard (if any) and returns every shard built, once those being closed elsewhere are. */
  async finishAsync(): Promise<SearchShard[]> {
    if (!this.close) return this.finish();
    this.flush();
    this.finished = true;
    this.chunks = [];
    this.spare = [];
    const pending = this.pending;
    this.pending = [];
    this.shards.push(...(await Promise.all(pending)));
    return this.shards;
  }

  private flush(): void {
    if (this.ids.length === 0) return;
    const parts: ShardParts = { ids: this.ids, chunks: this.chunks, used: this.used, lens: Uint32Array.from(this.lens) };
    this.maxSpare = Math.max(this.maxSpare, this.chunks.length);
    this.ids = [];
    this.lens = [];
    this.chunks = [];
    this.used = 0;
    if (this.close) {
      // The chunks go with the shard (moved to the worker); they come back through recycle().
      const p = this.close(parts);
      p.catch(() => undefined); // seen by finishAsync; never an unhandled rejection meanwhile
      this.pending.push(p);
      return;
    }
    const shard = buildShard(parts, this.scratch);
    this.shards.push(this.persist ? this.persist(shard) : shard);
    this.spare.push(...parts.chunks);
  }
}

/** An open shard as the builder hands it over: document ids, key chunks (the last holds `used` keys), key counts. */
export interface ShardParts {
  ids: string[];
  chunks: Uint32Array[];
  used: number;
  lens: Uint32Array;
}

/** Sort buffers reused from shard to shard (they grow to the largest shard). */
export interface ShardSortScratch {
  keys: Uint32Array;
  docs: Uint16Array;
}

/**
 * The shard of an open shard's parts: one stable scatter of the (key, document) pairs by the key's top 11
 * bits, then each bucket sorted stably by its low 21 bits, then one scan for the sorted keys, offsets and
 * postings (see SearchIndexBuilder). The chunks are left as they were. With `view`, the shard's postings are a
 * view of `scratch` (no copy): the shard must be used (written) before `scratch` sorts another one.
 */
export function buildShard(parts: ShardParts, scratch: ShardSortScratch = { keys: new Uint32Array(0), docs: new Uint16Array(0) }, view = false): Shard {
  const { chunks, used, lens } = parts;
  let total = 0;
  for (let i = 0; i < lens.length; i++) total += lens[i]!;
  const last = chunks.length - 1;
  const chunkLen = (c: number) => (c === last ? used : chunks[c]!.length);
  if (scratch.keys.length < total) {
    // Room for this shard and some more (the next ones are about as big), not reallocated for each shard.
    const cap = Math.ceil((total * 1.25) / PAIR_CHUNK) * PAIR_CHUNK;
    scratch.keys = new Uint32Array(cap);
    scratch.docs = new Uint16Array(cap);
  }
  const keys = scratch.keys;
  const docs = scratch.docs;
  // Stable scatter by the top bits; the document of each pair follows from the key counts.
  const start = new Uint32Array(TOP_BUCKETS + 1);
  for (let c = 0; c <= last; c++) {
    const ch = chunks[c]!;
    for (let i = 0, e = chunkLen(c); i < e; i++) start[(ch[i]! >>> LOW_BITS) + 1]!++;
  }
  for (let b = 0; b < TOP_BUCKETS; b++) start[b + 1]! += start[b]!;
  const at = start.slice(0, TOP_BUCKETS);
  let doc = 0;
  let left = lens.length ? lens[0]! : 0;
  for (let c = 0; c <= last; c++) {
    const ch = chunks[c]!;
    for (let i = 0, e = chunkLen(c); i < e; i++) {
      while (left === 0) left = lens[++doc]!;
      left--;
      const k = ch[i]!;
      const p = at[k >>> LOW_BITS]!++;
      keys[p] = k;
      docs[p] = doc;
    }
  }
  // Each bucket by its low bits, stably.
  let maxBucket = 0;
  for (let b = 0; b < TOP_BUCKETS; b++) maxBucket = Math.max(maxBucket, start[b + 1]! - start[b]!);
  const tmpKeys = new Uint32Array(maxBucket);
  const tmpDocs = new Uint16Array(maxBucket);
  const hist = new Uint32Array(2048);
  for (let b = 0; b < TOP_BUCKETS; b++) {
    const s = start[b]!;
    const e = start[b + 1]!;
    if (e - s < 2) continue;
    if (e - s <= 48) {
      // Insertion sort (stable: an element moves only past strictly greater keys).
      for (let i = s + 1; i < e; i++) {
        const k = keys[i]!;
        const d = docs[i]!;
        let j = i - 1;
        while (j >= s && keys[j]! > k) {
          keys[j + 1] = keys[j]!;
          docs[j + 1] = docs[j]!;
          j--;
        }
        keys[j + 1] = k;
        docs[j + 1] = d;
      }
      continue;
    }
    // Bits 0..10 into tmp, then bits 11..20 back.
    hist.fill(0);
    for (let i = s; i < e; i++) hist[keys[i]! & 2047]!++;
    let sum = 0;
    for (let v = 0; v < 2048; v++) {
      const c = hist[v]!;
      hist[v] = sum;
      sum += c;
    }
    for (let i = s; i < e; i++) {
      const k = keys[i]!;
      const p = hist[k & 2047]!++;
      tmpKeys[p] = k;
      tmpDocs[p] = docs[i]!;
    }
    hist.fill(0, 0, 1024);
    const m = e - s;
    for (let i = 0; i < m; i++) hist[(tmpKeys[i]! >>> 11) & 1023]!++;
    sum = s;
    for (let v = 0; v < 1024; v++) {
      const c = hist[v]!;
      hist[v] = sum;
      sum += c;
    }
    for (let i = 0; i < m; i++) {
      const k = tmpKeys[i]!;
      const p = hist[(k >>> 11) & 1023]!++;
      keys[p] = k;
      docs[p] = tmpDocs[i]!;
    }
  }
  let distinct = 0;
  for (let i = 0; i < total; i++) if (i === 0 || keys[i] !== keys[i - 1]) distinct++;
  const outKeys = new Uint32Array(distinct);
  const offsets = new Uint32Array(distinct + 1);
  let t = -1;
  for (let i = 0; i < total; i++) {
    if (i === 0 || keys[i] !== keys[i - 1]) {
      t++;
      outKeys[t] = keys[i]!;
      offsets[t] = i;
    }
  }
  offsets[distinct] = total;
  return new Shard(parts.ids, outKeys, offsets, view ? docs.subarray(0, total) : docs.slice(0, total), lens);
}

/** Keys per chunk of the open shard (4 MB). */
const PAIR_CHUNK = 1 << 20;
/** The shard sort's first scatter: by the top 11 bits of a key; the buckets are then sorted by the low 21. */
const LOW_BITS = 21;
const TOP_BUCKETS = 1 << (32 - LOW_BITS);

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
  /**
   * 'all' mode: when `limit` documents hold every unit, only those are scored (found by intersecting from
   * each shard's shortest list): documents missing a unit rank below them whatever their score, so the
   * answer is the same. Default true; false scores every document holding any unit (for comparison).
   */
  prune?: boolean;
}

/**
 * Merges shards into one from their postings alone (no text needed), dropping tombstoned documents.
 * The live documents of all parts must fit in one shard (≤ 65,536).
 */
export function mergeShards(given: { shard: SearchShard; dead: Uint8Array }[]): Shard {
  const ids: string[] = [];
  const lens: number[] = [];
  const parts = given.map(({ shard, dead }) => ({ shard: shard.materialize(), dead }));
  const renumber = parts.map(({ shard, dead }) => {
    const map = new Int32Array(shard.size).fill(-1);
    for (let d = 0; d < shard.size; d++) {
      if (dead[d]) continue;
      map[d] = ids.length;
      ids.push(shard.ids[d]!);
      lens.push(shard.lens[d]!);
    }
    return map;
  });
  if (ids.length > 65536) throw new RangeError('merged shard would exceed 65,536 documents');
  const byKey = new Map<number, number[]>();
  parts.forEach(({ shard }, pi) => {
    const map = renumber[pi]!;
    for (let i = 0; i < shard.keys.length; i++) {
      let list: number[] | undefined;
      for (let p = shard.offsets[i]!, e = shard.offsets[i + 1]!; p < e; p++) {
        const nd = map[shard.postings[p]!]!;
        if (nd < 0) continue;
        if (!list) {
          const key = shard.keys[i]!;
          list = byKey.get(key);
          if (!list) byKey.set(key, (list = []));
        }
        list.push(nd);
      }
    }
  });
  const keys = Uint32Array.from(byKey.keys()).sort();
  const offsets = new Uint32Array(keys.length + 1);
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    total += byKey.get(keys[i]!)!.length;
    offsets[i + 1] = total;
  }
  const postings = new Uint16Array(total);
  for (let i = 0; i < keys.length; i++) postings.set(byKey.get(keys[i]!)!, offsets[i]!);
  return new Shard(ids, keys, offsets, postings, Uint32Array.from(lens));
}

/**
 * Whether ascending `list` holds `doc`, moving `cur[i]` (all postings before it are < the docs asked before)
 * to the first posting ≥ doc: galloping from the cursor, then a binary search in the last step. Asked for
 * ascending docs, a list is walked once: O(its length) at worst, O(log) a doc when it is much longer.
 */
function seekPosting(list: Uint16Array, cur: Int32Array, i: number, doc: number): boolean {
  const n = list.length;
  let lo = cur[i]!;
  if (lo >= n) return false;
  if (list[lo]! >= doc) return list[lo] === doc;
  let step = 1;
  let hi = lo + 1;
  while (hi < n && list[hi]! < doc) {
    lo = hi;
    step *= 2;
    hi = lo + step;
  }
  if (hi > n) hi = n;
  let a = lo + 1;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (list[m]! < doc) a = m + 1;
    else b = m;
  }
  cur[i] = a;
  return a < n && list[a] === doc;
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

/**
 * The documents of a shard holding every one of `keys` (ascending local numbers), or null when none: one
 * key is its postings as they are; more are intersected starting from the shortest list.
 */
function unitPostings(s: SearchShard, keys: number[]): Uint16Array | null {
  const lists: Uint16Array[] = [];
  for (const k of keys) {
    const l = s.termPostings(k);
    if (!l) return null;
    lists.push(l);
  }
  lists.sort((a, b) => a.length - b.length);
  const first = lists[0]!;
  if (lists.length === 1) return first;
  const out = new Uint16Array(first.length);
  let n = 0;
  for (let p = 0; p < first.length; p++) {
    const d = first[p]!;
    let all = true;
    for (let r = 1; r < lists.length && all; r++) all = hasPosting(lists[r]!, 0, lists[r]!.length, d);
    if (all) out[n++] = d;
  }
  return n ? out.subarray(0, n) : null;
}

/** A set of shards plus tombstones (per shard, by local document number): what queries run against. */
export class SearchIndex {
  readonly dead: Uint8Array[];
  /**
   * Live document id → shard * 65536 + local number (later shards shadow earlier ones): a compact table whose
   * keys are the shards' own ids (id-index.ts), ~8 bytes a document instead of a Map's ~90.
   */
  private readonly loc: IdIndex;
  private avgLenCache = -1;

  constructor(readonly shards: SearchShard[] = [], deleted: number[][] = []) {
    let total = 0;
    for (const s of shards) total += s.size;
    this.loc = new IdIndex((at) => this.shards[at >>> 16]!.ids[at & 0xffff]!, total);
    this.dead = shards.map((s, i) => {
      const d = new Uint8Array(s.size);
      for (const l of deleted[i] ?? []) if (l < s.size) d[l] = 1;
      return d;
    });
    shards.forEach((s, si) => s.ids.forEach((id, l) => {
      if (this.dead[si]![l]) return;
      const prev = this.loc.get(id);
      if (prev >= 0) this.dead[prev >>> 16]![prev & 0xffff] = 1;
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

  /**
   * Rewrites the shard list without rebuilding from text: consecutive shards are merged while their live
   * documents fit in one shard, fully dead shards disappear. Returns true when anything changed.
   */
  compact(): boolean {
    const groups: { shard: SearchShard; dead: Uint8Array }[][] = [];
    let cur: { shard: SearchShard; dead: Uint8Array }[] = [];
    let curLive = 0;
    this.shards.forEach((shard, i) => {
      const dead = this.dead[i]!;
      let live = 0;
      for (let d = 0; d < shard.size; d++) if (!dead[d]) live++;
      if (live === 0) return;
      if (curLive + live > DEFAULT_SHARD_DOCS && cur.length) {
        groups.push(cur);
        cur = [];
        curLive = 0;
      }
      cur.push({ shard, dead });
      curLive += live;
    });
    if (cur.length) groups.push(cur);
    const merged = groups.map((g) => (g.length === 1 && !g[0]!.dead.includes(1) ? g[0]!.shard : mergeShards(g)));
    const changed = merged.length !== this.shards.length || merged.some((m, i) => m !== this.shards[i]);
    if (!changed) return false;
    this.shards.length = 0;
    this.dead.length = 0;
    this.loc.clear();
    this.appendShards(merged);
    return true;
  }

  remove(ids: Iterable<string>): void {
    for (const id of ids) {
      const at = this.loc.get(id);
      if (at < 0) continue;
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

  /** Adds (or replaces) the documents of shards built elsewhere (SearchIndexBuilder); returns their number. */
  addShards(shards: SearchShard[]): number {
    for (const s of shards) this.remove(s.ids);
    return this.appendShards(shards);
  }

  appendShards(shards: SearchShard[]): number {
    for (const s of shards) {
      const si = this.shards.length;
      this.shards.push(s);
      this.dead.push(new Uint8Array(s.size));
      s.ids.forEach((id, l) => {
        const prev = this.loc.get(id);
        if (prev >= 0) this.dead[prev >>> 16]![prev & 0xffff] = 1;
        this.loc.set(id, si * 65536 + l);
      });
    }
    this.avgLenCache = -1;
    return shards.length;
  }

  /** Puts `shard` (the same documents, e.g. the shard at `i` once written and opened from its file) in place of shard `i`. */
  replaceShard(i: number, shard: SearchShard): void {
    const old = this.shards[i];
    if (!old || old.size !== shard.size || old.ids.some((id, l) => shard.ids[l] !== id)) throw new Error('a replacement shard must hold the same documents');
    this.shards[i] = shard;
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

  /**
   * Ranks documents for a query (a string, parsed by query.ts, or parsed already): in 'all' mode the
   * documents holding every unit (word, Chinese word, phrase) first, then by BM25 over the units and the
   * bonus terms (pairs of adjacent words or characters).
   */
  search(query: string | ParsedQuery, opts: SearchQueryOptions = {}): SearchHit[] {
    const limit = opts.limit ?? 20;
    const parsed = typeof query === 'string' ? parseSearchQuery(query) : query;
    if (parsed.units.length === 0) return [];
    const unitKeys = parsed.units.map((u) => u.terms.map(termKey));
    const bonusKeys = parsed.bonus.map(termKey);
    const live = Math.max(1, this.liveDocs);
    // Per shard and unit: the documents holding every term of the unit (null: none).
    const lists: (Uint16Array | null)[][] = this.shards.map((s) => unitKeys.map((ks) => unitPostings(s, ks)));
    const bonusAt: (Uint16Array | null)[][] = this.shards.map((s) => bonusKeys.map((k) => s.termPostings(k)));
    // Document frequency over all shards (tombstones included: close enough for idf).
    const df = new Float64Array(unitKeys.length);
    for (const l of lists) for (let k = 0; k < unitKeys.length; k++) df[k]! += l[k]?.length ?? 0;
    const bonusDf = new Float64Array(bonusKeys.length);
    for (const f of bonusAt) for (let k = 0; k < bonusKeys.length; k++) bonusDf[k]! += f[k]?.length ?? 0;
    const keys = unitKeys;
    const avgLen = this.avgLen();
    const idfOf = (x: number) => Math.log(1 + (live - x + 0.5) / (x + 0.5));
    const idf = Array.from(df, idfOf);
    const bonusIdf = Array.from(bonusDf, idfOf);
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
    // Equal ranks: the earlier document (shard, then local number) is kept, whatever order they came in.
    const worse = (i: number, j: number) => heapRank[i]! < heapRank[j]! || (heapRank[i] === heapRank[j] && heapDoc[i]! > heapDoc[j]!);
    const beats = (rank: number, at: number) => rank > heapRank[0]! || (rank === heapRank[0] && at < heapDoc[0]!);
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < size && worse(l, m)) m = l;
        if (r < size && worse(r, m)) m = r;
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
          if (!worse(i, p)) break;
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
    const fullC = Math.min(usedTerms, 255) * 1e6;
    if (all && usedTerms > 0 && opts.prune !== false) {
      // Documents holding every used unit first: if they fill the heap, nobody else can enter it.
      const bonusOn = bonusKeys.map((_, k) => !(rare.length >= 2 && bonusDf[k]! > live * COMMON_DF));
      for (let si = 0; si < this.shards.length; si++) {
        const f = lists[si]!;
        const mine: { list: Uint16Array; k: number }[] = [];
        let none = false;
        for (let k = 0; k < keys.length; k++) {
          if (!used[k]) continue;
          const list = f[k];
          if (!list) {
            none = true;
            break;
          }
          mine.push({ list, k });
        }
        if (none) continue;
        let shortest = 0;
        for (let i = 1; i < mine.length; i++) if (mine[i]!.list.length < mine[shortest]!.list.length) shortest = i;
        const drive = mine[shortest]!.list;
        const s = this.shards[si]!;
        const dead = this.dead[si]!;
        const bf = bonusAt[si]!;
        // Every other list is walked once, forward, galloping from a cursor (the drive is ascending).
        const cur = new Int32Array(mine.length);
        const bcur = new Int32Array(bonusKeys.length);
        for (let p = 0; p < drive.length; p++) {
          const d = drive[p]!;
          let every = true;
          for (let i = 0; i < mine.length && every; i++) if (i !== shortest) every = seekPosting(mine[i]!.list, cur, i, d);
          if (!every || dead[d]) continue;
          // The score as the full pass sums it: units in order, then bonus terms, in single precision.
          let sc = 0;
          for (const m of mine) sc = Math.fround(sc + idf[m.k]!);
          for (let k = 0; k < bonusKeys.length; k++) {
            const list = bf[k];
            if (list && bonusOn[k] && seekPosting(list, bcur, k, d)) sc = Math.fround(sc + bonusIdf[k]!);
          }
          const norm = (k1 + 1) / (1 + k1 * (1 - b + (b * s.lens[d]!) / avgLen));
          const rank = fullC + sc * norm;
          if (size === cap && !beats(rank, si * 65536 + d)) continue;
          if (opts.filter && !opts.filter(s.ids[d]!)) continue;
          push(rank, si * 65536 + d);
        }
      }
      // Not enough: every document holding any unit is ranked below (the heap starts again).
      if (size < cap) size = 0;
    }
    const counts = new Uint8Array(DEFAULT_SHARD_DOCS);
    const scores = new Float32Array(DEFAULT_SHARD_DOCS);
    const touchedBuf = new Uint16Array(DEFAULT_SHARD_DOCS);
    const pruned = all && usedTerms > 0 && opts.prune !== false && size === cap;
    for (let si = 0; si < this.shards.length && !pruned; si++) {
      const s = this.shards[si]!;
      const f = lists[si]!;
      const dead = this.dead[si]!;
      const big = s.size > counts.length;
      const cnt = big ? new Uint8Array(s.size) : counts;
      const sc = big ? new Float32Array(s.size) : scores;
      const touched = big ? new Uint16Array(s.size) : touchedBuf;
      let nTouched = 0;
      for (let k = 0; k < keys.length; k++) {
        const list = f[k];
        if (!list || !used[k]) continue;
        const w = idf[k]!;
        for (let p = 0; p < list.length; p++) {
          const d = list[p]!;
          if (cnt[d] === 0) {
            touched[nTouched++] = d;
            sc[d] = 0;
          }
          sc[d]! += w;
          if (cnt[d]! < 255) cnt[d]!++;
        }
      }
      // Bonus terms add to documents that match a unit, never bring in others.
      const bf = bonusAt[si]!;
      for (let k = 0; k < bonusKeys.length; k++) {
        const list = bf[k];
        // Common pairs ("of the", "的是") weigh little and cost the longest postings: left out like common units.
        if (!list || (rare.length >= 2 && bonusDf[k]! > live * COMMON_DF)) continue;
        const w = bonusIdf[k]!;
        for (let p = 0; p < list.length; p++) {
          const d = list[p]!;
          if (cnt[d]! > 0) sc[d]! += w;
        }
      }
      for (let j = 0; j < nTouched; j++) {
        const d = touched[j]!;
        const c = cnt[d]!;
        cnt[d] = 0; // reset for the next shard as we go
        if (dead[d]) continue;
        const norm = (k1 + 1) / (1 + k1 * (1 - b + (b * s.lens[d]!) / avgLen));
        const rank = (all ? c * 1e6 : 0) + sc[d]! * norm;
        if (size === cap && !beats(rank, si * 65536 + d)) continue;
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
        const list = lists[si]![k];
        if (list && used[k] && hasPosting(list, 0, list.length, d)) m++;
      }
      const rank = heapRank[i]!;
      ranked.push({ hit: { id: sh.ids[d]!, score: all ? rank - Math.min(m, 255) * 1e6 : rank, matched: m, terms: usedTerms }, rank });
    }
    ranked.sort((x, y) => y.rank - x.rank || (x.hit.id < y.hit.id ? -1 : 1));
    return ranked.map((r) => r.hit);
  }
}
