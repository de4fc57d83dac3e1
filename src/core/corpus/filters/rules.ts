// The four datatrove filters as they decide, rule by rule: GopherRepetitionFilter, GopherQualityFilter,
// C4QualityFilter and FineWebQualityFilter (datatrove v0.10.0, default thresholds from presets.ts).
// Each function computes every rule's value on the text and lists the rules that drop the document on
// their own (`hits`, in datatrove's order); `reason` is what datatrove's filter() returns with every rule
// on (the first rule that drops). Counting follows datatrove exactly: lengths in code points (Python
// len), lines by str.splitlines / split("\n") / re.split("\n+") as each filter does, words from NLTK's
// tokenizer (treebank.ts), n-grams case-sensitive, the top n-gram counted even when it occurs once.
import { type C4LineRules, C4_DEFAULT_LINE_RULES, type FilterHit, type FilterId, RULES, type RuleDef, ruleDrops } from './presets';
import { type LineWordStats, PY_D, hasAlpha, pyCount, pyLen, pyLstrip, pyRstrip, pySplitlines, pyStrip, splitWordStats } from './pytext';
import { sentenceSpans } from './punkt';

export type { FilterHit };

export interface FilterOutcome {
  filter: FilterId;
  /** Every rule's value by reason string (NaN where datatrove would not get a number). */
  values: Record<string, number>;
  /** The rules that drop the document on their own, in datatrove's order. */
  hits: FilterHit[];
  /** datatrove's reason with all rules on (null: kept). */
  reason: string | null;
}

export interface C4Outcome extends FilterOutcome {
  /** One character per str.splitlines() line: k kept, p punctuation, w words, L long word, j javascript, c policy, X dropped there. */
  lineOutcomes: string;
  sentences: number;
  /** The text C4 writes back when it keeps the document (kept lines, stripped, joined with \n). */
  textAfter: string;
}

const BY_FILTER = new Map<FilterId, RuleDef[]>();
for (const r of RULES) {
  const list = BY_FILTER.get(r.filter) ?? [];
  list.push(r);
  BY_FILTER.set(r.filter, list);
}

function outcome(filter: FilterId, values: Record<string, number>, skip?: ReadonlySet<string>): FilterOutcome {
  const hits: FilterHit[] = [];
  for (const def of BY_FILTER.get(filter)!) {
    if (skip?.has(def.rule)) continue;
    const v = values[def.rule];
    if (v !== undefined && ruleDrops(def, v)) hits.push({ filter, rule: def.rule, value: v, threshold: def.threshold });
  }
  return { filter, values, hits, reason: hits[0]?.rule ?? null };
}

const div = (a: number, b: number): number => (b === 0 ? NaN : a / b);

// ---------------------------------------------------------------------------------------------------------
// Character sets (datatrove's utils/text.py).

