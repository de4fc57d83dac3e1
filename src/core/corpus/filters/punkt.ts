// Sentence boundaries as NLTK's Punkt tokenizer finds them *untrained* (no abbreviation list, no
// collocations, no orthographic statistics): the configuration datatrove's reference decisions were made
// with (`PunktSentenceTokenizer()`, NLTK 3.8). A candidate boundary is ".", "?" or "!" followed by
// whitespace and a token, or by closing punctuation; it is kept unless the token before is an ellipsis, an
// initial followed by a lower-case or capitalised word, or a number followed by a lower-case word or
// punctuation. Closing quotes and brackets after the boundary stay with the sentence.
import { PY_D, PY_WS, firstIsLower, firstIsUpper } from './pytext';

const NON_WORD = `[)";}\\]*:@'({\\[?!]`;
const MULTI_CHAR = `(?:-{2,}|\\.{2,}|(?:\\.[${PY_WS}]){2,}\\.)`;
const WORD_START = `[^("\`{\\[:;&#*@)}\\]\\-,]`;
const S = `[${PY_WS}]`;
const NS = `[^${PY_WS}]`;

/** Punkt's word tokenizer (splits punctuation other than periods off words). */
const WORD_RE = new RegExp(
  `${MULTI_CHAR}|(?=${WORD_START})${NS}+?(?=${S}|$|${NON_WORD}|${MULTI_CHAR}|,(?=$|${S}|${NON_WORD}|${MULTI_CHAR}))|${NS}`,
  'gu',
);
/** A possible sentence end and what follows it (punctuation, or whitespace and the next token). */
const PERIOD_CONTEXT_RE = new RegExp(`[.?!](?=(${NON_WORD}|${S}+(${NS}+)))`, 'gu');
/** Closing punctuation that belongs to the sentence before the boundary. */
const BOUNDARY_REALIGN_RE = new RegExp(`^["')\\]}]+?(?:${S}+|(?=--)|(?=\\n)|$)`, 'u');

const RE_ELLIPSIS = /^\.\.+$/u;
const RE_NUMERIC = new RegExp(`^-?[.,]?${'[' + PY_D + ']'}[${PY_D},.\\-]*\\.?$`, 'u');
const RE_INITIAL = /^[\p{L}\p{Nl}\p{No}_]\.$/u;
const HAS_NS = new RegExp(NS, 'u');
const PUNCT_TOKENS = new Set([';', ':', ',', '.', '!', '?']);

interface Tok {
  tok: string;
  periodFinal: boolean;
  sentbreak: boolean;
  ellipsis: boolean;
}

function makeTok(tok: string): Tok {
  return { tok, periodFinal: tok.endsWith('.'), sentbreak: false, ellipsis: false };
}

/** Punkt's type of a token (lower-cased, numbers as ##number##), without its final period; only asked of
 * tokens ending in a period, so it is computed then and not for every token. */
function typeNoPeriod(t: Tok): string {
  const lower = t.tok.toLowerCase();
  const type = RE_NUMERIC.test(lower) ? '##number##' : lower;
  return type.length > 1 && type.endsWith('.') ? type.slice(0, -1) : type;
}

/** Tokens of the context text, line by line (blank lines skipped), as Punkt's _tokenize_words. */
function tokenizeWords(text: string): Tok[] {
  const out: Tok[] = [];
  for (const line of text.split('\n')) {
    if (!HAS_NS.test(line)) continue;
    WORD_RE.lastIndex = 0;
    for (const m of line.matchAll(WORD_RE)) out.push(makeTok(m[0]));
  }
  return out;
}

/** The orthographic heuristic with no statistics: false for punctuation or a lower-case start, else unknown. */
function orthoSaysNotStarter(next: Tok): 'false' | 'unknown' {
  if (PUNCT_TOKENS.has(next.tok)) return 'false';
  if (firstIsLower(next.tok)) return 'false';
  return 'unknown';
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * The common context answered without tokenising: ASCII letters, then "." (after two letters or more) or
 * "?" / "!", then spaces or newlines and a token starting with an ASCII letter. Its tokens are the word with
 * its period ("word.", neither an initial nor a number) or the word and the mark, then at least one more:
 * a break with a token after it.
 */
function plainSentbreak(text: string): boolean {
  let i = 0;
  while (i < text.length && isAsciiLetter(text.charCodeAt(i))) i++;
  const p = text.charCodeAt(i);
  if (!(p === 46 ? i >= 2 : (p === 63 || p === 33) && i >= 1)) return false;
  let j = i + 1;
  while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10)) j++;
  return j > i + 1 && j < text.length && isAsciiLetter(text.charCodeAt(j));
}

