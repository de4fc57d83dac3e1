// Splits a text into paragraphs and sentences with exact character offsets. English and Chinese sentence
// punctuation, Markdown headings, list items, tables, block quotes; fenced code blocks are kept whole.
import type { Segment, SegmentKind } from './types';

/** Abbreviations after which a full stop does not end an English sentence (lower case, without the dot). */
const ABBREV = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'vs', 'etc', 'e.g', 'i.e', 'cf', 'al', 'inc', 'ltd',
  'co', 'corp', 'no', 'nos', 'fig', 'figs', 'vol', 'pp', 'p', 'ed', 'eds', 'gen', 'gov', 'sen', 'rep', 'rev', 'capt',
  'col', 'lt', 'sgt', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'approx',
  'est', 'dept', 'univ', 'u.s', 'u.k', 'u.n', 'a.m', 'p.m', 'ph.d', 'b.c', 'a.d', 'vs', 'op', 'ca',
]);

const CLOSERS = new Set(['"', "'", '”', '’', '」', '』', '）', ')', ']', '》', '】', '〉']);
const ZH_END = new Set(['。', '！', '？', '；', '!', '?', '…']);

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\u3000' || c === '\u00a0';
}

function isUpperStart(c: string | undefined): boolean {
  if (!c) return false;
  const code = c.charCodeAt(0);
  if (code >= 65 && code <= 90) return true; // A-Z
  if (code >= 48 && code <= 57) return true; // digit
  if (c === '"' || c === '“' || c === "'" || c === '‘' || c === '(' || c === '[' || c === '*' || c === '_' || c === '`') return true;
  if (code >= 0xc0 && code <= 0x24f) return c !== c.toLowerCase();
  return code >= 0x2e80; // CJK and other scripts start a sentence too
}

/**
 * Sentence ranges inside text[start, end): [s, e) pairs, trimmed of surrounding white space.
 * An English '.', '!' or '?' ends a sentence before white space and a capital, digit, quote or CJK
 * character, except after a known abbreviation or a single-letter initial; Chinese 。！？；… end a
 * sentence wherever they are (with any closing quotes or brackets that follow).
 */
export function splitSentences(text: string, start = 0, end = text.length): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let sentStart = start;
  const push = (s: number, e: number) => {
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e > s) out.push([s, e]);
  };
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    // fast path: only . ! ? … 。 ！ ？ ； can end a sentence
    if (code !== 46 && code !== 33 && code !== 63 && code !== 0x2026 && code !== 0x3002 && code !== 0xff01 && code !== 0xff1f && code !== 0xff1b) continue;
    const c = text[i]!;
    {
      // extend over repeated terminators and closing quotes/brackets
      let j = i + 1;
      while (j < end && (ZH_END.has(text[j]!) || text[j] === '.')) j++;
      while (j < end && CLOSERS.has(text[j]!)) j++;
      const fullWidth = c.charCodeAt(0) >= 0x2000;
      if (fullWidth && c !== '…') {
        push(sentStart, j);
        sentStart = j;
        i = j - 1;
        continue;
      }
      // ASCII terminator (or …): needs white space then a sentence start, or the end of the range
      if (j >= end) {
        continue;
      }
      if (!isSpace(text[j])) {
        // '。' style end directly followed by CJK text is handled above; "e.g.", "3.5", "a.b" are not ends
        if (c !== '.' && text.charCodeAt(j) >= 0x2e80) {
          push(sentStart, j);
          sentStart = j;
          i = j - 1;
        }
        continue;
      }
      let k = j;
      while (k < end && isSpace(text[k])) k++;
      if (k >= end) continue;
      if (!isUpperStart(text[k])) continue;
      if (c === '.' && j === i + 1) {
        // the word before the dot
        let w = i;
        while (w > sentStart && !isSpace(text[w - 1]) && text[w - 1] !== '(' && text[w - 1] !== '"') w--;
        const word = text.slice(w, i).toLowerCase();
        if (ABBREV.has(word)) continue;
        if (word.length === 1 && /[a-z]/i.test(word)) continue; // an initial: "J. K. Rowling"
      }
      push(sentStart, j);
      sentStart = j;
      i = j - 1;
    }
  }
  push(sentStart, end);
  return out;
}

