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
