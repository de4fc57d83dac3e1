// Where a DedupIndex keeps its documents' fingerprints (lsh.ts): not in the JavaScript heap as objects (a
// sketch holds up to 1,024 ranks, 4 KB a document: 4 GB at a million), but as binary records, the same bytes
// as a document's record in the index's signature file (dedup-file.ts):
//
//   u32 idBytes, id (UTF-8), u32 shaBytes, sha256 (its hex, UTF-8), u32 shingles, u32 rankCount, u32 passageCount,
//   padding to 8, f64 limit, u32 × sigLen signature, u32 × rankCount ranks, padding to 8, f64 × passageCount
//   passage hashes, u32 × passageCount passage shingles, padding to 8 (padding counted from the record's start).
//
// Records come from three places: a signature file on disk (an index loaded from `.curator/`), chunks in memory
// (documents added since), and a spill file that the chunks go to once they pass a memory budget (a big build),
// so the memory a build holds for its fingerprints stays bounded whatever the corpus size. A record is read back
// (and decoded) when the clustering needs it; a small cache keeps the last ones decoded.
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinHashSignature, ShingleSketch } from './minhash';

/** A document's fingerprint (as lsh.ts DedupFingerprint; repeated here so that this file stands alone). */
export interface StoredFingerprint {
  sig: MinHashSignature;
  sketch: ShingleSketch;
  passages: number[];
  passageShingles: number[];
}

