// A search query as the index runs it: units that a document must hold to count as matching, and bonus
// terms that only add to the score.
//
// - An English (or other alphabetic) word is a unit: "tea garden history" ranks the documents holding all
//   three words first, whether the words stand together or not. The pairs of adjacent words ("tea garden")
//   are bonus terms: documents where the words stand as in the query rank higher among those.
// - Chinese is segmented into words with jieba (text/zh-words.ts, as the review does). The index holds
//   every character and every pair of adjacent characters (tokenize.ts), so a word of two or more characters
//   is the unit "all its character pairs": 战役 matches 战役 and never 退役; 织田信长 needs 织田, 田信 and
//   信长, so 田岛信号场 is no match. A one-character word is its character. The pairs that cross a word
//   boundary are bonus terms (a copied sentence stays specific). Without the engine (a damaged install)
//   each Chinese character is a unit, as before.
// - `"a quoted phrase"` is one unit: every word and every pair of adjacent words or characters in it.
// - Kana and hangul, which jieba does not segment, are one unit per character with their pairs as bonus.
//
// `needles` are the query's words and phrases as they are to be found in a text (snippet highlights).
import { segmentZh } from '../../text/zh-words';
import { tokenize } from './tokenize';

export interface QueryUnit {
  /** The words or phrase as typed (lowercased), for display and highlights. */
  text: string;
  /** Index terms (tokenize.ts) that must all be in a document for the unit to match. */
  terms: string[];
  phrase: boolean;
}

export interface ParsedQuery {
  units: QueryUnit[];
  /** Terms that only add to the score of documents matching at least one unit. */
  bonus: string[];
}

const isHan = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
const hasHan = (s: string): boolean => /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/.test(s);

/** True for a term that is a pair (two words "a b", a word and a character, or two CJK characters). */
function isPair(term: string): boolean {
  if (term.includes(' ')) return true;
  const cps = Array.from(term);
  return cps.length === 2 && cps.every((c) => !/[\p{L}\p{N}]/u.test(c) || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c));
}

/** The units of an unquoted stretch of the query, and the pair terms of the stretch. */
function plainUnits(text: string, out: QueryUnit[], bonus: Set<string>): void {
  const inWordUnit = new Set<string>();
  if (hasHan(text)) {
    for (const w of segmentZh(text)) {
      const chars = Array.from(w.word);
      if (!chars.every((c) => isHan(c.charCodeAt(0)) || c.length === 2)) continue; // punctuation, Latin inside a Han stretch
      if (chars.length === 1) {
        out.push({ text: w.word, terms: [w.word], phrase: false });
        inWordUnit.add(w.word);
        continue;
      }
      const pairs: string[] = [];
      for (let i = 0; i + 1 < chars.length; i++) pairs.push(chars[i]! + chars[i + 1]!);
      out.push({ text: w.word, terms: [...new Set(pairs)], phrase: false });
      for (const c of chars) inWordUnit.add(c);
      for (const p of pairs) inWordUnit.add(p);
    }
  }
  for (const t of tokenize(text)) {
    if (inWordUnit.has(t)) continue;
    if (isPair(t)) bonus.add(t);
    else if (!out.some((u) => !u.phrase && u.terms.length === 1 && u.terms[0] === t)) out.push({ text: t, terms: [t], phrase: false });
  }
}

/** Splits a query into units and bonus terms (see the module comment). */
export function parseSearchQuery(query: string): ParsedQuery {
  const units: QueryUnit[] = [];
  const bonus = new Set<string>();
  const re = /"([^"]*)"?/g;
  let last = 0;
  const plain: string[] = [];
  for (let m = re.exec(query); m; m = re.exec(query)) {
    plain.push(query.slice(last, m.index));
    last = re.lastIndex;
    const terms = tokenize(m[1]!);
    if (!terms.length) continue;
    const pairs = terms.filter(isPair);
    // A phrase of one word or character is that term; a longer one needs its words and every pair.
    const need = pairs.length ? [...new Set([...terms.filter((t) => !isPair(t) && !/[\p{Script=Han}]/u.test(t)), ...pairs])] : [terms[0]!];
    units.push({ text: m[1]!.trim().toLowerCase(), terms: need, phrase: true });
  }
  plain.push(query.slice(last));
  const before = units.length;
  for (const p of plain) if (p.trim()) plainUnits(p, units, bonus);
  // A plain unit equal to a phrase's single term is the same unit.
  const seen = new Set<string>();
  const out = units.filter((u, i) => {
    const key = (u.phrase ? 'p:' : 'w:') + u.terms.join('\u0000');
    if (seen.has(key) || (i >= before && u.terms.length === 1 && units.slice(0, before).some((p) => p.terms.length === 1 && p.terms[0] === u.terms[0]))) return false;
    seen.add(key);
    return true;
  });
  const unitTerms = new Set(out.flatMap((u) => u.terms));
  return { units: out, bonus: [...bonus].filter((t) => !unitTerms.has(t)) };
}

/** The words and phrases of a query to find in a text (highlights): each unit's text, longest first. */
export function queryNeedles(query: string): { text: string; phrase: boolean }[] {
  return parseSearchQuery(query)
    .units.map((u) => ({ text: u.text, phrase: u.phrase }))
    .filter((n) => n.text.length > 0)
    .sort((a, b) => Number(b.phrase) - Number(a.phrase) || b.text.length - a.text.length);
}
