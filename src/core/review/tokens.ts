// Cheap lexical features for similarity: English content-word stems and Chinese character bigrams,
// hashed to 32-bit integers. Shared by the aligner and the consistency check.
import { toHalfWidth } from './normalize';

export const STOPWORDS = new Set(
  ('a an the of and or but if then else to in on at by for from with without as is are was were be been being am ' +
    'it its this that these those there here their they them he she his her him we us our you your i me my ' +
    'do does did done has have had having will would shall should can could may might must not no so such ' +
    'than too very also just only about into over under up down out off again further once all any both each ' +
    'few more most other some own same which who whom whose what when where why how because while during ' +
    'before after above below between through until against among per via de la le et').split(' '),
);

/** A crude English stem: plural and verb endings stripped so that "rises" / "rising" / "rise" meet. */
export function stem(w: string): string {
  const n = w.length;
  if (n > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (n > 5 && w.endsWith('ing')) return w.slice(0, -3);
  if (n > 4 && w.endsWith('ed')) return w.slice(0, -2);
  if (n > 4 && w.endsWith('es') && /(?:ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (n > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  if (n > 3 && w.endsWith('e')) return w.slice(0, -1);
  return w;
}

/** FNV-1a hash of a string, as a 32-bit signed integer. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/**
 * Content terms of a text: lower-cased, stemmed English/Latin words (stop words left out, numbers kept)
 * and Chinese character bigrams (a lone Han character counts as a unigram).
 */
export function contentTerms(text: string): string[] {
  const t = toHalfWidth(text);
  const out: string[] = [];
  let i = 0;
  const n = t.length;
  while (i < n) {
    const c = t.charCodeAt(i);
    if (isHanCode(c)) {
      let j = i;
      while (j < n && isHanCode(t.charCodeAt(j))) j++;
      if (j - i === 1) out.push(t[i]!);
      else for (let k = i; k + 1 < j; k++) out.push(t.slice(k, k + 2));
      i = j;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f)) {
      let j = i + 1;
      while (j < n) {
        const d = t.charCodeAt(j);
        if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || (d >= 48 && d <= 57) || (d >= 0xc0 && d <= 0x24f)) j++;
        else if ((d === 46 || d === 44) && j + 1 < n && t.charCodeAt(j - 1) >= 48 && t.charCodeAt(j - 1) <= 57 && t.charCodeAt(j + 1) >= 48 && t.charCodeAt(j + 1) <= 57) j++; // 1,500.5
        else break;
      }
      const w = t.slice(i, j).toLowerCase();
      if (!STOPWORDS.has(w)) out.push(stem(w));
      i = j;
    } else i++;
  }
  return out;
}

/** Sorted unique hashes of the content terms of a text. */
export function termHashes(text: string): Int32Array {
  let terms = contentTerms(text);
  if (terms.length === 0) {
    // nothing but function words or symbols ("It is.", "—"): their lower-cased words, else the text itself
    terms = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    const t = text.trim();
    if (terms.length === 0 && t) terms = [`\u0000${t}`];
  }
  const a = new Int32Array(terms.length);
  for (let i = 0; i < terms.length; i++) a[i] = hashString(terms[i]!);
  a.sort();
  let k = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[k++] = a[i]!;
  return a.subarray(0, k);
}
