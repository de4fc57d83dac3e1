// MinHash signatures for near-duplicate detection, in 32-bit integer arithmetic only (Math.imul, no BigInt).
//
// Shingles: for space-separated languages, k consecutive normalised words (lower-cased, NFKC, punctuation
// dropped); for Chinese (no spaces), k consecutive characters of the text with punctuation and whitespace
// dropped (a Latin word inside Chinese counts as one "character"). A text shorter than k units is one shingle.
// Each shingle is hashed to 32 bits (FNV-1a per unit, units combined with a multiply-xorshift mix); the i-th of
// the bands×rows "permutations" is h_i(x) = fmix32(x XOR seed_i), fmix32 being MurmurHash3's avalanche
// finaliser and seed_i derived from one seed, and the signature keeps each h_i's minimum.
import type { Lang } from '../../text/lang';
import { simdSignature } from './minhash-simd';

export interface MinHashOptions {
  /** Number of LSH bands (default 14, as datatrove). */
  bands?: number;
  /** Rows (hashes) per band (default 8, as datatrove): 112 hashes in all. */
  rows?: number;
  /** Words per shingle for space-separated text (default 5). */
  wordShingle?: number;
  /** Characters per shingle for Chinese (default 5). */
  charShingle?: number;
  /** Seed of the hash family (default 1). Signatures are comparable only with the same seed and sizes. */
  seed?: number;
}

export interface MinHashParams {
  bands: number;
  rows: number;
  wordShingle: number;
  charShingle: number;
  seed: number;
}

export function minHashParams(opts: MinHashOptions = {}): MinHashParams {
  const p = {
    bands: opts.bands ?? 14,
    rows: opts.rows ?? 8,
    wordShingle: opts.wordShingle ?? 5,
    charShingle: opts.charShingle ?? 5,
    seed: opts.seed ?? 1,
  };
  for (const [k, v] of Object.entries(p)) {
    if (!Number.isInteger(v) || v < (k === 'seed' ? 0 : 1)) throw new RangeError(`minhash ${k} must be a positive integer, got ${v}`);
  }
  return p;
}

/** MurmurHash3 32-bit finaliser: a bijective avalanche mix of 32 bits. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const UNIT_WORDS = /[\p{L}\p{N}]+/gu;
// Chinese: each Han character alone, other letters/digits grouped into words.
const UNIT_ZH = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|(?:(?![\u3400-\u9fff\uf900-\ufaff])[\p{L}\p{N}])+/gu;

/** Normalised units of a text: words, or for Chinese characters (Latin words kept whole). */
export function shingleUnits(text: string, lang: Lang): string[] {
  const norm = text.normalize('NFKC').toLowerCase();
  const re = lang === 'zh' ? UNIT_ZH : UNIT_WORDS;
  return norm.match(re) ?? [];
}

// The units scanned without a regular expression or a string per unit (shingleHashes, paragraphsOf): the same
// units as shingleUnits' expressions, from tables of the BMP. UNIT_CLASS: 0 separator, 1 letter or digit
// (\p{L}\p{N}); ZH_CLASS adds 2 for a Han character (a unit alone) and makes the rest of U+3400–9FFF and
// U+F900–FAFF separators, as UNIT_ZH's look-ahead does. Astral characters are tested one by one (rare).
let UNIT_CLASS: Uint8Array | undefined;
let ZH_CLASS: Uint8Array | undefined;
const LN = /^[\p{L}\p{N}]$/u;

function unitTables(): void {
  const w = new Uint8Array(0x10000);
  const z = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ln = LN.test(String.fromCharCode(c)) ? 1 : 0;
    w[c] = ln;
    if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) z[c] = 2;
    else if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff)) z[c] = 0;
    else z[c] = ln;
  }
  UNIT_CLASS = w;
  ZH_CLASS = z;
}