/** datatrove's TERMINAL_PUNCTUATION (Unicode sentence terminals as of its Unicode version, plus Khmer signs). */
const TERMINAL_CODES = [
  0x21, 0x2e, 0x3f, 0x589, 0x61d, 0x61e, 0x61f, 0x6d4, 0x700, 0x701, 0x702, 0x7f9,
  0x837, 0x839, 0x83d, 0x83e, 0x964, 0x965, 0x104a, 0x104b, 0x1362, 0x1367, 0x1368, 0x166e,
  0x1735, 0x1736, 0x17d4, 0x17d5, 0x17d6, 0x17d9, 0x17da, 0x1803, 0x1809, 0x1944, 0x1945, 0x1aa8,
  0x1aa9, 0x1aaa, 0x1aab, 0x1b5a, 0x1b5b, 0x1b5e, 0x1b5f, 0x1b7d, 0x1b7e, 0x1c3b, 0x1c3c, 0x1c7e,
  0x1c7f, 0x203c, 0x203d, 0x2047, 0x2048, 0x2049, 0x2e2e, 0x2e3c, 0x2e53, 0x2e54, 0x3002, 0xa4ff,
  0xa60e, 0xa60f, 0xa6f3, 0xa6f7, 0xa876, 0xa877, 0xa8ce, 0xa8cf, 0xa92f, 0xa9c8, 0xa9c9, 0xaa5d,
  0xaa5e, 0xaa5f, 0xaaf0, 0xaaf1, 0xabeb, 0xfe52, 0xfe56, 0xfe57, 0xff01, 0xff0e, 0xff1f, 0xff61,
  0x10a56, 0x10a57, 0x10f55, 0x10f56, 0x10f57, 0x10f58, 0x10f59, 0x10f86, 0x10f87, 0x10f88, 0x10f89, 0x11047,
  0x11048, 0x110be, 0x110bf, 0x110c0, 0x110c1, 0x11141, 0x11142, 0x11143, 0x111c5, 0x111c6, 0x111cd, 0x111de,
  0x111df, 0x11238, 0x11239, 0x1123b, 0x1123c, 0x112a9, 0x1144b, 0x1144c, 0x115c2, 0x115c3, 0x115c9, 0x115ca,
  0x115cb, 0x115cc, 0x115cd, 0x115ce, 0x115cf, 0x115d0, 0x115d1, 0x115d2, 0x115d3, 0x115d4, 0x115d5, 0x115d6,
  0x115d7, 0x11641, 0x11642, 0x1173c, 0x1173d, 0x1173e, 0x11944, 0x11946, 0x11a42, 0x11a43, 0x11a9b, 0x11a9c,
  0x11c41, 0x11c42, 0x11ef7, 0x11ef8, 0x11f43, 0x11f44, 0x16a6e, 0x16a6f, 0x16af5, 0x16b37, 0x16b38, 0x16b44,
  0x16e98, 0x1bc9f, 0x1da88,
];
export const TERMINAL_PUNCTUATION: ReadonlySet<number> = new Set(TERMINAL_CODES);

/** datatrove's PUNCTUATION_SET: its punctuation list, C0/C1 controls except \t and \n, and the terminals. */
const PUNCTUATION_SET = new Set<number>(TERMINAL_CODES);
for (const ch of '!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„\';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_."}►»') PUNCTUATION_SET.add(ch.codePointAt(0)!);
for (let c = 0; c < 160; c++) if (c < 9 || (c > 10 && c < 32) || c >= 127) PUNCTUATION_SET.add(c);

/** A token with a character outside the punctuation set (datatrove's "non-symbol word"). */
function isNonSymbol(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.codePointAt(i)!;
    if (!PUNCTUATION_SET.has(c)) return true;
    if (c > 0xffff) i++;
  }
  return false;
}

function lastCodePoint(s: string): number {
  const c = s.charCodeAt(s.length - 1);
  return c >= 0xdc00 && c <= 0xdfff && s.length > 1 ? s.codePointAt(s.length - 2)! : c;
}

// ---------------------------------------------------------------------------------------------------------
// GopherQualityFilter

const STOP_WORDS = ['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with'];

export interface WordOptions {
  /** Skip the rules that do not apply (Chinese: mean word length, English stop words). */
  skip?: ReadonlySet<string>;
}

export function gopherQuality(text: string, words: readonly string[], opts: WordOptions = {}): FilterOutcome {
  const nWords = words.length;
  let nonSymbol = 0;
  let nonSymbolChars = 0;
  let alphaWords = 0;
  const stop = new Set<string>();
  for (const w of words) {
    if (isNonSymbol(w)) {
      nonSymbol++;
      nonSymbolChars += pyLen(w);
    }
    if (hasAlpha(w)) alphaWords++;
    if (w.length <= 4 && STOP_WORDS.includes(w)) stop.add(w);
  }
  const avg = div(nonSymbolChars, nonSymbol);
  const lines = pySplitlines(text);
  let bullets = 0;
  let endEllipsis = 0;
  for (const line of lines) {
    const l = pyLstrip(line);
    if (l.startsWith('•') || l.startsWith('-')) bullets++;
    const r = pyRstrip(line);
    if (r.endsWith('...') || r.endsWith('…')) endEllipsis++;
  }
  const values: Record<string, number> = {
    gopher_short_doc: nonSymbol,
    gopher_long_doc: nonSymbol,
    gopher_below_avg_threshold: avg,
    gopher_above_avg_threshold: avg,
    gopher_too_many_hashes: div(pyCount(text, '#'), nWords),
    gopher_too_many_ellipsis: div(pyCount(text, '...') + pyCount(text, '…'), nWords),
    gopher_too_many_bullets: div(bullets, lines.length),
    gopher_too_many_end_ellipsis: div(endEllipsis, lines.length),
    gopher_below_alpha_threshold: div(alphaWords, nWords),
    gopher_enough_stop_words: stop.size,
  };
  return outcome('gopher_quality', values, opts.skip);
}