/** True when the context holds a sentence break that is not its last token (text_contains_sentbreak). */
function containsSentbreak(text: string): boolean {
  if (plainSentbreak(text)) return true;
  const toks = tokenizeWords(text);
  // First pass.
  for (const t of toks) {
    if (t.tok === '.' || t.tok === '?' || t.tok === '!') t.sentbreak = true;
    else if (RE_ELLIPSIS.test(t.tok)) t.ellipsis = true;
    else if (t.periodFinal && !t.tok.endsWith('..')) t.sentbreak = true;
  }
  // Second pass (pairs), then: a break with any token after it.
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const next = toks[i + 1];
    if (next && t.periodFinal) {
      const isInitial = RE_INITIAL.test(t.tok);
      // Abbreviations and ellipses never become breaks without statistics.
      if (isInitial || typeNoPeriod(t) === '##number##') {
        const o = orthoSaysNotStarter(next);
        if (o === 'false') t.sentbreak = false;
        else if (isInitial && firstIsUpper(next.tok)) t.sentbreak = false;
      }
    }
    if (t.sentbreak && next) return true;
  }
  return false;
}

const ASCII_WS = new Set([32, 9, 10, 13, 11, 12]);

/** Sentence spans [start, end) in UTF-16 offsets, as PunktSentenceTokenizer().span_tokenize(text). */
export function sentenceSpans(text: string): [number, number][] {
  // _match_potential_end_contexts
  const candidates: { end: number; nextTokStart: number | undefined }[] = [];
  let prevSliceStart = 0;
  let prevSliceStop = 0;
  let prev: RegExpExecArray | undefined;
  const emit = (m: RegExpExecArray, sliceStart: number, sliceStop: number): void => {
    const after = m[1]!;
    const context = text.slice(sliceStart, sliceStop) + m[0] + after;
    if (containsSentbreak(context)) {
      const nextTok = m[2];
      candidates.push({ end: m.index + 1, nextTokStart: nextTok !== undefined ? m.index + 1 + after.length - nextTok.length : undefined });
    }
  };
  PERIOD_CONTEXT_RE.lastIndex = 0;
  for (const m of text.matchAll(PERIOD_CONTEXT_RE)) {
    const start = m.index;
    // The last ASCII whitespace in the text between the previous word and this match.
    let idx = 0;
    for (let i = start - 1; i >= prevSliceStop; i--) {
      if (ASCII_WS.has(text.charCodeAt(i))) {
        idx = i - prevSliceStop;
        break;
      }
    }
    const wordStart = idx ? idx + prevSliceStop + 1 : prevSliceStart;
    if (prev && prevSliceStop <= wordStart) emit(prev, prevSliceStart, prevSliceStop);
    prev = m as RegExpExecArray;
    prevSliceStart = wordStart;
    prevSliceStop = start;
  }
  if (prev) emit(prev, prevSliceStart, prevSliceStop);

  // _slices_from_text
  const slices: [number, number][] = [];
  let lastBreak = 0;
  for (const c of candidates) {
    slices.push([lastBreak, c.end]);
    lastBreak = c.nextTokStart ?? c.end;
  }
  let endAll = text.length;
  while (endAll > 0 && isWs(text.charCodeAt(endAll - 1))) endAll--;
  slices.push([lastBreak, endAll]);

  // _realign_boundaries
  const out: [number, number][] = [];
  let realign = 0;
  for (let i = 0; i < slices.length; i++) {
    const s1: [number, number] = [slices[i]![0] + realign, slices[i]![1]];
    const s2 = slices[i + 1];
    if (!s2) {
      if (s1[1] > s1[0]) out.push(s1);
      continue;
    }
    const m = BOUNDARY_REALIGN_RE.exec(text.slice(s2[0], Math.max(s2[0], s2[1])));
    if (m) {
      out.push([s1[0], s2[0] + rstripLen(m[0])]);
      realign = m[0].length;
    } else {
      realign = 0;
      if (s1[1] > s1[0]) out.push(s1);
    }
  }
  return out;
}

const WS_RE = new RegExp(S, 'u');
function isWs(code: number): boolean {
  return WS_RE.test(String.fromCharCode(code));
}

function rstripLen(s: string): number {
  let b = s.length;
  while (b > 0 && isWs(s.charCodeAt(b - 1))) b--;
  return b;
}

/** The sentences of a text (PunktSentenceTokenizer().tokenize). */
export function sentences(text: string): string[] {
  return sentenceSpans(text).map(([a, b]) => text.slice(a, b));
}
