// Values changed in place: a number or date of the source whose exact surroundings (the words right before
// and right after it) the rewrite writes around another value of the same sort — "PPAA News (14)" →
// "PPAA News (10)", "软条11至13枚。" → "软条11至11枚。" — is altered, whatever lookalike elsewhere in the rewrite
// the matching phases found for it. Matching by value alone lets a changed number pass when the new value,
// or the old one, happens to stand somewhere else in the text (a list of counts, a range written twice).
// The surroundings (within the value's sentence and line) must be the same on both sides (lower case, runs of white space as one); where the
// source itself writes the new value in those surroundings, or the rewrite still writes the old one there,
// nothing is said.
import type { RawFact } from './facts';
import { comparableFacts, sameFact } from './match';

const TOKEN = /[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu;
const HAN = /\p{Script=Han}/u;
const LETTERS = /[\p{L}]/u;
/** A sentence's or a line's end: 。！？；!?; a line break; a full stop before white space. */
const SENTENCE_END = /[。！？；!?\n]|\.(?=\s)/g;

/** Tokens of a short stretch of text: Latin words, digit runs, one Han character or punctuation mark each. */
function tokens(s: string): string[] {
  const out: string[] = [];
  for (const m of s.toLowerCase().matchAll(TOKEN)) {
    const t = m[0];
    if (HAN.test(t) && t.length > 1) for (const ch of t) out.push(ch);
    else out.push(t);
  }
  return out;
}

/**
 * The surroundings of a value: three tokens before it and two after, or undefined when they say too little
 * to place it (fewer than two tokens with letters before it, or nothing after it).
 */
export function surroundings(text: string, f: RawFact): string | undefined {
  const quick = surroundingsByScan(text, f);
  return quick === null ? surroundingsByExpressions(text, f) : quick;
}

/** `surroundings` with the regular expressions, on slices of the text: what the scan below must equal. */
export function surroundingsByExpressions(text: string, f: RawFact): string | undefined {
  // within the value's sentence and line: a rewrite may reorder sentences and merge lines
  let left = text.slice(Math.max(0, f.start - 48), f.start);
  let cut = -1;
  for (const m of left.matchAll(SENTENCE_END)) cut = m.index + m[0].length;
  if (cut >= 0) left = left.slice(cut);
  let right = text.slice(f.end, f.end + 24);
  const end = right.search(SENTENCE_END);
  if (end >= 0) right = right.slice(0, end + 1);
  const before = tokens(left).slice(-3);
  const after = tokens(right).slice(0, 2);
  if (before.length < 3 || after.length < 1) return undefined;
  if (before.filter((t) => LETTERS.test(t)).length < 2) return undefined;
  return `${before.join('\u0001')}\u0002${after.join('\u0001')}`;
}

// ---- the same, as a scan of character codes (no slices, no expressions, a string per token kept) ----
// A character's class in lower case (TOKEN's alternatives), with flags: a Han character; a character the scan
// leaves to the expressions (a surrogate, one whose lower case is not one character, or Σ, whose lower case
// depends on its neighbours).
const C_LETTER = 1;
const C_MARK = 2;
const C_NUMBER = 3;
const C_SPACE = 4;
const C_OTHER = 5;
const F_HAN = 8;
const F_COMPLEX = 16;
/** Classes by character code, filled on first sight of each (0: not yet). */
const CLASS = new Uint8Array(65536);
/** A character's lower case by code, made on first sight (only for characters the scan reads: not F_COMPLEX, so one character whatever its neighbours). */
const LOWER: Array<string | undefined> = new Array<string | undefined>(65536).fill(undefined);
const lowerChar = (text: string, p: number): string => (LOWER[text.charCodeAt(p)] ??= text.charAt(p).toLowerCase());
const SPACE = /\s/;
const MARK = /\p{M}/u;
const NUMBER = /\p{N}/u;

function classOf(c: number): number {
  let k = CLASS[c]!;
  if (k === 0) {
    const ch = String.fromCharCode(c);
    const lo = ch.toLowerCase();
    if ((c >= 0xd800 && c <= 0xdfff) || lo.length !== 1 || c === 0x3a3) k = F_COMPLEX;
    else {
      k = LETTERS.test(lo) ? C_LETTER : MARK.test(lo) ? C_MARK : NUMBER.test(lo) ? C_NUMBER : SPACE.test(lo) ? C_SPACE : C_OTHER;
      if (HAN.test(lo)) k |= F_HAN;
    }
    CLASS[c] = k;
  }
  return k;
}

/** SENTENCE_END at `p` within [.., limit): 。！？；!? or a line break, or a full stop before white space inside the stretch. */
function sentenceEndAt(text: string, p: number, limit: number): boolean {
  const c = text.charCodeAt(p);
  if (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b || c === 33 || c === 63 || c === 10) return true;
  if (c !== 46 || p + 1 >= limit) return false;
  const d = text.charCodeAt(p + 1);
  return d === 32 || (d >= 9 && d <= 13) || (d > 127 && SPACE.test(String.fromCharCode(d)));
}

/** The token run (a letter-or-mark run or a number run) that holds class `k`'s character: same run if true. */
const sameRun = (k: number, c: number): boolean => (k === C_LETTER || k === C_MARK ? c === C_LETTER || c === C_MARK : c === k);

/**
 * `surroundingsByExpressions` by a scan of the codes around the value: the tokens next to it only, each run
 * of letters or digits read whole (a run holding a Han character is one token per character). Null when a
 * character the scan reads is one it leaves to the expressions.
 */
function surroundingsByScan(text: string, f: RawFact): string | undefined | null {
  // before: back to the last sentence end within 48 characters
  const from = Math.max(0, f.start - 48);
  let lo = from;
  for (let p = f.start - 1; p >= from; p--) {
    if (sentenceEndAt(text, p, f.start)) {
      lo = p + 1;
      break;
    }
  }
  const before: string[] = []; // last token first
  let letters = 0;
  for (let p = f.start; before.length < 3 && p > lo; ) {
    const k = classOf(text.charCodeAt(p - 1));
    if (k & F_COMPLEX) return null;
    const c = k & 7;
    if (c === C_SPACE) {
      p--;
      continue;
    }
    if (c === C_OTHER) {
      before.push(lowerChar(text, p - 1));
      p--;
      continue;
    }
    let q = p - 1;
    let han = (k & F_HAN) !== 0;
    let hasLetter = c === C_LETTER;
    while (q > lo) {
      const k2 = classOf(text.charCodeAt(q - 1));
      if (k2 & F_COMPLEX) return null;
      if (!sameRun(c, k2 & 7)) break;
      if (k2 & F_HAN) han = true;
      if ((k2 & 7) === C_LETTER) hasLetter = true;
      q--;
    }
    if (han && p - q > 1) {
      for (let i = p - 1; i >= q && before.length < 3; i--) {
        before.push(lowerChar(text, i));
        if ((classOf(text.charCodeAt(i)) & 7) === C_LETTER) letters++;
      }
    } else {
      before.push(text.slice(q, p).toLowerCase());
      if (hasLetter) letters++;
    }
    p = q;
  }
  if (before.length < 3) return undefined;
  // after: up to the first sentence end within 24 characters (the end itself included)
  const to = Math.min(text.length, f.end + 24);
  let hi = to;
  for (let p = f.end; p < to; p++) {
    if (sentenceEndAt(text, p, to)) {
      hi = p + 1;
      break;
    }
  }
  const after: string[] = [];
  for (let p = f.end; after.length < 2 && p < hi; ) {
    const k = classOf(text.charCodeAt(p));
    if (k & F_COMPLEX) return null;
    const c = k & 7;
    if (c === C_SPACE) {
      p++;
      continue;
    }
    if (c === C_OTHER) {
      after.push(lowerChar(text, p));
      p++;
      continue;
    }
    let q = p + 1;
    let han = (k & F_HAN) !== 0;
    while (q < hi) {
      const k2 = classOf(text.charCodeAt(q));
      if (k2 & F_COMPLEX) return null;
      if (!sameRun(c, k2 & 7)) break;
      if (k2 & F_HAN) han = true;
      q++;
    }
    if (han && q - p > 1) for (let i = p; i < q && after.length < 2; i++) after.push(lowerChar(text, i));
    else after.push(text.slice(p, q).toLowerCase());
    p = q;
  }
  if (after.length < 1 || letters < 2) return undefined;
  return after.length === 1
    ? `${before[2]}\u0001${before[1]}\u0001${before[0]}\u0002${after[0]}`
    : `${before[2]}\u0001${before[1]}\u0001${before[0]}\u0002${after[0]}\u0001${after[1]}`;
}

const isValue = (f: RawFact) => f.kind === 'number' || f.kind === 'date';

/**
 * The same value in the same place: the same fact (match.ts), and for a number no more than 5% apart — a
 * rounding that fits (1,482 → 1,500) is kept, while one that moves the number a long way (14 → 10, which
 * match.ts allows as "ten-odd" anywhere) is a change when it stands in the old number's place.
 */
function sameInPlace(a: RawFact, b: RawFact): boolean {
  if (!sameFact(a, b)) return false;
  if (a.kind !== 'number' || a.value === undefined || b.value === undefined) return true;
  return Math.abs(a.value - b.value) <= 0.05 * Math.max(Math.abs(a.value), Math.abs(b.value));
}

/**
 * Source values changed in place: for each, the index of the source fact and of the rewrite fact that now
 * stands where it stood.
 */
export function changedInPlace(sourceText: string, rewriteText: string, sFacts: readonly RawFact[], rFacts: readonly RawFact[]): Array<[number, number]> {
  const rAt = new Map<string, number[]>();
  rFacts.forEach((f, i) => {
    if (!isValue(f)) return;
    const k = surroundings(rewriteText, f);
    if (k === undefined) return;
    const l = rAt.get(k);
    if (l) l.push(i);
    else rAt.set(k, [i]);
  });
  if (!rAt.size) return [];
  const sAt = new Map<string, number[]>();
  const sKey: Array<string | undefined> = sFacts.map((f, i) => {
    if (!isValue(f)) return undefined;
    const k = surroundings(sourceText, f);
    if (k !== undefined && rAt.has(k)) {
      const l = sAt.get(k);
      if (l) l.push(i);
      else sAt.set(k, [i]);
    }
    return k;
  });
  const out: Array<[number, number]> = [];
  const taken = new Set<number>();
  sFacts.forEach((f, i) => {
    const k = sKey[i];
    const there = k === undefined ? undefined : rAt.get(k);
    if (!there) return;
    // the rewrite still writes the source's value there
    if (there.some((j) => sameInPlace(f, rFacts[j]!))) return;
    const sourceThere = sAt.get(k!)!;
    const j = there.find((j) => !taken.has(j) && comparableFacts(f, rFacts[j]!) && !sourceThere.some((s) => sameInPlace(sFacts[s]!, rFacts[j]!)));
    if (j === undefined) return;
    taken.add(j);
    out.push([i, j]);
  });
  return out;
}
