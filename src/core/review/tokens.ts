// Cheap lexical features for similarity: English content-word stems and Chinese character bigrams,
// hashed to 32-bit integers. Shared by the aligner and the consistency check.
import { toHalfWidth } from './normalize';

export const STOPWORDS = new Set(
  ('a an the of and or but if then else to in on at by for from with without as is are was were be been being am ' +
    'it its this that these those there here their they them he she his her him we us our you your i me my ' +
    'do does did done has have had having will would shall should can could may might must not no so such ' +
    'than too very also just only about into over under up down out off again further once all any both each ' +
    'few more most other some own same which who whom whose what when where why how because while during ' +
    'before after above below between through until against among per via de la le et').split(' '),
);

/** A crude English stem: plural and verb endings stripped so that "rises" / "rising" / "rise" meet. */
export function stem(w: string): string {
  const n = w.length;
  if (n > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (n > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (n > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (n > 4 && w.endsWith('es') && /(?:ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  if (n > 3 && w.endsWith('e')) return w.slice(0, -1);
  return w;
}

const FNV_OFFSET = 0x811c9dc5;

/** One FNV-1a step: the hash so far with one more UTF-16 unit. */
function fnv(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** FNV-1a hash of a string, as a 32-bit signed integer. */
export function hashString(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = fnv(h, s.charCodeAt(i));
  return h | 0;
}

function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

function isAscii(t: string, i: number, j: number): boolean {
  for (let k = i; k < j; k++) if (t.charCodeAt(k) >= 0x80) return false;
  return true;
}

/** Lower-case code of an ASCII character. */
function lc(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Stop words by the hash of their text, for the allocation-free path of termHashes. */
const STOP_BY_HASH = new Map<number, string>();
for (const w of STOPWORDS) STOP_BY_HASH.set(hashString(w), w);

/**
 * hashString(stem(lower-cased word)) of the ASCII word t[i, j), or undefined for a stop word; the same
 * value as the string path, without making the lower-cased word or its stem.
 */
function asciiTermHash(t: string, i: number, j: number): number | undefined {
  const n = j - i;
  let h = FNV_OFFSET;
  for (let k = i; k < j; k++) h = fnv(h, lc(t.charCodeAt(k)));
  const stop = STOP_BY_HASH.get(h | 0);
  if (stop !== undefined && stop.length === n) {
    let same = true;
    for (let k = 0; k < n && same; k++) same = stop.charCodeAt(k) === lc(t.charCodeAt(i + k));
    if (same) return undefined;
  }
  // stem() on character codes: how many characters to cut, and whether a 'y' replaces them
  const c1 = lc(t.charCodeAt(j - 1));
  const c2 = n >= 2 ? lc(t.charCodeAt(j - 2)) : 0;
  const c3 = n >= 3 ? lc(t.charCodeAt(j - 3)) : 0;
  const c4 = n >= 4 ? lc(t.charCodeAt(j - 4)) : 0;
  const S = 0x73;
  const E = 0x65;
  let cut = 0;
  let y = false;
  if (n > 4 && c3 === 0x69 && c2 === E && c1 === S) {
    cut = 3; // -ies → -y
    y = true;
  } else if (n > 5 && c3 === 0x69 && c2 === 0x6e && c1 === 0x67) cut = 3; // -ing
  else if (n > 4 && c2 === E && c1 === 0x64) cut = 2; // -ed
  else if (n > 4 && c2 === E && c1 === S && ((c3 === S && c4 === S) || (c3 === 0x68 && (c4 === S || c4 === 0x63)) || c3 === 0x78 || c3 === 0x7a)) cut = 2; // -sses -shes -ches -xes -zes
  else if (n > 3 && c1 === S && c2 !== S && c2 !== 0x75 && c2 !== 0x69) cut = 1; // -s, not -ss -us -is
  else if (n > 3 && c1 === E) cut = 1; // -e
  if (cut === 0) return h | 0;
  h = FNV_OFFSET;
  for (let k = i; k < j - cut; k++) h = fnv(h, lc(t.charCodeAt(k)));
  if (y) h = fnv(h, 0x79);
  return h | 0;
}

/**
 * Walks the content terms of a text (see contentTerms): `han(t, k, len)` for the Han unigram or bigram of
 * `t` at k, `word(w)` for a stemmed English/Latin word. `t` is the text in half-width form.
 */
function scanTerms(
  text: string,
  han: (t: string, k: number, len: 1 | 2) => void,
  word: (w: string) => void,
  asciiWordHash?: (h: number) => void,
): void {
  const t = toHalfWidth(text);
  let i = 0;
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (isHanCode(c)) {
      let j = i;
      while (j < n && isHanCode(t.charCodeAt(j))) j++;
      if (j - i === 1) han(t, i, 1);
      else for (let k = i; k + 1 < j; k++) han(t, k, 2);
      i = j;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f)) {
      let j = i + 1;
      while (j < n) {
        const d = t.charCodeAt(j);
        if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || (d >= 0xc0 && d <= 0x24f)) j++;
        else if ((d === 46 || d === 44) && j + 1 < n && t.charCodeAt(j - 1) >= 48 && t.charCodeAt(j - 1) <= 57 && t.charCodeAt(j + 1) >= 48 && t.charCodeAt(j + 1) <= 57) j++; // 1,500.5
        else break;
      }
      if (asciiWordHash && isAscii(t, i, j)) {
        const h = asciiTermHash(t, i, j);
        if (h !== undefined) asciiWordHash(h);
      } else {
        const w = t.slice(i, j).toLowerCase();
        if (!STOPWORDS.has(w)) word(stem(w));
      }
      i = j;
    } else i++;
  }
}

/**
 * Content terms of a text: lower-cased, stemmed English/Latin words (stop words left out, numbers kept)
 * and Chinese character bigrams (a lone Han character counts as a unigram).
 */
export function contentTerms(text: string): string[] {
  const out: string[] = [];
  scanTerms(text, (t, k, len) => out.push(t.slice(k, k + len)), (w) => out.push(w));
  return out;
}

/** A growable array of 32-bit integers that term hashes are appended to (reused from text to text). */
export class HashSink {
  buf = new Int32Array(1024);
  n = 0;

  push(h: number): void {
    if (this.n === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.n++] = h;
  }
}

/** The code unit of `text` at k in half-width form (toHalfWidth), without making the converted text. */
function hwAt(text: string, k: number): number {
  const c = text.charCodeAt(k);
  if (c < 0x3000) return c;
  return c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c === 0x3000 ? 32 : c;
}

/** A bit per stop word hash (the low 16 bits): most words are let through without the map look-up. */
const STOP_BITS = new Int32Array(1 << 11);
for (const h of STOP_BY_HASH.keys()) STOP_BITS[(h & 0xffff) >> 5]! |= 1 << (h & 31);

/**
 * asciiTermHash of text[i, j) in half-width form (all of its units ASCII there), in one pass over the word:
 * the hashes of its first n − 1, n − 2 and n − 3 characters are kept on the way, the stems' hashes.
 */
function asciiTermHashHw(text: string, i: number, j: number): number | undefined {
  const n = j - i;
  let h = FNV_OFFSET;
  let h1 = 0;
  let h2 = 0;
  let h3 = 0;
  for (let k = i; k < j; k++) {
    h3 = h2;
    h2 = h1;
    h1 = h;
    h = fnv(h, lc(hwAt(text, k)));
  }
  const hs = h | 0;
  if (STOP_BITS[(hs & 0xffff) >> 5]! & (1 << (hs & 31))) {
    const stop = STOP_BY_HASH.get(hs);
    if (stop !== undefined && stop.length === n) {
      let same = true;
      for (let k = 0; k < n && same; k++) same = stop.charCodeAt(k) === lc(hwAt(text, i + k));
      if (same) return undefined;
    }
  }
  const c1 = lc(hwAt(text, j - 1));
  const c2 = n >= 2 ? lc(hwAt(text, j - 2)) : 0;
  const c3 = n >= 3 ? lc(hwAt(text, j - 3)) : 0;
  const c4 = n >= 4 ? lc(hwAt(text, j - 4)) : 0;
  const S = 0x73;
  const E = 0x65;
  // stem() on character codes: how many characters to cut, and whether a 'y' replaces them
  if (n > 4 && c3 === 0x69 && c2 === E && c1 === S) return fnv(h3, 0x79) | 0; // -ies → -y
  if (n > 5 && c3 === 0x69 && c2 === 0x6e && c1 === 0x67) return h3 | 0; // -ing
  if (n > 4 && c2 === E && c1 === 0x64) return h2 | 0; // -ed
  if (n > 4 && c2 === E && c1 === S && ((c3 === S && c4 === S) || (c3 === 0x68 && (c4 === S || c4 === 0x63)) || c3 === 0x78 || c3 === 0x7a)) return h2 | 0; // -sses -shes -ches -xes -zes
  if (n > 3 && c1 === S && c2 !== S && c2 !== 0x75 && c2 !== 0x69) return h1 | 0; // -s, not -ss -us -is
  if (n > 3 && c1 === E) return h1 | 0; // -e
  return hs;
}

const isLatinCode = (d: number): boolean => (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || (d >= 0xc0 && d <= 0x24f);
const isDigitCode = (d: number): boolean => d >= 48 && d <= 57;

/** Sorts a[s, e) in place, ascending (as Int32Array.prototype.sort). */
function sortRange(a: Int32Array, s: number, e: number): void {
  if (e - s > 32) {
    a.subarray(s, e).sort();
    return;
  }
  for (let i = s + 1; i < e; i++) {
    const x = a[i]!;
    let j = i - 1;
    for (; j >= s && a[j]! > x; j--) a[j + 1] = a[j]!;
    a[j + 1] = x;
  }
}

/**
 * Appends the sorted unique hashes of the content terms of a text (termHashes) to `sink`; returns how many.
 * The same walk as scanTerms, on the half-width code units read in place (no converted text, no closure).
 */
export function appendTermHashes(text: string, sink: HashSink): number {
  const start = sink.n;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = hwAt(text, i);
    if (isHanCode(c)) {
      let j = i;
      while (j < n && isHanCode(text.charCodeAt(j))) j++;
      if (j - i === 1) sink.push(fnv(FNV_OFFSET, c) | 0);
      else {
        let prev = fnv(FNV_OFFSET, c);
        for (let k = i; k + 1 < j; k++) {
          const next = text.charCodeAt(k + 1);
          sink.push(fnv(prev, next) | 0);
          prev = fnv(FNV_OFFSET, next);
        }
      }
      i = j;
    } else if (isLatinCode(c)) {
      let j = i + 1;
      let ascii = c < 0x80;
      while (j < n) {
        const d = hwAt(text, j);
        if (isLatinCode(d)) {
          if (d >= 0x80) ascii = false;
          j++;
        } else if ((d === 46 || d === 44) && j + 1 < n && isDigitCode(hwAt(text, j - 1)) && isDigitCode(hwAt(text, j + 1))) j++; // 1,500.5
        else break;
      }
      if (ascii) {
        const h = asciiTermHashHw(text, i, j);
        if (h !== undefined) sink.push(h);
      } else {
        let w = '';
        for (let k = i; k < j; k++) w += String.fromCharCode(hwAt(text, k));
        w = w.toLowerCase();
        if (!STOPWORDS.has(w)) sink.push(hashString(stem(w)));
      }
      i = j;
    } else i++;
  }
  if (sink.n === start) {
    // nothing but function words or symbols ("It is.", "—"): their lower-cased words, else the text itself
    let terms = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    const t = text.trim();
    if (terms.length === 0 && t) terms = [`\u0000${t}`];
    for (const w of terms) sink.push(hashString(w));
  }
  const a = sink.buf;
  sortRange(a, start, sink.n);
  let k = start;
  for (let i2 = start; i2 < sink.n; i2++) if (i2 === start || a[i2] !== a[i2 - 1]) a[k++] = a[i2]!;
  sink.n = k;
  return k - start;
}

/** Sorted unique hashes of the content terms of a text. */
export function termHashes(text: string): Int32Array {
  const sink = new HashSink();
  const k = appendTermHashes(text, sink);
  return sink.buf.slice(0, k);
}
