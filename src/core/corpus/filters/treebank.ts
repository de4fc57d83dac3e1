// Words as NLTK's word_tokenize gives them (NLTKWordTokenizer, the improved Penn Treebank rules, NLTK
// 3.8) on each sentence Punkt finds, then stripped and without empty tokens, as datatrove's
// NLTKTokenizer.word_tokenize: "don't" → "do" "n't", "cannot" → "can" "not", punctuation marks apart,
// a period split off only at the end of a sentence, double quotes turned into `` and ''.
import { PY_D, PY_W, PY_WS, pySplitWs } from './pytext';
import { sentenceSpans } from './punkt';

const W = `[${PY_W}]`;
/** Python's \b before a word character / after one. */
const B_BEFORE = `(?<!${W})`;
const B_AFTER = `(?!${W})`;
/** Python's $ without MULTILINE: the end, or before a final newline. */
const END = `(?=\\n?$)`;

// Which of the characters the rules look for a sentence holds, as bits: a rule whose every match needs a
// character the sentence lacks is skipped without running its regular expression (the speed of the index).
// The rules only insert spaces and the quotes `` and '', so the mask taken before the first rule stays a
// superset of what the text holds later once those two are added where a double or single quote is.
const OPEN_Q = 1; // « “ ‘ „ `
const DQ = 2; // "
const SQ = 4; // '
const BT = 8; // `
const DOT = 16; // .
const COLON_COMMA = 32; // : ,
const SYMBOL = 64; // ; @ # $ % &
const QE = 128; // ? !
const STAR = 256; // *
const BRACKET = 512; // [ ] ( ) { } < >
const DASH = 1024; // -
const CLOSE_Q = 2048; // » ” ’

const ASCII_BITS = new Uint16Array(128);
for (const [chars, bit] of [
  ['`', OPEN_Q | BT],
  ['"', DQ],
  ["'", SQ],
  ['.', DOT],
  [':,', COLON_COMMA],
  [';@#$%&', SYMBOL],
  ['?!', QE],
  ['*', STAR],
  ['[](){}<>', BRACKET],
  ['-', DASH],
] as const) {
  for (const ch of chars) ASCII_BITS[ch.charCodeAt(0)] |= bit;
}

function ruleBits(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) bits |= ASCII_BITS[c]!;
    else if (c === 0xab || c === 0x201c || c === 0x2018 || c === 0x201e) bits |= OPEN_Q;
    else if (c === 0xbb || c === 0x201d || c === 0x2019) bits |= CLOSE_Q;
  }
  // `` comes from " and '', '' from ".
  if (bits & (DQ | SQ)) bits |= BT;
  if (bits & DQ) bits |= SQ;
  return bits;
}

/** A rule, and the characters (bits) one of which every match needs. */
type GuardedRule = [RegExp, string, number];

