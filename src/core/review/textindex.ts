// Finding many short strings (names) in a long text without scanning the text once per string: one pass
// over the text's words keeps the positions of the words that begin like one of the strings.

/** The last long texts lower-cased and their lower case: a review lower-cases its source in two phases. */
const lowerRecent = new Map<string, string>();

/** text.toLowerCase(), shared with later calls on the same long text (the last few are kept). */
export function lowerCased(text: string): string {
  if (text.length < 2000) return text.toLowerCase();
  let lower = lowerRecent.get(text);
  if (lower === undefined) {
    lower = text.toLowerCase();
    if (lowerRecent.size >= 4) lowerRecent.delete(lowerRecent.keys().next().value!);
    lowerRecent.set(text, lower);
  }
  return lower;
}

const FIRST = /^(?:[a-z0-9\u00c0-\u024f]+|[\u3400-\u9fff])/;

/** Characters of a (lower-case) Latin word: a-z, 0-9, Latin-1 and Latin Extended letters. */
function isWordCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f);
}

const isHanKeyCode = (c: number): boolean => c >= 0x3400 && c <= 0x9fff;

/** The key a needle is looked up by: the first (up to) three characters of its first word. */
function keyOf(needle: string): string | undefined {
  const f = FIRST.exec(needle)?.[0];
  return f ? f.slice(0, 3) : undefined;
}

/**
 * A Latin key (one to three word characters, each below 593) as a number: its length and its characters'
 * codes in base 593, below 2^30, a small integer to the engine, so that the scan looks keys up without
 * making a string (or a heap number) per word.
 */
const BASE = 593;
const LEN_UNIT = [1, BASE, BASE ** 2, BASE ** 3];
function latinKey(s: string, at: number, len: number): number {
  let codes = 0;
  for (let i = 0; i < len; i++) codes = codes * BASE + s.charCodeAt(at + i);
  return len * LEN_UNIT[len]! + codes;
}

/** Bits of findAtWordStarts' filter of keys, and the bit of a key. */
const KEY_BITS = 1 << 16;
const keyBit = (key: number): number => Math.imul(key, 0x9e3779b1) >>> 16;

/**
 * For each needle (lower case), the offset of its first occurrence in `textLower` that starts where a
 * word (Latin word or Han character) starts (it may end inside a word: "gan" is found in "gans");
 * needles not found are absent from the map.
 */
export function findAtWordStarts(textLower: string, needles: Iterable<string>): Map<string, number> {
  const all = [...new Set(needles)];
  // needles of word characters only are prefixes of the word they start (one hashing pass finds them all);
  // the others (names of several words, Han, punctuation) are found by their keys below
  const list: string[] = [];
  const words: string[] = [];
  for (const n of all) (n.length > 0 && allWordCodes(n) ? words : list).push(n);
  const asPrefix = words.length ? firstAsWordPrefix(textLower, words) : undefined;
  const keyOfNeedle = new Map<string, number>();
  const keys = new Set<number>();
  // keys that are one Han character, by code (a Chinese text is scanned without a string per character),
  // noted under the negated code so that they never meet a Latin key
  const hanKeys = new Set<number>();
  for (const n of list) {
    const k = keyOf(n);
    if (!k) continue;
    const c = k.charCodeAt(0);
    if (isHanKeyCode(c)) {
      hanKeys.add(c);
      keyOfNeedle.set(n, -c);
    } else {
      const key = latinKey(k, 0, k.length);
      keys.add(key);
      keyOfNeedle.set(n, key);
    }
  }
  // a bit per key hash, tested before the set: most words of a text begin like no needle
  const keyBits = new Int32Array(KEY_BITS >> 5);
  for (const k of keys) {
    const b = keyBit(k);
    keyBits[b >> 5]! |= 1 << (b & 31);
  }
  const starts = new Map<number, number[]>();
  // positions of the Han keys: a flag and a list per code (from U+3400), no set or map looked up per character
  const hanFlag = hanKeys.size ? new Uint8Array(0xa000 - 0x3400) : undefined;
  const hanStarts: Array<number[] | undefined> = hanKeys.size ? new Array<number[] | undefined>(0xa000 - 0x3400) : [];
  if (hanFlag) for (const c of hanKeys) hanFlag[c - 0x3400] = 1;
  const note = (k: number, at: number) => {
    let l = starts.get(k);
    if (!l) starts.set(k, (l = []));
    l.push(at);
  };
  if (keys.size || hanKeys.size) {
    const n = textLower.length;
    let i = 0;
    while (i < n) {
      const c = textLower.charCodeAt(i);
      if (isHanKeyCode(c)) {
        if (hanFlag && hanFlag[c - 0x3400]) (hanStarts[c - 0x3400] ??= []).push(i);
        i++;
      } else if (isWordCode(c)) {
        let j = i + 1;
        while (j < n && isWordCode(textLower.charCodeAt(j))) j++;
        if (keys.size) {
          // latinKey(textLower, i, len) for len 1..3: the codes so far, with the length in front
          let codes = 0;
          for (let len = 1; len <= 3 && len <= j - i; len++) {
            codes = codes * BASE + textLower.charCodeAt(i + len - 1);
            const key = len * LEN_UNIT[len]! + codes;
            const b = keyBit(key);
            if (keyBits[b >> 5]! & (1 << (b & 31)) && keys.has(key)) note(key, i);
          }
        }
        i = j;
      } else i++;
    }
  }
  const byKey = new Map<string, number>();
  for (const n of list) {
    const k = keyOfNeedle.get(n);
    for (const at of (k !== undefined && (k < 0 ? hanStarts[-k - 0x3400] : starts.get(k))) || []) {
      if (textLower.startsWith(n, at)) {
        byKey.set(n, at);
        break;
      }
    }
  }
  // in the needles' order, as one search would give them
  const found = new Map<string, number>();
  for (const n of all) {
    const at = asPrefix?.get(n) ?? byKey.get(n);
    if (at !== undefined) found.set(n, at);
  }
  return found;
}