// ---------------------------------------------------------------------------------------------------------
// GopherRepetitionFilter

/** datatrove's find_duplicates: how many elements repeat an earlier one, and their characters. */
export function findDuplicates(items: readonly string[]): [number, number] {
  const seen = new Set<string>();
  let n = 0;
  let chars = 0;
  for (const x of items) {
    if (seen.has(x)) {
      n++;
      chars += pyLen(x);
    } else seen.add(x);
  }
  return [n, chars];
}

/** Characters of the most frequent space-joined n-gram × its count (first seen wins a tie, as Counter.most_common). */
export function topNgramChars(words: readonly string[], n: number): number | undefined {
  return new WordSeq(words).topNgramChars(n);
}

/** datatrove's find_all_duplicate: a greedy scan over n-grams joined without spaces. */
export function duplicatedNgramChars(words: readonly string[], n: number): number {
  return new WordSeq(words).duplicatedNgramChars(n);
}

/** Scratch tables shared by every WordSeq (one text at a time on a thread), grown as needed. */
let SCRATCH_SIZE = 0;
let TAB_A = new Int32Array(0);
let TAB_B = new Int32Array(0);
let TAB_VAL = new Int32Array(0);
function scratchTables(size: number): void {
  if (SCRATCH_SIZE >= size) return;
  SCRATCH_SIZE = size;
  TAB_A = new Int32Array(size);
  TAB_B = new Int32Array(size);
  TAB_VAL = new Int32Array(size);
}
let LEVEL_CUR = new Int32Array(0);
let LEVEL_NEXT = new Int32Array(0);
let LEVEL_COUNTS = new Int32Array(0);
let LEVEL_FIRST = new Int32Array(0);
function scratchLevels(n: number): void {
  if (LEVEL_CUR.length >= n) return;
  const size = Math.max(n, LEVEL_CUR.length * 2);
  LEVEL_CUR = new Int32Array(size);
  LEVEL_NEXT = new Int32Array(size);
  LEVEL_COUNTS = new Int32Array(size);
  LEVEL_FIRST = new Int32Array(size);
}

/**
 * The words of a text prepared for the n-gram rules without building an n-gram string per position:
 * words interned to ids (space-joined n-grams are equal exactly when their word sequences are), and a
 * polynomial hash over the words joined without spaces (n-grams joined without spaces can be equal for
 * different word sequences, "ab c" and "a bc"); every hash hit is checked against the text itself.
 * Hashes are kept in int32 arithmetic (no boxed numbers); the open-addressing tables are shared scratch.
 */
class WordSeq {
  readonly ids: Int32Array;
  readonly cp: Int32Array; // code points of words[0..i)
  readonly off: Int32Array; // UTF-16 offset of word i in the joined string
  private joinedText?: string;
  private h1?: Int32Array;
  private h2?: Int32Array;

  constructor(readonly words: readonly string[]) {
    const n = words.length;
    this.ids = new Int32Array(n);
    this.cp = new Int32Array(n + 1);
    this.off = new Int32Array(n + 1);
    const intern = new Map<string, number>();
    let cp = 0;
    let off = 0;
    for (let i = 0; i < n; i++) {
      const w = words[i]!;
      let id = intern.get(w);
      if (id === undefined) intern.set(w, (id = intern.size));
      this.ids[i] = id;
      const len = w.length;
      let points = len;
      for (let j = 0; j < len; j++) {
        const c = w.charCodeAt(j);
        if (c >= 0xd800 && c <= 0xdbff && j + 1 < len) {
          const d = w.charCodeAt(j + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            points--;
            j++;
          }
        }
      }
      cp += points;
      off += len;
      this.cp[i + 1] = cp;
      this.off[i + 1] = off;
    }
  }

  get joined(): string {
    return (this.joinedText ??= this.words.join(''));
  }

  topNgramChars(n: number): number | undefined {
    return this.topNgramCharsUpTo(n)[n];
  }

