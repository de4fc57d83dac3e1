// The text of one side of an aligned pair, as the word diff reads it and the review panel shows it: the
// stretch of the document from the first to the last segment when the segments are contiguous (so that the
// white space and paragraph breaks between merged sentences show as they are), else the segments joined
// by one space. `pieces` map the joined text back to the document.
import type { Segment } from './types';

/** A piece of the side text copied from the document: text[textStart..] = doc[docStart..], len chars. */
export interface SidePiece {
  cellStart: number;
  docStart: number;
  len: number;
}

export interface SideText {
  text: string;
  pieces: SidePiece[];
}

/** Index of a segment in its text, from its id ('s12' → 12). */
const indexOf = (s: Segment) => Number(s.id.slice(1));

export function sideText(doc: string, segs: readonly Segment[]): SideText {
  const sorted = [...segs].sort((a, b) => a.start - b.start);
  if (!sorted.length) return { text: '', pieces: [] };
  const contiguous = sorted.every((s, i) => i === 0 || indexOf(s) === indexOf(sorted[i - 1]!) + 1);
  if (contiguous) {
    const start = sorted[0]!.start;
    const end = sorted[sorted.length - 1]!.end;
    return { text: doc.slice(start, end), pieces: [{ cellStart: 0, docStart: start, len: end - start }] };
  }
  const pieces: SidePiece[] = [];
  let text = '';
  for (const s of sorted) {
    if (text) text += ' ';
    pieces.push({ cellStart: text.length, docStart: s.start, len: s.end - s.start });
    text += doc.slice(s.start, s.end);
  }
  return { text, pieces };
}