const isHanUnit = (c: number) => (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

/** What scanUnits found: FNV-1a of each unit (in `unitBuf`), how many, how many hold a Han character, and the two hashes of the units joined by spaces. */
let unitBuf = new Uint32Array(4096);
const scanned = { n: 0, han: 0, joinFnv: 0, joinMix: 0 };

/**
 * Scans normalised text (NFKC, lower case) into units as shingleUnits does (`zh`: UNIT_ZH, else UNIT_WORDS):
 * their FNV-1a hashes into unitBuf[0 … n), and with `join` the hashes paragraphsOf takes of `units.join(' ')`.
 */
function scanUnits(s: string, zh: boolean, join: boolean): void {
  if (!UNIT_CLASS) unitTables();
  const table = zh ? ZH_CLASS! : UNIT_CLASS!;
  const len = s.length;
  if (unitBuf.length < len + 1) unitBuf = new Uint32Array(Math.max(len + 1, unitBuf.length * 2));
  const buf = unitBuf;
  let n = 0;
  let han = 0;
  let h = 0;
  let inWord = false;
  let wordHan = false;
  let jf = 0x811c9dc5;
  let jm = 0x2545f491;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    let cls: number;
    let lo = -1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cls = LN.test(s.slice(i, i + 2)) ? 1 : 0;
        lo = d;
        i++;
      } else cls = 0;
    } else cls = table[c]!;
    if (cls === 1) {
      if (!inWord) {
        if (join && n > 0) {
          jf = Math.imul(jf ^ 32, 0x01000193);
          jm = Math.imul(jm ^ 32, 0x5bd1e995) ^ (jm >>> 15);
        }
        inWord = true;
        wordHan = false;
        h = 0x811c9dc5;
        n++;
      }
      h = Math.imul(h ^ c, 0x01000193);
      if (join) {
        jf = Math.imul(jf ^ c, 0x01000193);
        jm = Math.imul(jm ^ c, 0x5bd1e995) ^ (jm >>> 15);
      }
      if (lo >= 0) {
        h = Math.imul(h ^ lo, 0x01000193);
        if (join) {
          jf = Math.imul(jf ^ lo, 0x01000193);
          jm = Math.imul(jm ^ lo, 0x5bd1e995) ^ (jm >>> 15);
        }
      } else if (!wordHan && isHanUnit(c)) wordHan = true;
      continue;
    }
    if (inWord) {
      buf[n - 1] = h >>> 0;
      if (wordHan) han++;
      inWord = false;
    }
    if (cls === 2) {
      if (join) {
        if (n > 0) {
          jf = Math.imul(jf ^ 32, 0x01000193);
          jm = Math.imul(jm ^ 32, 0x5bd1e995) ^ (jm >>> 15);
        }
        jf = Math.imul(jf ^ c, 0x01000193);
        jm = Math.imul(jm ^ c, 0x5bd1e995) ^ (jm >>> 15);
      }
      buf[n++] = Math.imul(0x811c9dc5 ^ c, 0x01000193) >>> 0;
      han++;
    }
  }
  if (inWord) {
    buf[n - 1] = h >>> 0;
    if (wordHan) han++;
  }
  scanned.n = n;
  scanned.han = han;
  scanned.joinFnv = jf >>> 0;
  scanned.joinMix = jm;
}

/** 32-bit hashes of the text's shingles (may contain repeats; MinHash does not care). */
export function shingleHashes(text: string, lang: Lang, opts: MinHashOptions = {}): Uint32Array {
  const p = minHashParams(opts);
  scanUnits(text.normalize('NFKC').toLowerCase(), lang === 'zh', false);
  const count = scanned.n;
  const zh = lang === 'zh' || (lang === 'other' && count > 0 && scanned.han > count / 2);
  const k = Math.max(1, zh ? p.charShingle : p.wordShingle);
  if (count === 0) return new Uint32Array(0);
  const uh = unitBuf;
  const span = Math.min(k, count);
  const n = count - span + 1;
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x9747b28c ^ span;
    for (let j = 0; j < span; j++) {
      h = Math.imul(h ^ uh[i + j]!, 0x5bd1e995);
      h ^= h >>> 15;
    }
    out[i] = fmix32(h);
  }
  return out;
}

const seedCache = new Map<string, Uint32Array>();

/** The per-hash seeds of a (seed, count) family. */
export function hashSeeds(seed: number, count: number): Uint32Array {
  const key = `${seed}:${count}`;
  let s = seedCache.get(key);
  if (!s) {
    s = new Uint32Array(count);
    let x = fmix32((seed ^ 0x2545f491) >>> 0) || 1;
    for (let i = 0; i < count; i++) {
      // xorshift32 stream, then mixed
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      s[i] = fmix32((x + i * 0x9e3779b9) >>> 0);
    }
    seedCache.set(key, s);
  }
  return s;
}

/**
 * MinHash signature of shingle hashes: bands×rows minima. Empty input gives all 0xffffffff. With WebAssembly
 * SIMD (minhash-simd.ts) the same minima are computed about eight times faster.
 */