function allWordCodes(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isWordCode(s.charCodeAt(i))) return false;
  return true;
}

/** FNV-1a step, kept to 30 bits (a small integer to the engine). */
const prefixStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193) & 0x3fffffff;

/**
 * For needles of word characters only: the first word of `textLower` that each is a prefix of (where a
 * Latin word starts, the only places such a needle can be found at a word start). Each word is hashed
 * prefix by prefix, up to the longest needle, and looked up where a needle not found yet may have that
 * hash (a count of such needles per hash slot: a needle once found costs nothing more).
 */
function firstAsWordPrefix(textLower: string, needles: readonly string[]): Map<string, number> {
  const byHash = new Map<number, string[]>();
  let shift = 32 - 10;
  while (shift > 16 && 1 << (32 - shift) < needles.length * 32) shift--;
  const left = new Int32Array(1 << (32 - shift));
  const slot = (h: number) => Math.imul(h, 0x9e3779b1) >>> shift;
  let maxLen = 0;
  for (const n of needles) maxLen = Math.max(maxLen, n.length);
  for (const n of needles) {
    let h = 0;
    for (let i = 0; i < n.length; i++) h = prefixStep(h, n.charCodeAt(i));
    let l = byHash.get(h);
    if (!l) byHash.set(h, (l = []));
    l.push(n);
    left[slot(h)]!++;
  }
  const found = new Map<string, number>();
  const n = textLower.length;
  let i = 0;
  while (i < n && found.size < needles.length) {
    if (!isWordCode(textLower.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    let h = 0;
    for (let c: number; j < n && isWordCode((c = textLower.charCodeAt(j))); j++) {
      if (j - i >= maxLen) continue;
      h = prefixStep(h, c);
      const k = slot(h);
      if (left[k] === 0) continue;
      const len = j - i + 1;
      for (const cand of byHash.get(h) ?? []) {
        if (cand.length === len && !found.has(cand) && textLower.startsWith(cand, i)) {
          found.set(cand, i);
          left[k]!--;
        }
      }
    }
    i = j;
  }
  return found;
}

/**
 * findAtWordStarts(textLower.slice(from, to), [needle]).get(needle) + from, without the copy: the first
 * occurrence of `needle` (lower case) inside [from, to) that starts where a word of that range starts
 * (`from` itself counts as a start); -1 when there is none.
 */
export function firstAtWordStart(textLower: string, needle: string, from = 0, to = textLower.length): number {
  const k = keyOf(needle);
  if (!k) return -1;
  const han = isHanKeyCode(k.charCodeAt(0));
  const c0 = needle.charCodeAt(0);
  // (a scan bounded by the range: indexOf would run on to the end of the text when the range lacks the needle)
  for (let i = from, last = Math.min(to, textLower.length) - needle.length; i <= last; i++) {
    if (textLower.charCodeAt(i) !== c0 || !textLower.startsWith(needle, i)) continue;
    // a Han needle starts at any Han character; a Latin one at a word's first character
    if (han || i === from || !isWordCode(textLower.charCodeAt(i - 1))) return i;
  }
  return -1;
}