interface Line {
  start: number;
  end: number; // without the line break
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let s = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      let e = i;
      if (e > s && text.charCodeAt(e - 1) === 13) e--;
      out.push({ start: s, end: e, text: text.slice(s, e) });
      s = i + 1;
    }
  }
  return out;
}

const FENCE = /^\s{0,3}(```+|~~~+)/;
const HEADING = /^\s{0,3}#{1,6}\s+\S/;
const LIST_ITEM = /^\s*(?:[-*+•]|\d{1,3}[.)、]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)])\s+|^\s*(?:[一二三四五六七八九十]+、|\d{1,3}、)/;
const TABLE = /^\s*\|/;
const QUOTE = /^\s{0,3}>/;

/**
 * Splits a whole text into segments: sentences of prose paragraphs, list items and block quotes
 * (split into sentences too), one segment per heading and per table row, one per fenced code block.
 * Ids are `${prefix}${index}`.
 */
export function segmentText(text: string, prefix = 's'): Segment[] {
  const segs: Segment[] = [];
  let para = -1;
  let lastWasBreak = true;
  const add = (s: number, e: number, kind: SegmentKind) => {
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e <= s) return;
    segs.push({ id: `${prefix}${segs.length}`, start: s, end: e, para, kind, text: text.slice(s, e) });
  };
  const addProse = (s: number, e: number, kind: SegmentKind) => {
    for (const [a, b] of splitSentences(text, s, e)) add(a, b, kind);
  };
  const newPara = () => {
    para++;
    lastWasBreak = false;
  };

  const ls = lines(text);
  let block: { start: number; end: number; kind: SegmentKind } | null = null;
  const flush = () => {
    if (block) addProse(block.start, block.end, block.kind);
    block = null;
  };
  for (let i = 0; i < ls.length; i++) {
    const l = ls[i]!;
    const t = l.text;
    if (t.trim() === '') {
      flush();
      lastWasBreak = true;
      continue;
    }
    const fence = FENCE.exec(t);
    if (fence) {
      flush();
      const marker = fence[1]!;
      let j = i + 1;
      while (j < ls.length && !ls[j]!.text.trimStart().startsWith(marker)) j++;
      const endLine = ls[Math.min(j, ls.length - 1)]!;
      newPara();
      add(l.start, endLine.end, 'code');
      lastWasBreak = true;
      i = j;
      continue;
    }
    if (HEADING.test(t)) {
      flush();
      newPara();
      add(l.start, l.end, 'heading');
      lastWasBreak = true;
      continue;
    }
    if (TABLE.test(t)) {
      if (!block || (block as { kind: SegmentKind }).kind !== 'table') {
        flush();
        if (lastWasBreak || para < 0) newPara();
      }
      flush();
      add(l.start, l.end, 'table');
      block = null;
      // keep the table in one paragraph: the next row continues it
      lastWasBreak = false;
      continue;
    }
    if (LIST_ITEM.test(t)) {
      flush();
      if (lastWasBreak || para < 0) newPara();
      block = { start: l.start, end: l.end, kind: 'list-item' };
      continue;
    }
    const kind: SegmentKind = QUOTE.test(t) ? 'quote' : 'sentence';
    if (block && (block.kind === kind || block.kind === 'list-item') && !lastWasBreak) {
      block.end = l.end; // a wrapped line continues the paragraph or list item
      continue;
    }
    flush();
    if (lastWasBreak || para < 0) newPara();
    block = { start: l.start, end: l.end, kind };
  }
  flush();
  return segs;
}

/** Paragraph ranges (for the UI): [start, end) of each paragraph index, from the segments. */
export function paragraphRanges(segs: readonly Segment[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const s of segs) {
    const r = out[s.para];
    if (r) r[1] = s.end;
    else out[s.para] = [s.start, s.end];
  }
  return out;
}
