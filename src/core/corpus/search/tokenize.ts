// The search tokenizer, for English and Chinese alike.
//
// - Units: lowercase words of letters and digits (Latin and other alphabets), and single Han / kana /
//   hangul characters.
// - Terms: every unit, plus the pair of every two consecutive units: "w1 w2" for words, "人工" for two
//   CJK characters, "gpt 模" across scripts. So 人工智能 → 人 工 人工 智 工智 能 智能: words and one-character
//   queries both match without segmentation. Pairs bridge punctuation (…中心。人口… gives 心人): a phrase
//   copied across a sentence end stays specific to the documents where those sentences are adjacent.
// Pairs make a copied phrase specific where single common words and characters are not (known-item
// search over 100k documents needs that); a query of unrelated words just leaves its pairs unmatched.
// - Full-width ASCII (ＡＢＣ１２３) is folded to ASCII first, the ideographic space is a space.
//
// Two views of the same tokenizer: `tokenize(text)` returns strings (queries, MiniSearch fields),
// `forEachTermKey(text, cb)` streams the 32-bit term keys without allocating a string per token (the
// index build). `termKey(tokenize(x)[i])` is exactly the i-th key `forEachTermKey(x)` emits: the key is
// an FNV-1a hash over the UTF-16 units of the term, finished with an avalanche mix.

/** Character classes: 0 separator, 1 word character, 2 CJK character (Han, kana, hangul). */
const SEP = 0;
const WORD = 1;
const CJK = 2;

/** Lower-cased (and full-width-folded) code unit for the BMP; computed once. */
const FOLD = new Uint16Array(0x10000);
const CLASS = new Uint8Array(0x10000);
(function initTables() {
  for (let c = 0; c < 0x10000; c++) {
    let f = c;
    if (c >= 0xff01 && c <= 0xff5e) f = c - 0xfee0; // full-width ASCII → ASCII
    else if (c === 0x3000) f = 0x20;
    if (f >= 65 && f <= 90) f += 32;
    else if (f >= 0xc0 && f < 0x2000 && f !== 0xd7 && f !== 0xf7) {
      const lower = String.fromCharCode(f).toLowerCase();
      if (lower.length === 1) f = lower.charCodeAt(0);
    }
    FOLD[c] = f;
    let cls = SEP;
    if ((f >= 48 && f <= 57) || (f >= 97 && f <= 122)) cls = WORD;
    else if (f >= 0xc0 && f < 0x2000 && f !== 0xd7 && f !== 0xf7) {
      // Latin-1 letters, Latin extended, Greek, Cyrillic, … : letters and combining marks join words.
      cls = /[\p{L}\p{M}\p{N}]/u.test(String.fromCharCode(f)) ? WORD : SEP;
    } else if (
      (f >= 0x3400 && f <= 0x4dbf) ||
      (f >= 0x4e00 && f <= 0x9fff) ||
      (f >= 0xf900 && f <= 0xfaff) ||
      (f >= 0x3040 && f <= 0x30ff && f !== 0x30fb) ||
      (f >= 0xac00 && f <= 0xd7af)
    )
      cls = CJK;
    CLASS[c] = cls;
  }
})();

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 32-bit key of one term as `tokenize` returns it. */
export function termKey(term: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), FNV_PRIME);
  return finish(h);
}

/** A growable buffer of term keys: `collectTermKeys` appends to buf[n…]. */
export interface KeySink {
  buf: Uint32Array;
  n: number;
}

/**
 * Appends the term keys of `text` in order (duplicates included) to `sink`; no strings are built and no
 * function is called per token.
 */