  /**
   * topNgramChars for every n from 2 to `maxN` (index n of the answer), level by level: the k-gram ids
   * (in order of first occurrence) come from the (k-1)-gram ids and the next word, through an
   * open-addressing table of id pairs.
   */
  topNgramCharsUpTo(maxN: number): (number | undefined)[] {
    const len = this.words.length;
    const out: (number | undefined)[] = [];
    let size = 16;
    while (size < 2 * len) size <<= 1;
    const mask = size - 1;
    scratchTables(size);
    scratchLevels(len);
    const ka = TAB_A;
    const kb = TAB_B;
    const val = TAB_VAL;
    const ids = this.ids;
    let level = LEVEL_CUR;
    let next = LEVEL_NEXT;
    level.set(ids);
    const counts = LEVEL_COUNTS;
    const firstAt = LEVEL_FIRST;
    for (let k = 2; k <= maxN; k++) {
      if (len < k) {
        out[k] = undefined;
        continue;
      }
      const m = len - k + 1;
      val.fill(0, 0, size);
      counts.fill(0, 0, m);
      let vocab = 0;
      for (let i = 0; i < m; i++) {
        const a = level[i]!;
        const b = ids[i + k - 1]!;
        let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & mask;
        let id: number;
        for (;;) {
          const v = val[slot]!;
          if (v === 0) {
            id = vocab++;
            val[slot] = id + 1;
            ka[slot] = a;
            kb[slot] = b;
            firstAt[id] = i;
            break;
          }
          if (ka[slot] === a && kb[slot] === b) {
            id = v - 1;
            break;
          }
          slot = (slot + 1) & mask;
        }
        next[i] = id;
        counts[id]!++;
      }
      let best = 0;
      for (let id = 1; id < vocab; id++) if (counts[id]! > counts[best]!) best = id;
      const at = firstAt[best]!;
      out[k] = (this.cp[at + k]! - this.cp[at]! + (k - 1)) * counts[best]!;
      const t = level;
      level = next;
      next = t;
    }
    return out;
  }

  private hashes(): void {
    const m = this.off[this.words.length]!;
    const h1 = new Int32Array(m + 1);
    const h2 = new Int32Array(m + 1);
    let x = 0;
    let y = 0;
    let p = 0;
    for (const w of this.words) {
      for (let j = 0; j < w.length; j++) {
        const c = w.charCodeAt(j) + 1;
        x = (Math.imul(x, 0x9e3779b1) + c) | 0;
        y = (Math.imul(y, 0x85ebca77) + Math.imul(c, 0x27d4eb2f)) | 0;
        p++;
        h1[p] = x;
        h2[p] = y;
      }
    }
    this.h1 = h1;
    this.h2 = h2;
    growPowers(m + 1);
  }