export function signatureOf(shingles: Uint32Array, opts: MinHashOptions = {}): Uint32Array {
  const p = minHashParams(opts);
  const n = p.bands * p.rows;
  const seeds = hashSeeds(p.seed, n);
  return simdSignature(shingles, seeds) ?? signatureJs(shingles, seeds);
}

/** signatureOf's loop in JavaScript (also the reference the SIMD one is tested against). */
export function signatureJs(shingles: Uint32Array, seeds: Uint32Array): Uint32Array {
  const n = seeds.length;
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    for (let i = 0; i < n; i++) {
      const h = fmix32(x ^ seeds[i]!);
      if (h < sig[i]!) sig[i] = h;
    }
  }
  return sig;
}

export interface MinHashSignature {
  /** bands×rows minima. */
  sig: Uint32Array;
  /** Number of distinct shingles (lets containment be estimated from the Jaccard estimate). */
  shingles: number;
}

/** Signature and shingle count of a text. */
export function minhash(text: string, lang: Lang, opts: MinHashOptions = {}): MinHashSignature {
  const sh = shingleHashes(text, lang, opts);
  return { sig: signatureOf(sh, opts), shingles: new Set(sh).size };
}

/** Estimated Jaccard similarity: the share of equal signature positions. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length) throw new RangeError(`signatures differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) return 0;
  let eq = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) eq++;
  return eq / a.length;
}

/**
 * Estimated containment of the smaller shingle set in the larger: |A∩B| = J(|A|+|B|)/(1+J), divided by
 * min(|A|,|B|). Capped at 1.
 */
export function estimateContainment(a: MinHashSignature, b: MinHashSignature): number {
  const j = estimateJaccard(a.sig, b.sig);
  const small = Math.min(a.shingles, b.shingles);
  if (small === 0) return 0;
  return Math.min(1, (j * (a.shingles + b.shingles)) / (1 + j) / small);
}

/** Signature as base64 (little-endian bytes) for storage in JSON. */
export function signatureToBase64(sig: Uint32Array): string {
  const bytes = new Uint8Array(sig.length * 4);
  for (let i = 0; i < sig.length; i++) {
    const v = sig[i]!;
    bytes[i * 4] = v & 0xff;
    bytes[i * 4 + 1] = (v >>> 8) & 0xff;
    bytes[i * 4 + 2] = (v >>> 16) & 0xff;
    bytes[i * 4 + 3] = v >>> 24;
  }
  return Buffer.from(bytes).toString('base64');
}

export function signatureFromBase64(b64: string): Uint32Array {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length % 4 !== 0) throw new RangeError('signature bytes are not a multiple of 4');
  const sig = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < sig.length; i++) sig[i] = (bytes[i * 4]! | (bytes[i * 4 + 1]! << 8) | (bytes[i * 4 + 2]! << 16) | (bytes[i * 4 + 3]! << 24)) >>> 0;
  return sig;
}

/**
 * A consistent sample of a text's distinct shingles, for containment: each shingle hash is re-mixed into a
 * rank (fmix32 with a fixed salt) and the sketch keeps every rank below `limit` = 2^32·min(1, K/n) (n
 * distinct shingles), sorted. A text of up to K shingles keeps all of them (containment is then exact);
 * a longer one about K. Two sketches compare on the ranks below the smaller limit, where both are complete.
 */
export interface ShingleSketch {
  /** Ranks below this (≤ 2^32) are all kept. */
  limit: number;
  /** Kept ranks, sorted ascending, distinct. */
  ranks: Uint32Array;
  /** Distinct shingles of the text (not stored: the signature keeps the count). */
  distinct?: number;
}

const RANK_SALT = 0x3c6ef372;
const TWO32 = 4294967296;

/** The sketch of a text's shingle hashes, keeping about `size` ranks (all of them for a short text). */
export function shingleSketch(shingles: Uint32Array, size: number): ShingleSketch {
  const all = new Uint32Array(shingles.length);
  for (let i = 0; i < shingles.length; i++) all[i] = fmix32((shingles[i]! ^ RANK_SALT) >>> 0);
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  const limit = n <= size ? TWO32 : Math.floor((TWO32 * size) / n);
  let kept = n;
  if (limit < TWO32) kept = lowerBound(all.subarray(0, n), limit);
  return { limit, ranks: all.slice(0, kept), distinct: n };
}

