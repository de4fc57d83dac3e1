// Chinese query words checked against the document's own segmentation, at query time.
//
// The index holds characters and pairs of adjacent characters (tokenize.ts), so the query word 战役 (its
// pair 战役) is found in 挑战役 too, where the text reads 挑战 + 役. Segmenting every document at index time
// would cost jieba's time on the whole corpus (about 0.3–0.6 M characters a second on one core here: minutes
// at 100k documents); instead the few documents a query returns are checked: at each place the word occurs,
// the run of Han characters around it (up to WINDOW characters each side, stopping at punctuation, Latin or
// a line break) is segmented with jieba's search mode (text/zh-words.ts), and the occurrence counts when
// the segmentation has that word there. The word counts in the document when one occurrence counts.
//
// A stretch of three or more query words (a sentence copied from a text) may begin and end with a word cut
// off in the middle: its first and last words are only required to be there; the inner words pin it down.
import { zhSearchWords } from '../../text/zh-words';
import { parseSearchQuery } from './query';

/** Characters of context segmented on each side of an occurrence. */
const WINDOW = 24;

const isHan = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);

/** The Chinese words of a query that must stand as words in a document (two or more Han characters, not in a phrase). */
export function zhQueryWords(query: string): string[] {
  const units = parseSearchQuery(query).units.filter((u) => !u.phrase && u.text.length >= 2 && [...u.text].every((c) => isHan(c.charCodeAt(0))));
  const words = units.map((u) => u.text);
  // A copied stretch of three or more words: its edges may be cut-off parts of longer words.
  return words.length >= 3 ? words.slice(1, -1) : words;
}

/** True when `word` occurs in `text` where jieba's segmentation of the surrounding run has it as a word. */
export function zhWordIn(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    let s = at;
    while (s > 0 && at - s < WINDOW && isHan(text.charCodeAt(s - 1))) s--;
    let e = at + word.length;
    while (e < text.length && e - (at + word.length) < WINDOW && isHan(text.charCodeAt(e))) e++;
    const words = zhSearchWords(text.slice(s, e));
    if (words === undefined) return true; // no engine, or characters it counts otherwise: the match stands
    if (words.some((w) => w.start === at - s && w.word === word)) return true;
  }
  return false;
}

/**
 * The hits whose text holds every Chinese word of the query as a word (zhQueryWords); hits whose text is
 * unknown are kept, and a query without such words keeps them all. Order is kept.
 */
export function keepZhWordHits<T>(query: string, hits: readonly T[], textOf: (hit: T) => string | undefined): T[] {
  const words = zhQueryWords(query);
  if (!words.length) return hits.slice();
  return hits.filter((h) => {
    const t = textOf(h);
    return t === undefined || words.every((w) => zhWordIn(t, w));
  });
}

/**
 * A search whose Chinese query words are checked in the texts of its results (keepZhWordHits): `run(n)`
 * gives the first n results of the index; with such words three times as many candidates are read and
 * checked, so that up to `limit` remain. Returns the texts read too (for snippets).
 */
export async function searchCheckingZhWords<R extends { doc: { id: string } }>(
  query: string,
  limit: number,
  run: (n: number) => R[],
  readTexts: (docs: R['doc'][]) => Promise<Map<string, string>>,
): Promise<{ results: R[]; texts: Map<string, string> }> {
  if (!zhQueryWords(query).length) {
    const results = run(limit);
    return { results, texts: await readTexts(results.map((r) => r.doc)) };
  }
  const candidates = run(limit * 3);
  const texts = await readTexts(candidates.map((r) => r.doc));
  return { results: keepZhWordHits(query, candidates, (r) => texts.get(r.doc.id)).slice(0, limit), texts };
}
