// Per-document quality signals (Gopher-style heuristics plus markup, garbling and PII counts), in one
// linear pass per signal: no quadratic comparisons, bounded regular expressions only.
// Chinese is measured in characters (a Han character is a unit), other languages in words.
import type { Lang } from '../text/lang';
import type { QualitySignals } from './model';

/** How a signal's histogram is binned in the statistics. */
export type SignalScale = 'fraction' | 'rate' | 'count' | 'flag';

export interface QualitySignalInfo {
  /** For people (English; the extension shows its own translation, the CLI this). */
  label: string;
  scale: SignalScale;
}

/**
 * Every quality signal with its label and scale: one entry per field of QualitySignals, no more and no
 * fewer (the compiler checks both). The list of signal names everywhere (thresholds, histograms, export).
 */
export const QUALITY_SIGNALS: Readonly<Record<keyof QualitySignals, QualitySignalInfo>> = {
  markupPer1k: { label: 'Leftover markup per 1,000 characters', scale: 'rate' },
  garbledPer1k: { label: 'Garbled characters per 1,000 characters', scale: 'rate' },
  symbolRatio: { label: 'Symbols per word', scale: 'fraction' },
  dupLineFrac: { label: 'Share of repeated lines', scale: 'fraction' },
  dupParaFrac: { label: 'Share of repeated paragraphs', scale: 'fraction' },
  top2gramFrac: { label: 'Top 2-gram coverage', scale: 'fraction' },
  top3gramFrac: { label: 'Top 3-gram coverage', scale: 'fraction' },
  top4gramFrac: { label: 'Top 4-gram coverage', scale: 'fraction' },
  emails: { label: 'E-mail addresses', scale: 'count' },
  phones: { label: 'Phone numbers', scale: 'count' },
  ips: { label: 'IP addresses', scale: 'count' },
  idNumbers: { label: 'ID numbers', scale: 'count' },
  tooShort: { label: 'Very short (0 = no, 1 = yes)', scale: 'flag' },
  tooLong: { label: 'Very long (0 = no, 1 = yes)', scale: 'flag' },
};

/** The signal names, in QUALITY_SIGNALS order. */
export const QUALITY_SIGNAL_NAMES = Object.keys(QUALITY_SIGNALS) as (keyof QualitySignals)[];

const ZERO_QUALITY = Object.fromEntries(QUALITY_SIGNAL_NAMES.map((k) => [k, 0])) as unknown as QualitySignals;

/** Every signal at 0 (a new object each time, keys in QUALITY_SIGNALS order). */
export function zeroQuality(): QualitySignals {
  return { ...ZERO_QUALITY };
}

export interface QualityOptions {
  /** Fewer units (words; characters for zh) than this → tooShort = 1. Default 50 words / 100 characters. */
  minUnits?: number;
  /** More units than this → tooLong = 1. Default 100,000 words / 200,000 characters (Gopher's word bounds). */
  maxUnits?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Units: words for space-separated text, Han characters (plus Latin/digit words) for Chinese.

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WORD_INNER = /[\p{L}\p{M}\p{N}]/u;

function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ebef);
}

/** Start of a word: ASCII letter/digit, or a non-ASCII letter/number (Han excluded for Chinese). */
function startsWord(c: number, ch: string, zh: boolean): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (zh && isHanCode(c)) return false;
  return LETTER_OR_DIGIT.test(ch);
}

function continuesWord(c: number, ch: string, zh: boolean): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 39 || c === 45;
  if (c === 0x2019) return true; // ’
  if (zh && isHanCode(c)) return false;
  return WORD_INNER.test(ch);
}

/**
 * Units of a text as integer ids (no per-unit strings for Chinese): for zh every Han character is a unit
 * (id = code point) and other letter/digit runs are words; for other languages words. Words are
 * lower-cased and interned (id ≥ 0x40000). `lens` holds each unit's length in UTF-16 code units.
 */
export interface UnitSeq {
  ids: Int32Array;
  lens: Uint16Array;
  count: number;
  /** Total length of all units. */
  chars: number;
}

