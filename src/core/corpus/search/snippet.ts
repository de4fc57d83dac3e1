// A short excerpt of a text around the query's best hit, for result lists, with the ranges of every hit in
// it: the query's words (whole English words, Chinese words as jieba segments the query) and its
// "quoted phrases" (query.ts).
import { queryNeedles } from './query';

export interface Snippet {
  text: string;
  /** [start, end) ranges of `text` (UTF-16 code units) to highlight, ascending, not overlapping. */
  highlights: [number, number][];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORDISH = /[\p{L}\p{N}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** A pattern finding a needle in text: separators in it match any run of separators; Latin ends are whole words. */
function needlePattern(needle: string): RegExp | undefined {
  const parts: string[] = [];
  let sep = false;
  for (const ch of needle) {
    if (WORDISH.test(ch)) {
      if (sep && parts.length) parts.push('[^\\p{L}\\p{N}]+');
      parts.push(escape(ch));
      sep = false;
    } else sep = true;
  }
  if (!parts.length) return undefined;
  const chars = [...needle.trim()];
  const first = chars[0] ?? '';
  const last = chars[chars.length - 1] ?? '';
  const pre = WORDISH.test(first) && !CJK.test(first) ? '(?<![\\p{L}\\p{N}])' : '';
  const post = WORDISH.test(last) && !CJK.test(last) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(pre + parts.join('') + post, 'giu');
}

/** Every hit of the query in `text`: merged [start, end) ranges, ascending. */
export function hitRanges(text: string, query: string): [number, number][] {
  const found: [number, number][] = [];
  for (const n of queryNeedles(query)) {
    const re = needlePattern(n.text);
    if (!re) continue;
    for (const m of text.matchAll(re)) if (m[0].length) found.push([m.index, m.index + m[0].length]);
  }
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const r of found) {
    const prev = out[out.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** The place of the best hit: the first hit of the first needle found (phrases, then longer words first). */
function bestHit(flat: string, query: string): number {
  for (const n of queryNeedles(query)) {
    const re = needlePattern(n.text);
    const m = re && re.exec(flat);
    if (m) return m.index;
  }
  return -1;
}

/** An excerpt of about `width` characters around the best hit, with every hit in it as highlight ranges. */
export function snippetWithHits(text: string, query: string, width = 160): Snippet {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return { text: '', highlights: [] };
  const at = bestHit(flat, query);
  let start = 0;
  if (at >= 0) start = Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(flat.length, start + width);
  const lead = start > 0 ? '…' : '';
  const body = flat.slice(start, end);
  const out = lead + body + (end < flat.length ? '…' : '');
  const shift = lead.length;
  // Hits are found in the whole text so one cut by the window's edge is shown in part.
  const highlights: [number, number][] = [];
  for (const [s, e] of hitRanges(flat, query)) {
    if (e <= start || s >= end) continue;
    highlights.push([Math.max(s, start) - start + shift, Math.min(e, end) - start + shift]);
  }
  return { text: out, highlights };
}

/** The excerpt's text alone (see snippetWithHits). */
export function snippet(text: string, query: string, width = 160): string {
  return snippetWithHits(text, query, width).text;
}

/** The snippet with its hits wrapped in markers, for plain-text lists that cannot style ranges. */
export function markHits(s: Snippet, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (const [a, b] of s.highlights) {
    out += s.text.slice(at, a) + open + s.text.slice(a, b) + close;
    at = b;
  }
  return out + s.text.slice(at);
}