  duplicatedNgramChars(n: number): number {
    const len = this.words.length;
    if (len - n + 1 <= 0) return 0;
    if (!this.h1) this.hashes();
    const h1 = this.h1!;
    const h2 = this.h2!;
    const p1 = POW1;
    const p2 = POW2;
    const off = this.off;
    const cp = this.cp;
    // Open addressing over (x, y) hash pairs: slot → 1 + index of the first n-gram with that hash.
    let size = 16;
    while (size < 2 * (len - n + 1)) size <<= 1;
    scratchTables(size);
    const slots = TAB_VAL;
    const sx = TAB_A;
    const sy = TAB_B;
    slots.fill(0, 0, size);
    const mask = size - 1;
    let repeated = 0;
    let i = 0;
    const last = len - n + 1;
    while (i < last) {
      const a = off[i]!;
      const b = off[i + n]!;
      const x = (h1[b]! - Math.imul(h1[a]!, p1[b - a]!)) | 0;
      const y = (h2[b]! - Math.imul(h2[a]!, p2[b - a]!)) | 0;
      let slot = (x ^ Math.imul(y, 0x9e3779b1)) & mask;
      let dup = false;
      for (;;) {
        const at = slots[slot]!;
        if (at === 0) {
          slots[slot] = i + 1;
          sx[slot] = x;
          sy[slot] = y;
          break;
        }
        if (sx[slot] === x && sy[slot] === y) {
          const pa = off[at - 1]!;
          const pb = off[at - 1 + n]!;
          dup = pb - pa === b - a && sameChars(this.joined, pa, a, b - a);
          // A hash collision between different strings: redo this n with the strings themselves.
          if (!dup) return this.duplicatedExact(n);
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (dup) {
        repeated += cp[i + n]! - cp[i]!;
        i += n;
      } else i++;
    }
    return repeated;
  }

  private duplicatedExact(n: number): number {
    const seen = new Set<string>();
    let repeated = 0;
    let i = 0;
    const len = this.words.length;
    const joined = this.joined;
    while (i < len - n + 1) {
      const g = joined.slice(this.off[i]!, this.off[i + n]!);
      if (seen.has(g)) {
        repeated += this.cp[i + n]! - this.cp[i]!;
        i += n;
      } else {
        seen.add(g);
        i++;
      }
    }
    return repeated;
  }
}

/** s.slice(a, a + len) === s.slice(b, b + len), without building either. */
function sameChars(s: string, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (s.charCodeAt(a + k) !== s.charCodeAt(b + k)) return false;
  return true;
}

/** Powers of the two rolling-hash bases (mod 2^32, as int32), shared by every WordSeq and grown as needed. */
let POW1 = new Int32Array([1]);
let POW2 = new Int32Array([1]);
function growPowers(n: number): void {
  if (POW1.length >= n) return;
  const size = Math.max(n, POW1.length * 2);
  const p1 = new Int32Array(size);
  const p2 = new Int32Array(size);
  p1.set(POW1);
  p2.set(POW2);
  for (let i = POW1.length; i < size; i++) {
    p1[i] = Math.imul(p1[i - 1]!, 0x9e3779b1);
    p2[i] = Math.imul(p2[i - 1]!, 0x85ebca77);
  }
  POW1 = p1;
  POW2 = p2;
}

const PARA_SPLIT = /\n{2,}/;
const LINE_SPLIT = /\n+/;

export function gopherRepetition(text: string, words: readonly string[], opts: WordOptions = {}): FilterOutcome {
  const len = pyLen(text);
  const paragraphs = pyStrip(text).split(PARA_SPLIT);
  const [dupParas, dupParaChars] = findDuplicates(paragraphs);
  const lines = text.split(LINE_SPLIT);
  const [dupLines, dupLineChars] = findDuplicates(lines);
  const values: Record<string, number> = {
    dup_para_frac: div(dupParas, paragraphs.length),
    dup_para_char_frac: div(dupParaChars, len),
    dup_line_frac: div(dupLines, lines.length),
    dup_line_char_frac: div(dupLineChars, len),
  };
  const seq = new WordSeq(words);
  // Values of skipped rules are never read (Chinese: the top n-gram rules do not apply).
  const skipTops = opts.skip !== undefined && [2, 3, 4].every((n) => opts.skip!.has(`top_${n}_gram`));
  const tops = skipTops ? [] : seq.topNgramCharsUpTo(4);
  for (const n of [2, 3, 4]) {
    const top = tops[n];
    values[`top_${n}_gram`] = top === undefined ? NaN : div(top, len);
  }
  for (let n = 5; n <= 10; n++) values[`duplicated_${n}_n_grams`] = div(seq.duplicatedNgramChars(n), len);
  return outcome('gopher_repetition', values, opts.skip);
}

// ---------------------------------------------------------------------------------------------------------
// C4QualityFilter

const CITATION = new RegExp(`\\[[${PY_D}]*\\]|\\[edit\\]|\\[citation needed\\]`, 'gu');
const END_PUNCTUATION = ['.', '?', '!', '"', "'"];
const POLICY = ['terms of use', 'privacy policy', 'cookie policy', 'uses cookies', 'use of cookies', 'use cookies'];

export interface C4Options {
  lineRules?: C4LineRules;
  /** Sentence counter for a kept line (default: Punkt, as datatrove with NLTK). */
  countSentences?: (line: string) => number;
  /** Line terminators accepted besides . ? ! " ' (Chinese: 。！？…). */
  extraEndPunctuation?: readonly string[];
  /** How many words a line has and whether one is longer than `maxLength` code points (default: the words
   * of str.split(), counted without building them). */
  lineWordStats?: (line: string, maxLength: number) => LineWordStats;
  /** Words of a line (used when lineWordStats is not given). */
  lineWords?: (line: string) => string[];
  /** Skip these document rules (Chinese: too_few_sentences). */
  skip?: ReadonlySet<string>;
}

export type { LineWordStats };

export function c4Quality(text: string, opts: C4Options = {}): C4Outcome {
  const rules = opts.lineRules ?? C4_DEFAULT_LINE_RULES;
  const ends = opts.extraEndPunctuation ? [...END_PUNCTUATION, ...opts.extraEndPunctuation] : END_PUNCTUATION;
  const countSentences = opts.countSentences ?? ((l: string) => sentenceSpans(l).length);
  const lineWords = opts.lineWords;
  const lineWordStats =
    opts.lineWordStats ??
    (lineWords
      ? (line: string, max: number): LineWordStats => {
          const ws = lineWords(line);
          return { words: ws.length, long: ws.some((w) => w.length > max && pyLen(w) > max) };
        }
      : splitWordStats);
  let outcomes = '';
  let sentences = 0;
  let lorem = -1;
  let curly = -1;
  const kept: string[] = [];
  const lines = pySplitlines(text);
  for (let i = 0; i < lines.length; i++) {
    let line = pyStrip(lines[i]!);
    const words = lineWordStats(line, rules.maxWordLength === -1 ? Infinity : rules.maxWordLength);
    if (words.long) {
      outcomes += 'L';
      continue;
    }
    if (rules.removeCitations && line.includes('[')) line = line.replace(CITATION, '');
    if (rules.filterNoTerminalPunct && (!ends.some((e) => line.endsWith(e)) || line.endsWith('...'))) {
      outcomes += 'p';
      continue;
    }
    if (words.words < rules.minWordsPerLine) {
      outcomes += 'w';
      continue;
    }
    const lower = line.toLowerCase();
    if (lorem < 0 && lower.includes('lorem ipsum')) lorem = i;
    if (rules.filterJavascript && lower.includes('javascript')) {
      outcomes += 'j';
      continue;
    }
    if (curly < 0 && line.includes('{')) curly = i;
    if (rules.filterPolicy && POLICY.some((p) => lower.includes(p))) {
      outcomes += 'c';
      continue;
    }
    sentences += countSentences(line);
    kept.push(line);
    outcomes += 'k';
  }
  const values: Record<string, number> = {
    lorem_ipsum: lorem >= 0 ? 1 : 0,
    curly_bracket: curly >= 0 ? 1 : 0,
    too_few_sentences: sentences,
  };
  const base = outcome('c4', values, opts.skip);
  // With every rule on, the document goes at the first line with lorem ipsum or "{" (lorem first on a tie).
  const dropLine = lorem >= 0 && (curly < 0 || lorem <= curly) ? lorem : curly;
  const reason = dropLine >= 0 ? (dropLine === lorem ? 'lorem_ipsum' : 'curly_bracket') : base.reason;
  if (dropLine >= 0) outcomes = outcomes.slice(0, dropLine) + 'X';
  return { ...base, reason, lineOutcomes: outcomes, sentences, textAfter: pyStrip(kept.join('\n')) };
}

// ---------------------------------------------------------------------------------------------------------
// FineWebQualityFilter

/** `words`: the text's words, or a function giving them or their number (asked only when a line is left). */
export function finewebQuality(text: string, words: readonly string[] | (() => readonly string[] | number), opts: WordOptions = {}): FilterOutcome {
  const lines = text.split('\n').filter((l) => pyStrip(l) !== '');
  if (lines.length === 0) {
    const values: Record<string, number> = { empty: 0, line_punct_ratio: NaN, short_line_ratio: NaN, char_dup_ratio: NaN, list_ratio: NaN };
    return outcome('fineweb', values, opts.skip);
  }
  let punct = 0;
  let short = 0;
  for (const l of lines) {
    if (TERMINAL_PUNCTUATION.has(lastCodePoint(l))) punct++;
    if (l.length <= 30 || pyLen(l) <= 30) short++;
  }
  const w = typeof words === 'function' ? words() : words;
  const nWords = typeof w === 'number' ? w : w.length;
  const values: Record<string, number> = {
    empty: lines.length,
    line_punct_ratio: punct / lines.length,
    short_line_ratio: short / lines.length,
    char_dup_ratio: div(findDuplicates(lines)[1], pyLen(text.replace(/\n/g, ''))),
    list_ratio: div(pyCount(text, '\n'), nWords),
  };
  return outcome('fineweb', values, opts.skip);
}