export function unitSeq(text: string, lang: Lang, words?: string[]): UnitSeq {
  if (words) return unitSeqStrings(text, lang, words);
  const zh = lang === 'zh';
  let ids = new Int32Array(Math.min(text.length, 1 << 16) + 16);
  let lens = new Uint16Array(ids.length);
  let count = 0;
  let chars = 0;
  const tab = new WordTable(text);
  let i = 0;
  const n = text.length;
  while (i < n) {
    let c = text.charCodeAt(i);
    let w = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = (c - 0xd800) * 0x400 + d - 0xdc00 + 0x10000;
        w = 2;
      }
    }
    let id: number;
    let len: number;
    if (zh && isHanCode(c)) {
      id = c;
      len = w;
      i += w;
    } else {
      if (!(c < 0x80 ? ASCII_WORD[c] === 1 : startsWordWide(text, c, i, w, zh))) {
        i += w;
        continue;
      }
      // The word [i, j): its hash over lower-cased ASCII, and whether it is ASCII only.
      let ascii = c < 0x80;
      let h = ascii ? Math.imul(0x811c9dc5 ^ (c | ((c - 65) >>> 0 < 26 ? 32 : 0)), 0x01000193) : 0;
      let j = i + w;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d < 0x80) {
          if (ASCII_WORD[d] === 0) break;
          h = Math.imul(h ^ (d | ((d - 65) >>> 0 < 26 ? 32 : 0)), 0x01000193);
          j++;
          continue;
        }
        let dc = d;
        let dw = 1;
        if (d >= 0xd800 && d <= 0xdbff && j + 1 < n) {
          const e = text.charCodeAt(j + 1);
          if (e >= 0xdc00 && e <= 0xdfff) {
            dc = (d - 0xd800) * 0x400 + e - 0xdc00 + 0x10000;
            dw = 2;
          }
        }
        if (!continuesWordWide(text, dc, j, dw, zh)) break;
        ascii = false;
        j += dw;
      }
      if (ascii) {
        id = tab.idOfSpan(i, j, h);
        len = j - i;
      } else {
        const word = text.slice(i, j).toLowerCase();
        id = tab.idOfString(word);
        len = word.length;
      }
      i = j;
    }
    if (count === ids.length) {
      const ni = new Int32Array(ids.length * 2);
      ni.set(ids);
      ids = ni;
      const nl = new Uint16Array(lens.length * 2);
      nl.set(lens);
      lens = nl;
    }
    ids[count] = id;
    lens[count] = Math.min(len, 65535);
    count++;
    chars += len;
  }
  return { ids, lens, count, chars };
}

/** ASCII characters that start or continue a word: 1 for letters and digits, 2 for those that only continue one (_ ' -). */
const ASCII_WORD = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) t[c] = 1;
    else if (c === 95 || c === 39 || c === 45) t[c] = 2;
  }
  return t;
})();

/** Per BMP code unit, computed on first sight: bit 1 set = known, bit 2 = LETTER_OR_DIGIT, bit 4 = WORD_INNER. */
const WIDE_CLASS = new Uint8Array(0x10000);

function wideClass(c: number): number {
  let k = WIDE_CLASS[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    k = 1 | (LETTER_OR_DIGIT.test(ch) ? 2 : 0) | (WORD_INNER.test(ch) ? 4 : 0);
    WIDE_CLASS[c] = k;
  }
  return k;
}

/** startsWord for a non-ASCII code point `c` of `w` code units at text[i]. */
function startsWordWide(text: string, c: number, i: number, w: number, zh: boolean): boolean {
  if (zh && isHanCode(c)) return false;
  if (w === 1) return (wideClass(c) & 2) !== 0;
  return LETTER_OR_DIGIT.test(text.slice(i, i + 2));
}

/** continuesWord for a non-ASCII code point `c` of `w` code units at text[j]. */
function continuesWordWide(text: string, c: number, j: number, w: number, zh: boolean): boolean {
  if (c === 0x2019) return true;
  if (zh && isHanCode(c)) return false;
  if (w === 1) return (wideClass(c) & 4) !== 0;
  return WORD_INNER.test(text.slice(j, j + 2));
}

const lowerAscii = (c: number): number => c | ((c - 65) >>> 0 < 26 ? 32 : 0);

/**
 * Interned lower-cased words of one text, numbered from 0x40000 in order of first appearance (as a
 * Map<string, number> would): ASCII words are looked up by their span of the text (hash and compare, no
 * string made); other words by their lower-cased string (a lower-cased string that is ASCII finds the span
 * entries too, so a word has one id however it was found).
 */