/** First index in a sorted array whose value is ≥ x. */
export function lowerBound(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Containment of `a` in `b` from their sketches: the share of a's shingles (ranks below both limits) that
 * b also has. Exact when both texts are within the sketch size; 0 when a has no rank to compare.
 */
export function sketchContainment(a: ShingleSketch, b: ShingleSketch): number {
  return sketchContainments(a, b)[0];
}

/** [containment of a in b, of b in a] (sketchContainment both ways; the ranks both have are counted once). */
export function sketchContainments(a: ShingleSketch, b: ShingleSketch): [number, number] {
  const t = Math.min(a.limit, b.limit);
  const na = t >= a.limit ? a.ranks.length : lowerBound(a.ranks, t);
  const nb = t >= b.limit ? b.ranks.length : lowerBound(b.ranks, t);
  if (na === 0 && nb === 0) return [0, 0];
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < na && j < nb) {
    const x = a.ranks[i]!;
    const y = b.ranks[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return [na === 0 ? 0 : shared / na, nb === 0 ? 0 : shared / nb];
}

/**
 * sketchContainments(a, b), or undefined as soon as neither containment can reach `min` (the ranks not yet
 * merged could not lift either share to it): the clustering asks only whether a pair is a near copy.
 * Returns exactly what sketchContainments returns whenever it returns.
 */
export function sketchContainmentsAtLeast(a: ShingleSketch, b: ShingleSketch, min: number): [number, number] | undefined {
  const t = Math.min(a.limit, b.limit);
  const na = t >= a.limit ? a.ranks.length : lowerBound(a.ranks, t);
  const nb = t >= b.limit ? b.ranks.length : lowerBound(b.ranks, t);
  if (na === 0 && nb === 0) return [0, 0];
  const ar = a.ranks;
  const br = b.ranks;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < na && j < nb) {
    // Every 32 steps: could the rest still lift either share to `min`?
    const stop = Math.min(na, i + 32);
    while (i < stop && j < nb) {
      const x = ar[i]!;
      const y = br[j]!;
      shared += x === y ? 1 : 0;
      i += x <= y ? 1 : 0;
      j += y <= x ? 1 : 0;
    }
    const ub = shared + Math.min(na - i, nb - j);
    if ((na === 0 || ub / na < min) && (nb === 0 || ub / nb < min)) return undefined;
  }
  return [na === 0 ? 0 : shared / na, nb === 0 ? 0 : shared / nb];
}

/** A paragraph (a line of the text) long enough to count as a passage, with its span and hash. */
export interface Paragraph {
  /** UTF-16 offsets of the line in the text (without its line break). */
  start: number;
  end: number;
  /** 52-bit hash of its normalised units (same normalisation as the shingles). */
  hash: number;
  /** Its units (words, or characters for Chinese). */
  units: number;
}

/** Fewest units (words; for Chinese characters) a line needs to count as a passage. */
export const PASSAGE_MIN_UNITS = { words: 8, zh: 16 } as const;

/**
 * The passages of a text: its lines (paragraphs of web text are lines, as in Dolma's paragraph dedup)
 * with at least PASSAGE_MIN_UNITS units, hashed over their normalised units so case, punctuation and
 * spacing do not matter.
 */
export function paragraphsOf(text: string, lang: Lang): Paragraph[] {
  const out: Paragraph[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // A line too short to hold the fewest units needs no tokenising.
    if (end - start >= Math.min(PASSAGE_MIN_UNITS.zh, PASSAGE_MIN_UNITS.words * 2)) {
      const line = text.slice(start, end);
      const zh = HAN.test(line);
      if (line.length >= (zh ? PASSAGE_MIN_UNITS.zh : PASSAGE_MIN_UNITS.words * 2)) {
        // The units of shingleUnits(line, zh ? 'zh' : lang), hashed as joined by spaces.
        scanUnits(line.normalize('NFKC').toLowerCase(), zh || lang === 'zh', true);
        const units = scanned.n;
        if (units >= (zh ? PASSAGE_MIN_UNITS.zh : PASSAGE_MIN_UNITS.words)) {
          // Two independent 32-bit FNV-style hashes, 52 bits kept: collisions are negligible at corpus scale.
          const hi = scanned.joinFnv & 0xfffff;
          out.push({ start, end: end > start && text[end - 1] === '\r' ? end - 1 : end, hash: hi * TWO32 + fmix32(scanned.joinMix >>> 0), units });
        }
      }
    }
    start = end + 1;
  }
  return out;
}