export interface StoredRecord {
  id: string;
  sha256: string;
  fp: StoredFingerprint;
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/** Bytes of a record. */
export function recordSize(idBytes: number, shaBytes: number, sigLen: number, ranks: number, passages: number): number {
  const a = 4 + idBytes + 4 + shaBytes + 12;
  const size = a + pad8(a) + 8 + sigLen * 4 + ranks * 4;
  const b = size + pad8(size) + passages * 12;
  return b + pad8(b);
}

/** Writes a record at `at` (8-aligned in `buf`'s own numbering) and returns its size. */
export function encodeRecord(buf: Buffer, at: number, id: string, sha256: string, fp: StoredFingerprint, sigLen: number): number {
  if (fp.sig.sig.length !== sigLen) throw new Error(`document ${id} has a signature of ${fp.sig.sig.length} hashes`);
  let p = at;
  const idLen = buf.write(id, p + 4, 'utf8');
  buf.writeUInt32LE(idLen, p);
  p += 4 + idLen;
  const shaLen = buf.write(sha256, p + 4, 'utf8');
  buf.writeUInt32LE(shaLen, p);
  p += 4 + shaLen;
  buf.writeUInt32LE(fp.sig.shingles, p);
  buf.writeUInt32LE(fp.sketch.ranks.length, p + 4);
  buf.writeUInt32LE(fp.passages.length, p + 8);
  p += 12;
  p += pad8(p - at);
  buf.writeDoubleLE(fp.sketch.limit, p);
  p += 8;
  Buffer.from(fp.sig.sig.buffer, fp.sig.sig.byteOffset, fp.sig.sig.byteLength).copy(buf, p);
  p += sigLen * 4;
  Buffer.from(fp.sketch.ranks.buffer, fp.sketch.ranks.byteOffset, fp.sketch.ranks.byteLength).copy(buf, p);
  p += fp.sketch.ranks.byteLength;
  p += pad8(p - at);
  for (const h of fp.passages) {
    buf.writeDoubleLE(h, p);
    p += 8;
  }
  for (const n of fp.passageShingles) {
    buf.writeUInt32LE(n, p);
    p += 4;
  }
  p += pad8(p - at);
  return p - at;
}

/** The size of an encoded record. */
export function encodedSize(id: string, sha256: string, fp: StoredFingerprint, sigLen: number): number {
  return recordSize(Buffer.byteLength(id, 'utf8'), Buffer.byteLength(sha256, 'utf8'), sigLen, fp.sketch.ranks.length, fp.passages.length);
}

/** The size of the record at `p` from its head alone; throws when the head does not fit in `bytes`. */
export function recordSizeAt(bytes: Buffer, p: number, sigLen: number): number {
  if (p + 4 > bytes.length) throw new Error('truncated near-duplicate signature file');
  const idLen = bytes.readUInt32LE(p);
  if (p + 8 + idLen > bytes.length) throw new Error('truncated near-duplicate signature file');
  const shaLen = bytes.readUInt32LE(p + 4 + idLen);
  const q = p + 8 + idLen + shaLen;
  if (q + 12 > bytes.length) throw new Error('truncated near-duplicate signature file');
  return recordSize(idLen, shaLen, sigLen, bytes.readUInt32LE(q + 4), bytes.readUInt32LE(q + 8));
}

/**
 * Decodes the record at `p`. The typed arrays are copies (`bytes` can be reused), or with `view` views of
 * `bytes` where its memory is aligned (no copy: `bytes` must then stay as it is).
 */
export function decodeRecord(bytes: Buffer, p: number, sigLen: number, view = false): StoredRecord & { size: number } {
  const start = p;
  const size = recordSizeAt(bytes, p, sigLen);
  if (p + size > bytes.length) throw new Error('truncated near-duplicate signature file');
  const idLen = bytes.readUInt32LE(p);
  const id = bytes.toString('utf8', p + 4, p + 4 + idLen);
  p += 4 + idLen;
  const shaLen = bytes.readUInt32LE(p);
  const sha256 = bytes.toString('utf8', p + 4, p + 4 + shaLen);
  p += 4 + shaLen;
  const shingles = bytes.readUInt32LE(p);
  const nRanks = bytes.readUInt32LE(p + 4);
  const nPass = bytes.readUInt32LE(p + 8);
  p += 12;
  p += pad8(p - start);
  const limit = bytes.readDoubleLE(p);
  p += 8;
  const aligned = view && (bytes.byteOffset + p) % 4 === 0;
  const u32 = (at: number, n: number): Uint32Array => {
    if (aligned) return new Uint32Array(bytes.buffer, bytes.byteOffset + at, n);
    const a = new Uint32Array(n);
    Buffer.from(a.buffer).set(bytes.subarray(at, at + n * 4));
    return a;
  };
  const sig = u32(p, sigLen);
  p += sigLen * 4;
  const ranks = u32(p, nRanks);
  p += nRanks * 4;
  p += pad8(p - start);
  const passages: number[] = new Array<number>(nPass);
  for (let i = 0; i < nPass; i++) passages[i] = bytes.readDoubleLE(p + i * 8);
  p += nPass * 8;
  const passageShingles: number[] = new Array<number>(nPass);
  for (let i = 0; i < nPass; i++) passageShingles[i] = bytes.readUInt32LE(p + i * 4);
  return { id, sha256, fp: { sig: { sig, shingles }, sketch: { limit, ranks }, passages, passageShingles }, size };
}

/**
 * Where the chunks held in memory go once they pass this many bytes (default 512 MB, about 115,000 documents of
 * 5 KB text: clustering reads each record at random, from a spill file a syscall and a copy each; env
 * CURATOR_DEDUP_MEMORY_MB).
 */
export function defaultMemoryBudget(): number {
  const mb = Number(process.env.CURATOR_DEDUP_MEMORY_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 512) * 1024 * 1024;
}

const CHUNK = 4 << 20;
const CACHE = Number(process.env.CURATOR_DEDUP_CACHE) || 65536;
/** Bytes of records copied from a file that the cache may hold (each about 4 KB: 65,536 of them would be 290 MB). */
const CACHE_BYTES = 64 << 20;

/**
 * Append-only records addressed by a location: ≥ 0 in the store's own sequence (memory chunks, then spilled to a
 * temporary file in order), < 0 in a read-only base file (-1 - offset).
 */
export class FingerprintStore {
  private base: { fd: number; path: string } | undefined;
  private spill: { fd: number; path: string } | undefined;
  /** Bytes of the sequence already in the spill file (locations below this are read from it). */
  private spilled = 0;
  /** Chunks in memory after `spilled`, each with its location and bytes used. */
  private chunks: { at: number; buf: Buffer; used: number }[] = [];
  private next = 0;
  private readonly cache = new Map<number, StoredRecord & { copied: number }>();
  private cacheBytes = 0;
  private scratch = Buffer.alloc(64 * 1024);

  constructor(
    readonly sigLen: number,
    private readonly budget = defaultMemoryBudget(),
    private readonly spillDir = tmpdir(),
  ) {}

  /** Whether every record is in memory (none spilled, no base file): decoded records are then cheap views to keep. */
  get inMemoryOnly(): boolean {
    return this.spilled === 0 && !this.base;
  }

  /** Bytes held in memory by chunks. */
  get memoryBytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.buf.length;
    return n;
  }

  /** Appends a record; returns its location and size. */
  append(id: string, sha256: string, fp: StoredFingerprint): { loc: number; size: number } {
    const size = encodedSize(id, sha256, fp, this.sigLen);
    let c = this.chunks[this.chunks.length - 1];
    if (!c || c.used + size > c.buf.length) {
      if (c) this.next = c.at + c.used;
      const bytes = Math.max(Math.min(CHUNK, this.budget), size);
      if (this.memoryBytes + bytes > this.budget) this.spillChunks();
      c = { at: this.next, buf: Buffer.alloc(bytes), used: 0 };
      this.chunks.push(c);
    }
    const loc = c.at + c.used;
    encodeRecord(c.buf, c.used, id, sha256, fp, this.sigLen);
    c.used += size;
    return { loc, size };
  }