class WordTable {
  /** Slots: a power of two, at least twice the entries (about one distinct word in 32 characters to start). */
  private cap: number;
  private hashes: Int32Array;
  /** Entry + 1 per slot (0 = empty). */
  private slots: Int32Array;
  private starts: number[] = [];
  private lens: number[] = [];
  /** The word of an entry made from a string (start −1). */
  private strs: (string | undefined)[] = [];
  private other: Map<string, number> | undefined;
  private size = 0;

  constructor(private readonly text: string) {
    let cap = 256;
    while (cap < 1 << 16 && cap * 16 < text.length) cap <<= 1;
    this.cap = cap;
    this.hashes = new Int32Array(cap);
    this.slots = new Int32Array(cap);
  }

  private next(): number {
    return 0x40000 + this.size++;
  }

  /** The id of the ASCII word text[s, e) (hash `h` of its lower-cased characters). */
  idOfSpan(s: number, e: number, h: number): number {
    const text = this.text;
    const len = e - s;
    const mask = this.cap - 1;
    let slot = h & mask;
    for (;;) {
      const k = this.slots[slot]!;
      if (k === 0) break;
      if (this.hashes[slot] === h && this.lens[k - 1] === len) {
        const st = this.starts[k - 1]!;
        let same = true;
        if (st >= 0) {
          for (let q = 0; q < len; q++) {
            if (lowerAscii(text.charCodeAt(st + q)) !== lowerAscii(text.charCodeAt(s + q))) {
              same = false;
              break;
            }
          }
        } else {
          const w = this.strs[k - 1]!;
          for (let q = 0; q < len; q++) {
            if (w.charCodeAt(q) !== lowerAscii(text.charCodeAt(s + q))) {
              same = false;
              break;
            }
          }
        }
        if (same) return 0x40000 + k - 1;
      }
      slot = (slot + 1) & mask;
    }
    return this.insert(slot, h, s, len, undefined);
  }