export function collectTermKeys(text: string, sink: KeySink): void {
  const n = text.length;
  let buf = sink.buf;
  let k = sink.n;
  // Worst case: three keys per character (a CJK unigram + pair, or a word + pair).
  if (k + 3 * n + 2 > buf.length) {
    const grown = new Uint32Array(Math.max(buf.length * 2, k + 3 * n + 2));
    grown.set(buf.subarray(0, k));
    buf = sink.buf = grown;
  }
  let uni = FNV_OFFSET;
  let bi = 0;
  let inWord = false;
  let hasBi = false;
  // FNV state (before finishing) of the previous unit (word or CJK character), -1 at the start.
  let prev = -1;
  let prevCjk = false;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(i);
    let lo = -1;
    let cls: number;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      // A supplementary character: Han extension B+ is CJK, anything else separates.
      const d = text.charCodeAt(i + 1);
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      cls = cp >= 0x20000 && cp <= 0x3134f ? CJK : SEP;
      lo = d;
      i++;
    } else {
      cls = CLASS[c]!;
      c = FOLD[c]!;
    }
    if (cls === WORD) {
      if (!inWord) {
        uni = FNV_OFFSET;
        hasBi = prev !== -1;
        if (hasBi) bi = Math.imul(prev ^ 32, FNV_PRIME);
        inWord = true;
      }
      uni = Math.imul(uni ^ c, FNV_PRIME);
      if (hasBi) bi = Math.imul(bi ^ c, FNV_PRIME);
      continue;
    }
    if (inWord) {
      buf[k++] = finish(uni);
      if (hasBi) buf[k++] = finish(bi);
      inWord = false;
      prev = uni;
      prevCjk = false;
    }
    if (cls === CJK) {
      // The character, then the pair it closes with the previous unit.
      let h = Math.imul(FNV_OFFSET ^ c, FNV_PRIME);
      if (lo >= 0) h = Math.imul(h ^ lo, FNV_PRIME);
      buf[k++] = finish(h);
      if (prev !== -1) {
        let p = prevCjk ? prev : Math.imul(prev ^ 32, FNV_PRIME);
        p = Math.imul(p ^ c, FNV_PRIME);
        if (lo >= 0) p = Math.imul(p ^ lo, FNV_PRIME);
        buf[k++] = finish(p);
      }
      prev = h;
      prevCjk = true;
    }
  }
  if (inWord) {
    buf[k++] = finish(uni);
    if (hasBi) buf[k++] = finish(bi);
  }
  sink.n = k;
}

/** Calls `cb` with each term key of `text`, in order (see collectTermKeys). */
export function forEachTermKey(text: string, cb: (key: number) => void): void {
  const sink: KeySink = { buf: new Uint32Array(16), n: 0 };
  collectTermKeys(text, sink);
  for (let i = 0; i < sink.n; i++) cb(sink.buf[i]!);
}

/**
 * The terms of `text` as strings, in order: each lowercase word followed by the pair it closes ("a b"),
 * and for CJK runs each character followed by the bigram it closes (单 + 单字 …), exactly in the order
 * `forEachTermKey` emits their keys.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let word = '';
  let prev = '';
  let prevCjk = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let ch: string;
    let cls: number;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      cls = cp >= 0x20000 && cp <= 0x3134f ? CJK : SEP;
      ch = text.slice(i, i + 2);
      i++;
    } else {
      cls = CLASS[c]!;
      ch = String.fromCharCode(FOLD[c]!);
    }
    if (cls === WORD) {
      word += ch;
      continue;
    }
    if (word) {
      out.push(word);
      if (prev) out.push(prev + ' ' + word);
      prev = word;
      prevCjk = false;
      word = '';
    }
    if (cls === CJK) {
      out.push(ch);
      if (prev) out.push(prev + (prevCjk ? '' : ' ') + ch);
      prev = ch;
      prevCjk = true;
    }
  }
  if (word) {
    out.push(word);
    if (prev) out.push(prev + ' ' + word);
  }
  return out;
}

/** Query terms: the distinct terms of the query, in first-seen order. */
export function queryTerms(query: string): string[] {
  return [...new Set(tokenize(query))];
}
