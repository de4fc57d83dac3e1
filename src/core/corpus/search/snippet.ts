// A short excerpt of a text around the first query term found, for result lists.
import { queryTerms } from './tokenize';

export function snippet(text: string, query: string, width = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  const lower = flat.toLowerCase();
  let at = -1;
  // Longest terms first: a bigram or a word pins the place better than a single character.
  for (const t of queryTerms(query).sort((a, b) => b.length - a.length)) {
    at = lower.indexOf(t);
    if (at >= 0) break;
  }
  if (at < 0) return flat.length > width ? flat.slice(0, width) + '…' : flat;
  const start = Math.max(0, at - Math.floor(width / 3));
  const end = Math.min(flat.length, start + width);
  return (start > 0 ? '…' : '') + flat.slice(start, end) + (end < flat.length ? '…' : '');
}