  /** The id of a lower-cased word given as a string. */
  idOfString(word: string): number {
    let h = 0x811c9dc5;
    for (let q = 0; q < word.length; q++) {
      const c = word.charCodeAt(q);
      if (c >= 0x80) {
        this.other ??= new Map();
        let id = this.other.get(word);
        if (id === undefined) {
          id = this.next();
          this.starts.push(-1);
          this.lens.push(-1);
          this.strs.push(undefined);
          this.other.set(word, id);
        }
        return id;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    const text = this.text;
    const len = word.length;
    const mask = this.cap - 1;
    let slot = h & mask;
    for (;;) {
      const k = this.slots[slot]!;
      if (k === 0) break;
      if (this.hashes[slot] === h && this.lens[k - 1] === len) {
        const st = this.starts[k - 1]!;
        if (st >= 0) {
          let same = true;
          for (let q = 0; q < len; q++) {
            if (lowerAscii(text.charCodeAt(st + q)) !== word.charCodeAt(q)) {
              same = false;
              break;
            }
          }
          if (same) return 0x40000 + k - 1;
        } else if (this.strs[k - 1] === word) return 0x40000 + k - 1;
      }
      slot = (slot + 1) & mask;
    }
    return this.insert(slot, h, -1, len, word);
  }

  private insert(slot: number, h: number, start: number, len: number, word: string | undefined): number {
    const id = this.next();
    this.starts.push(start);
    this.lens.push(len);
    this.strs.push(word);
    this.hashes[slot] = h;
    this.slots[slot] = this.starts.length;
    if (this.starts.length * 2 > this.cap) this.grow();
    return id;
  }

  private grow(): void {
    const oldH = this.hashes;
    const oldS = this.slots;
    this.cap *= 2;
    this.hashes = new Int32Array(this.cap);
    this.slots = new Int32Array(this.cap);
    const mask = this.cap - 1;
    for (let i = 0; i < oldS.length; i++) {
      const k = oldS[i]!;
      if (k === 0) continue;
      let slot = oldH[i]! & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.hashes[slot] = oldH[i]!;
      this.slots[slot] = k;
    }
  }
}

/** unitSeq's reference form, which also lists the units as strings (textUnits). */
function unitSeqStrings(text: string, lang: Lang, words: string[]): UnitSeq {
  const zh = lang === 'zh';
  let ids = new Int32Array(Math.min(text.length, 1 << 16) + 16);
  let lens = new Uint16Array(ids.length);
  let count = 0;
  let chars = 0;
  const intern = new Map<string, number>();
  const push = (id: number, len: number): void => {
    if (count === ids.length) {
      const ni = new Int32Array(ids.length * 2);
      ni.set(ids);
      ids = ni;
      const nl = new Uint16Array(lens.length * 2);
      nl.set(lens);
      lens = nl;
    }
    ids[count] = id;
    lens[count] = Math.min(len, 65535);
    count++;
    chars += len;
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.codePointAt(i)!;
    const w = c > 0xffff ? 2 : 1;
    if (zh && isHanCode(c)) {
      push(c, w);
      words.push(text.slice(i, i + w));
      i += w;
      continue;
    }
    const ch = w === 2 ? text.slice(i, i + 2) : text[i]!;
    if (!startsWord(c, ch, zh)) {
      i += w;
      continue;
    }
    let j = i + w;
    while (j < n) {
      const d = text.codePointAt(j)!;
      const dw = d > 0xffff ? 2 : 1;
      if (!continuesWord(d, dw === 2 ? text.slice(j, j + 2) : text[j]!, zh)) break;
      j += dw;
    }
    const word = text.slice(i, j).toLowerCase();
    let id = intern.get(word);
    if (id === undefined) {
      id = 0x40000 + intern.size;
      intern.set(word, id);
    }
    push(id, word.length);
    words.push(word);
    i = j;
  }
  return { ids, lens, count, chars };
}

/** Lower-cased units of the text: words, or for Chinese each Han character and each non-Han word. */
export function textUnits(text: string, lang: Lang): string[] {
  const out: string[] = [];
  unitSeq(text, lang, out);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Markup and garbling

const TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>]{0,300})?\/?>|<!--|-->|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g;

/** Mojibake: UTF-8 read as Latin-1/CP1252 ("Ã©", "â€™", "Â "), and the GBK-of-U+FFFD/uninitialised-memory
 * classics "锟斤拷" and "烫烫烫"/"屯屯屯". */
const MOJIBAKE = /[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf™œ˜”“š¦¢¡]|锟斤拷|烫烫|屯屯/g;

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------------------
// Repetition (Gopher, Rae et al. 2021: duplicate line/paragraph character fractions, top n-gram coverage)

/** Characters in items that repeat an earlier item, over the characters of all (non-blank) items. */
function dupFraction(items: string[]): number {
  const seen = new Set<string>();
  let total = 0;
  let dup = 0;
  for (const raw of items) {
    const s = raw.trim();
    if (!s) continue;
    total += s.length;
    if (seen.has(s)) dup += s.length;
    else seen.add(s);
  }
  return total > 0 ? dup / total : 0;
}

/**
 * Share of unit characters covered by the most frequent n-gram of units: count(top) × chars(top) / chars(all
 * units). 0 when there are fewer than n units or nothing repeats. N-grams are keyed by a 64-bit hash of
 * their unit ids (two independent 32-bit mixes): a collision among a document's n-grams is vanishingly rare
 * and could only nudge one count.
 */
export function topNgramFrac(seq: UnitSeq, n: number): number {
  const { ids, lens, count, chars } = seq;
  if (count < n || chars === 0) return 0;
  // Open-addressing table of (h1, h2) → count, three int32 per slot in one reused array: no per-n-gram
  // objects or strings, and no allocation per call.
  let cap = 16;
  while (cap < (count - n + 1) * 2) cap <<= 1;
  const mask = cap - 1;
  if (ngramTable.length < cap * 3) ngramTable = new Int32Array(cap * 3);
  else ngramTable.fill(0, 0, cap * 3);
  const t = ngramTable;
  let bestCount = 0;
  let bestPos = 0;
  const seed1 = 0x9e3779b9 ^ n;
  const seed2 = 0x85ebca6b ^ n;
  for (let i = 0, last = count - n; i <= last; i++) {
    let h1 = seed1;
    let h2 = seed2;
    for (let k = i, e = i + n; k < e; k++) {
      const id = ids[k]!;
      h1 = Math.imul(h1 ^ id, 0x01000193);
      h1 ^= h1 >>> 15;
      h2 = Math.imul(h2 + id, 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    let slot = (h1 & mask) * 3;
    for (;;) {
      const c = t[slot + 2]!;
      if (c === 0) {
        t[slot] = h1;
        t[slot + 1] = h2;
        t[slot + 2] = 1;
        if (bestCount === 0) {
          bestCount = 1;
          bestPos = i;
        }
        break;
      }
      if (t[slot] === h1 && t[slot + 1] === h2) {
        t[slot + 2] = c + 1;
        if (c + 1 > bestCount) {
          bestCount = c + 1;
          bestPos = i;
        }
        break;
      }
      slot = slot + 3 === cap * 3 ? 0 : slot + 3;
    }
  }
  if (ngramTable.length > 3 << 20) ngramTable = new Int32Array(3 * 1024); // not kept after a huge text
  if (bestCount < 2) return 0; // nothing repeats
  let gramChars = 0;
  for (let k = 0; k < n; k++) gramChars += lens[bestPos + k]!;
  return Math.min(1, (bestCount * gramChars) / chars);
}

/** topNgramFrac's table, reused (it only grows). */
let ngramTable = new Int32Array(3 * 1024);

// ---------------------------------------------------------------------------------------------------------
// PII

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;

// Phones: Chinese mobile (optionally +86), international "+CC ..." numbers, North-American (xxx) xxx-xxxx /
// xxx-xxx-xxxx, Chinese landline 0xx(x)-xxxxxxx(x). Digit runs must not continue (so IDs and card numbers
// are not read as phones).
const PHONE = new RegExp(
  [
    String.raw`(?<![\d+])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d])`,
    String.raw`(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d])`,
    String.raw`(?<![\w(])\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}(?!\d)`,
    String.raw`(?<![\w.-])\d{3}[.-]\d{3}[.-]\d{4}(?![\d.-]?\d)`,
    String.raw`(?<![\w.-])0\d{2,3}-\d{7,8}(?![\d-])`,
  ].join('|'),
  'g',
);

const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]|\.\d)/g;
const IPV6_CANDIDATE = /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|::?){1,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])/g;