const STARTING_QUOTES: GuardedRule[] = [
  [/([«“‘„]|[`]+)/gu, ' $1 ', OPEN_Q],
  [/^"/u, '``', DQ],
  [/(``)/gu, ' $1 ', BT],
  [/([ ([{<])("|'{2})/gu, '$1 `` ', DQ | SQ],
  [new RegExp(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B_AFTER}`, 'giu'), '$1 $2', SQ],
];

const PUNCTUATION: GuardedRule[] = [
  [new RegExp(`([^.])(\\.)([\\])}>"'»”’ ]*)[${PY_WS}]*${END}`, 'u'), '$1 $2 $3 ', DOT],
  [new RegExp(`([:,])([^${PY_D}])`, 'gu'), ' $1 $2', COLON_COMMA],
  [new RegExp(`([:,])${END}`, 'u'), ' $1 ', COLON_COMMA],
  [/\.{2,}/gu, ' $& ', DOT],
  [/[;@#$%&]/gu, ' $& ', SYMBOL],
  [new RegExp(`([^.])(\\.)([\\])}>"']*)[${PY_WS}]*${END}`, 'u'), '$1 $2$3 ', DOT],
  [/[?!]/gu, ' $& ', QE],
  [/([^'])' /gu, "$1 ' ", SQ],
  [/[*]/gu, ' $& ', STAR],
];

const PARENS_BRACKETS: GuardedRule = [/[\][(){}<>]/gu, ' $& ', BRACKET];
const DOUBLE_DASHES: GuardedRule = [/--/gu, ' -- ', DASH];
const BRACKETS_DASHES = [PARENS_BRACKETS, DOUBLE_DASHES];

const ENDING_QUOTES: GuardedRule[] = [
  [/([»”’])/gu, ' $1 ', CLOSE_Q],
  [/''/gu, " '' ", SQ],
  [/"/gu, " '' ", DQ],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, '$1 $2 ', SQ],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu, '$1 $2 ', SQ],
];

/** Each contraction rule with a string every match contains, lower-cased: a sentence whose lower-cased text
 * lacks it is left alone without running the regular expression (the speed of the index). The needles hold no
 * letter that another character case-folds to under /iu (as ſ does to s): the two rules with an "s" are
 * checked for "'t" only. */
const CONTRACTIONS: [RegExp, string][] = [
  [new RegExp(`${B_BEFORE}(can)(not)${B_AFTER}`, 'giu'), 'cannot'],
  [new RegExp(`${B_BEFORE}(d)('ye)${B_AFTER}`, 'giu'), "d'ye"],
  [new RegExp(`${B_BEFORE}(gim)(me)${B_AFTER}`, 'giu'), 'gimme'],
  [new RegExp(`${B_BEFORE}(gon)(na)${B_AFTER}`, 'giu'), 'gonna'],
  [new RegExp(`${B_BEFORE}(got)(ta)${B_AFTER}`, 'giu'), 'gotta'],
  [new RegExp(`${B_BEFORE}(lem)(me)${B_AFTER}`, 'giu'), 'lemme'],
  [new RegExp(`${B_BEFORE}(more)('n)${B_AFTER}`, 'giu'), "more'n"],
  [new RegExp(`${B_BEFORE}(wan)(na)(?=[${PY_WS}])`, 'giu'), 'wanna'],
  [new RegExp(` ('t)(is)${B_AFTER}`, 'giu'), " 't"],
  [new RegExp(` ('t)(was)${B_AFTER}`, 'giu'), " 't"],
];

function apply(text: string, rules: readonly GuardedRule[], bits: number): string {
  for (const [re, sub, need] of rules) if (bits & need) text = text.replace(re, sub);
  return text;
}

/** NLTKWordTokenizer().tokenize(sentence). */
export function treebankTokenize(sentence: string): string[] {
  const bits = ruleBits(sentence);
  let text = apply(sentence, STARTING_QUOTES, bits);
  text = apply(text, PUNCTUATION, bits);
  text = apply(text, BRACKETS_DASHES, bits);
  text = ' ' + text + ' ';
  text = apply(text, ENDING_QUOTES, bits);
  const lower = text.toLowerCase();
  for (const [re, needle] of CONTRACTIONS) if (lower.includes(needle)) text = text.replace(re, ' $1 $2 ');
  return pySplitWs(text);
}

/**
 * datatrove's split_into_words for English with NLTK: Punkt sentences, Treebank words in each, every token
 * stripped, empty ones dropped. `sentenceCache` keeps each sentence's tokens (a pure function of the
 * sentence): a text that shares most sentences with one tokenised before (C4's kept lines) costs little.
 */
export function wordTokenize(text: string, sentenceCache?: Map<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [a, b] of sentenceSpans(text)) {
    const sentence = text.slice(a, b);
    let toks = sentenceCache?.get(sentence);
    if (!toks) {
      // str.split() leaves no whitespace at either end of a token and no empty token: datatrove's strip and
      // empty-token filter change nothing.
      toks = treebankTokenize(sentence);
      sentenceCache?.set(sentence, toks);
    }
    for (const t of toks) out.push(t);
  }
  return out;
}
