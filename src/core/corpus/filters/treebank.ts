// Words as NLTK's word_tokenize gives them (NLTKWordTokenizer, the improved Penn Treebank rules, NLTK
// 3.8) on each sentence Punkt finds, then stripped and without empty tokens, as datatrove's
// NLTKTokenizer.word_tokenize: "don't" → "do" "n't", "cannot" → "can" "not", punctuation marks apart,
// a period split off only at the end of a sentence, double quotes turned into `` and ''.
import { PY_D, PY_W, PY_WS, pySplitWs, pyStrip } from './pytext';
import { sentenceSpans } from './punkt';

const W = `[${PY_W}]`;
/** Python's \b before a word character / after one. */
const B_BEFORE = `(?<!${W})`;
const B_AFTER = `(?!${W})`;
/** Python's $ without MULTILINE: the end, or before a final newline. */
const END = `(?=\\n?$)`;

type Rule = [RegExp, string];

const STARTING_QUOTES: Rule[] = [
  [/([«“‘„]|[`]+)/gu, ' $1 '],
  [/^"/u, '``'],
  [/(``)/gu, ' $1 '],
  [/([ ([{<])("|'{2})/gu, '$1 `` '],
  [new RegExp(`(')(?!re|ve|ll|m|t|s|d|n)(${W})${B_AFTER}`, 'giu'), '$1 $2'],
];

const PUNCTUATION: Rule[] = [
  [new RegExp(`([^.])(\\.)([\\])}>"'»”’ ]*)[${PY_WS}]*${END}`, 'u'), '$1 $2 $3 '],
  [new RegExp(`([:,])([^${PY_D}])`, 'gu'), ' $1 $2'],
  [new RegExp(`([:,])${END}`, 'u'), ' $1 '],
  [/\.{2,}/gu, ' $& '],
  [/[;@#$%&]/gu, ' $& '],
  [new RegExp(`([^.])(\\.)([\\])}>"']*)[${PY_WS}]*${END}`, 'u'), '$1 $2$3 '],
  [/[?!]/gu, ' $& '],
  [/([^'])' /gu, "$1 ' "],
  [/[*]/gu, ' $& '],
];

const PARENS_BRACKETS: Rule = [/[\][(){}<>]/gu, ' $& '];
const DOUBLE_DASHES: Rule = [/--/gu, ' -- '];

const ENDING_QUOTES: Rule[] = [
  [/([»”’])/gu, ' $1 '],
  [/''/gu, " '' "],
  [/"/gu, " '' "],
  [/([^' ])('[sS]|'[mM]|'[dD]|') /gu, '$1 $2 '],
  [/([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) /gu, '$1 $2 '],
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

function apply(text: string, rules: readonly Rule[]): string {
  for (const [re, sub] of rules) text = text.replace(re, sub);
  return text;
}

/** NLTKWordTokenizer().tokenize(sentence). */
export function treebankTokenize(sentence: string): string[] {
  let text = apply(sentence, STARTING_QUOTES);
  text = apply(text, PUNCTUATION);
  text = text.replace(PARENS_BRACKETS[0], PARENS_BRACKETS[1]);
  text = text.replace(DOUBLE_DASHES[0], DOUBLE_DASHES[1]);
  text = ' ' + text + ' ';
  text = apply(text, ENDING_QUOTES);
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
      const t: string[] = [];
      for (const tok of treebankTokenize(sentence)) {
        const s = pyStrip(tok);
        if (s.length > 0) t.push(s);
      }
      toks = t;
      sentenceCache?.set(sentence, t);
    }
    for (const t of toks) out.push(t);
  }
  return out;
}