const IPV6_AT = new RegExp(IPV6_CANDIDATE.source, 'y');

/**
 * IPv6 addresses: the matches of IPV6_CANDIDATE that isIpv6 accepts, found as its global scan finds them but
 * trying only the positions where a match can start. Every match begins with `h{1,4}:` or `:`, so it starts
 * at most four characters before a colon, and that colon is the first one at or after its start: for each
 * colon in order, the untried positions up to four before it are tried, in order.
 */
function countIpv6(text: string): number {
  let ips = 0;
  let from = 0;
  let c = text.indexOf(':');
  while (c >= 0) {
    let next = c + 1;
    for (let p = Math.max(from, c - 4); p <= c; p++) {
      IPV6_AT.lastIndex = p;
      const m = IPV6_AT.exec(text);
      if (m) {
        if (isIpv6(m[0])) ips++;
        next = IPV6_AT.lastIndex;
        break;
      }
    }
    from = next;
    c = text.indexOf(':', from);
  }
  return ips;
}

function isIpv6(s: string): boolean {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const groups = s.split(':').filter((g) => g !== '');
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (dbl < 0) return groups.length === 8;
  if (groups.length > 7) return false;
  // "::" alone or "::1" are addresses; "a::b" with only decimal digits is more likely a ratio or time.
  return s === '::' || groups.length === 0 || groups.some((g) => /[A-Fa-f]/.test(g)) || s.startsWith('::') || groups.length >= 3;
}