  /** Writes every chunk in memory to the spill file (created on first use, removed by close). */
  private spillChunks(): void {
    if (this.chunks.length === 0) return;
    if (!this.spill) {
      const path = join(this.spillDir, `curator-dedup-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.tmp`);
      this.spill = { fd: openSync(path, 'w+'), path };
      // Removed at once where an open file can be (its bytes stay readable through fd): nothing is left behind by a crash.
      if (process.platform !== 'win32') {
        try {
          unlinkSync(path);
        } catch {
          /* removed by close */
        }
      }
    }
    for (const c of this.chunks) {
      let off = 0;
      while (off < c.used) off += writeSync(this.spill.fd, c.buf, off, c.used - off, c.at + off);
      this.spilled = c.at + c.used;
    }
    this.next = this.spilled;
    this.chunks = [];
  }

  /** Records from now on are read from `path` (a signature file) at negative locations. */
  setBase(path: string): void {
    this.closeBase();
    this.base = { fd: openSync(path, 'r'), path };
    this.cache.clear();
    this.cacheBytes = 0;
  }

  /** The record's bytes (a view that the next read may overwrite). */
  bytes(loc: number, size: number): Buffer {
    if (loc < 0) return this.readFile(this.base, -1 - loc, size);
    if (loc < this.spilled) return this.readFile(this.spill, loc, size);
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.chunks[mid]!.at <= loc) lo = mid;
      else hi = mid - 1;
    }
    const c = this.chunks[lo];
    if (!c || loc < c.at || loc + size > c.at + c.used) throw new Error(`near-duplicate record at ${loc} is missing`);
    return c.buf.subarray(loc - c.at, loc - c.at + size);
  }

  private readFile(f: { fd: number } | undefined, pos: number, size: number): Buffer {
    if (!f) throw new Error('near-duplicate signature file is not open');
    if (this.scratch.length < size) this.scratch = Buffer.alloc(Math.max(size, this.scratch.length * 2));
    let got = 0;
    while (got < size) {
      const n = readSync(f.fd, this.scratch, got, size - got, pos + got);
      if (n === 0) throw new Error('truncated near-duplicate signature file');
      got += n;
    }
    return this.scratch.subarray(0, size);
  }

  /** The decoded record (cached: do not change it). Its arrays are views of the store's memory or of its own copy of the bytes. */
  read(loc: number, size: number): StoredRecord {
    const hit = this.cache.get(loc);
    if (hit) {
      this.cache.delete(loc);
      this.cache.set(loc, hit);
      return hit;
    }
    const inMemory = loc >= this.spilled;
    const bytes = inMemory ? this.bytes(loc, size) : Buffer.from(this.bytes(loc, size));
    const r = decodeRecord(bytes, 0, this.sigLen, true);
    if (r.size !== size) throw new Error(`near-duplicate record at ${loc} has ${r.size} bytes, not ${size}`);
    const rec = { id: r.id, sha256: r.sha256, fp: r.fp, copied: inMemory ? 0 : size };
    while (this.cache.size > 0 && (this.cache.size >= CACHE || this.cacheBytes + rec.copied > CACHE_BYTES)) {
      const [k, v] = this.cache.entries().next().value!;
      this.cache.delete(k);
      this.cacheBytes -= v.copied;
    }
    this.cache.set(loc, rec);
    this.cacheBytes += rec.copied;
    return rec;
  }

  /** Drops the records in memory and the spill file (after they were written to a new base file). */
  dropAppended(): void {
    this.chunks = [];
    this.next = 0;
    this.spilled = 0;
    this.closeSpill();
    this.cache.clear();
    this.cacheBytes = 0;
  }

  private closeSpill(): void {
    if (!this.spill) return;
    try {
      closeSync(this.spill.fd);
    } catch {
      /* closed */
    }
    try {
      unlinkSync(this.spill.path);
    } catch {
      /* gone */
    }
    this.spill = undefined;
  }

  private closeBase(): void {
    if (!this.base) return;
    try {
      closeSync(this.base.fd);
    } catch {
      /* closed */
    }
    this.base = undefined;
  }

  /** Closes the files (the spill file is removed). */
  close(): void {
    this.closeSpill();
    this.closeBase();
    this.chunks = [];
    this.cache.clear();
    this.cacheBytes = 0;
  }
}