const CN_ID = /(?<![\dA-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_ID_CHECK = '10X98765432';

/** Checksum of the Chinese resident ID (GB 11643-1999, ISO 7064 MOD 11-2). */
export function validChineseId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * CN_ID_WEIGHTS[i]!;
  return CN_ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
// Visa, Mastercard (51–55, 2221–2720), Amex, Diners, Discover, JCB, UnionPay.
const CARD_IIN = /^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2(?:2[2-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}|3[47]\d{13}|3(?:0[0-5]|[68]\d)\d{11,16}|6(?:011|5\d\d|4[4-9]\d)\d{12,15}|35\d{14}|62\d{14,17})$/;

/** Luhn check digit test (payment cards). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

const ASCII_DIGIT = /[0-9]/;

export interface PiiCounts {
  emails: number;
  phones: number;
  ips: number;
  idNumbers: number;
}

/** Counts e-mail addresses, phone numbers, IP addresses and ID-like numbers (checksummed where possible). */
export function countPii(text: string): PiiCounts {
  // Every match of EMAIL has an "@", of IPV6_CANDIDATE a ":", of the others an ASCII digit: a text without
  // one skips those expressions (the same counts, less scanning).
  const emails = text.includes('@') ? countMatches(EMAIL, text) : 0;
  if (!ASCII_DIGIT.test(text)) {
    return { emails, phones: 0, ips: countIpv6(text), idNumbers: 0 };
  }
  // IDs first: their digit runs must not be counted again as cards.
  let idNumbers = 0;
  const idSpans = new Set<string>();
  CN_ID.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CN_ID.exec(text)) !== null) {
    if (validChineseId(m[0])) {
      idNumbers++;
      idSpans.add(m[0]);
    }
  }
  idNumbers += countMatches(SSN, text);
  CARD.lastIndex = 0;
  while ((m = CARD.exec(text)) !== null) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || idSpans.has(digits)) continue;
    if (/^(\d)\1+$/.test(digits)) continue; // 0000… placeholders
    // Payment-card issuer prefixes and lengths, so that runs of years ("1996 1997 1998 1999") or other
    // numbers that happen to pass Luhn are not counted.
    if (CARD_IIN.test(digits) && luhnValid(digits)) idNumbers++;
  }
  // Dotted quads of single digits are section or version numbers ("3.1.4.2"), not addresses worth flagging.
  let ips = 0;
  IPV4.lastIndex = 0;
  while ((m = IPV4.exec(text)) !== null) if (!/^\d\.\d\.\d\.\d$/.test(m[0])) ips++;
  ips += countIpv6(text);
  const phones = countMatches(PHONE, text);
  return { emails, phones, ips, idNumbers };
}

// ---------------------------------------------------------------------------------------------------------

/** Computes every quality signal of a document. Linear in the text length. */
export function computeQuality(text: string, lang: Lang, opts: QualityOptions = {}): QualitySignals {
  const len = text.length || 1;
  const seq = unitSeq(text, lang);
  const unitCount = seq.count;

  // Every match of TAG holds '<', '&' or '-->'.
  const markup = text.includes('<') || text.includes('&') || text.includes('-->') ? countMatches(TAG, text) : 0;

  // One pass: garbled characters (as garbledCount) and the Gopher symbol-to-word ratio's symbols ('#' and
  // ellipses '…', '...', each '...' counted once and its dots skipped).
  let garbled = 0;
  let symbols = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 32 && c < 0x7f) {
      if (c === 46) {
        // A run of dots: floor(run / 3) ellipses, as the left-to-right scan that skips a found '...' counts.
        dots++;
        if (dots === 3) {
          symbols++;
          dots = 0;
        }
        continue;
      }
      dots = 0;
      if (c === 35) symbols++;
      continue;
    }
    dots = 0;
    if (c === 0xfffd) garbled++;
    else if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || (c >= 0x7f && c <= 0x9f)) garbled++;
    else if (c >= 0xe000 && c <= 0xf8ff) garbled++; // private use area: almost always broken fonts/encodings
    else if (c === 0x2026) symbols++;
  }
  garbled += countMatches(MOJIBAKE, text);

  const lines = text.split('\n');
  const paras = text.split(/\n[ \t\r]*\n/);

  const minUnits = opts.minUnits ?? (lang === 'zh' ? 100 : 50);
  const maxUnits = opts.maxUnits ?? (lang === 'zh' ? 200_000 : 100_000);
  const pii = countPii(text);

  return {
    markupPer1k: (markup * 1000) / len,
    garbledPer1k: (garbled * 1000) / len,
    symbolRatio: unitCount > 0 ? symbols / unitCount : symbols > 0 ? 1 : 0,
    dupLineFrac: dupFraction(lines),
    dupParaFrac: dupFraction(paras),
    top2gramFrac: topNgramFrac(seq, 2),
    top3gramFrac: topNgramFrac(seq, 3),
    top4gramFrac: topNgramFrac(seq, 4),
    emails: pii.emails,
    phones: pii.phones,
    ips: pii.ips,
    idNumbers: pii.idNumbers,
    tooShort: unitCount < minUnits ? 1 : 0,
    tooLong: unitCount > maxUnits ? 1 : 0,
  };
}
