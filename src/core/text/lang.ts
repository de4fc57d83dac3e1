// Language detection and size measures that treat Chinese sensibly: a Han character is a unit of its own,
// not part of a "word". No dependencies; fast enough to run on every document of a corpus.

export type Lang = 'zh' | 'en' | 'other';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{2ebef}]/u;

/** True for a Han (Chinese) character, including extension A/B+ and compatibility ideographs. */
export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

export interface ScriptCounts {
  han: number;
  kana: number;
  hangul: number;
  latin: number;
  /** Letters of other scripts (Cyrillic, Arabic, …). */
  otherLetters: number;
}

/** Counts letters per script over at most `limit` characters (detection needs no more). */
export function countScripts(text: string, limit = 20000): ScriptCounts {
  const c: ScriptCounts = { han: 0, kana: 0, hangul: 0, latin: 0, otherLetters: 0 };
  const n = Math.min(text.length, limit);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) c.latin++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      const cp = text.codePointAt(i)!;
      if (cp >= 0x20000 && cp <= 0x2ebef) c.han++;
      i++;
      continue;
    }
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)) c.han++;
    else if (code >= 0x3040 && code <= 0x30ff) c.kana++;
    else if (code >= 0xac00 && code <= 0xd7af) c.hangul++;
    else if ((code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) c.latin++;
    else if (code >= 0xff21 && code <= 0xff5a) c.latin++; // full-width Latin
    else if (isLetterUnit(code)) c.otherLetters++;
  }
  return c;
}

/** Per BMP code unit, found on first sight: 1 = not a letter, 2 = a letter (\p{L}); 0 = not known yet. */
const LETTER_UNIT = new Uint8Array(0x10000);
const LETTER = /\p{L}/u;

function isLetterUnit(code: number): boolean {
  let k = LETTER_UNIT[code]!;
  if (k === 0) LETTER_UNIT[code] = k = LETTER.test(String.fromCharCode(code)) ? 2 : 1;
  return k === 2;
}

/**
 * Detects zh / en / other. Chinese: Han characters dominate and there is no kana (Japanese) or hangul
 * (Korean). Han characters weigh more than Latin letters because a Chinese sentence needs far fewer of
 * them; a Chinese text quoting English terms stays Chinese. English: Latin letters dominate and the text
 * has common English function words (other Latin-script languages are "other").
 */
export function detectLanguage(text: string): Lang {
  const c = countScripts(text);
  const hanWeight = c.han * 3;
  const total = hanWeight + c.kana * 3 + c.hangul * 3 + c.latin + c.otherLetters;
  if (total === 0) return 'other';
  if (c.kana > c.han * 0.05 + 2 || c.hangul > c.han * 0.05 + 2) {
    if (c.kana + c.hangul > c.han * 0.2) return 'other';
  }
  if (hanWeight / total >= 0.4) return 'zh';
  if (c.latin / total >= 0.6) return looksEnglish(text) ? 'en' : 'other';
  return 'other';
}

const EN_FUNCTION_WORDS = new Set([
  'the', 'of', 'and', 'to', 'in', 'is', 'that', 'for', 'it', 'as', 'was', 'with', 'be', 'by', 'on', 'are',
  'this', 'at', 'from', 'or', 'an', 'which', 'have', 'has', 'not', 'but', 'were', 'can', 'their', 'they',
  'we', 'you', 'he', 'she', 'his', 'her', 'its', 'will', 'would', 'there', 'been', 'a', 'if', 'what', 'how',
]);

/** A word of 1–5 letters a–z as a number (base 27, 'a' = 1): the function words, looked up without a string. */
function wordCode(w: string): number {
  let k = 0;
  for (let i = 0; i < w.length; i++) k = k * 27 + (w.charCodeAt(i) - 96);
  return k;
}
const EN_FUNCTION_CODES = new Set([...EN_FUNCTION_WORDS].map(wordCode));

/**
 * Whether the text's first 20,000 characters read as English: of the runs of letters a–z in its lower-cased
 * form, at least 8% are function words (fewer than 4 runs: yes; none: no). One pass, no strings: a–z and A–Z
 * are letters, and so are the two other characters whose lower case holds one (U+0130 İ → "i̇", whose dot
 * ends the run; U+212A Kelvin sign → "k").
 */
function looksEnglish(text: string): boolean {
  const n = Math.min(text.length, 20000);
  let words = 0;
  let hits = 0;
  let len = 0;
  let code = 0;
  for (let i = 0; i <= n; i++) {
    let l = 0;
    let ends = false;
    if (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) l = c - 96;
      else if (c >= 65 && c <= 90) l = c - 64;
      else if (c === 0x212a) l = 11;
      else if (c === 0x130) {
        l = 9;
        ends = true;
      }
    }
    if (l > 0) {
      if (len < 6) code = code * 27 + l;
      len++;
      if (!ends) continue;
    }
    if (len > 0) {
      words++;
      if (len <= 5 && EN_FUNCTION_CODES.has(code)) hits++;
      len = 0;
      code = 0;
    }
  }
  if (words === 0) return false;
  if (words < 4) return true; // too short to tell: Latin script, assume English
  return hits / words >= 0.08;
}

/**
 * Estimated LLM tokens, CJK-aware: each Han/kana/hangul character counts about one token (as in the
 * cl100k/o200k vocabularies on Chinese), other text about one token per four characters (whitespace-free
 * runs count at least one). An estimate for budgets and statistics, not a tokenizer.
 */
export function estimateTokens(text: string): number {
  let cjk = 0;
  let other = 0;
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      cjk++;
      i++;
      inWord = false;
      continue;
    }
    if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff)) {
      cjk++;
      inWord = false;
    } else if (code === 32 || code === 10 || code === 9 || code === 13 || code === 0x3000) {
      inWord = false;
    } else {
      other++;
      if (!inWord) words++;
      inWord = true;
    }
  }
  return cjk + Math.max(words, Math.ceil(other / 4));
}

/** A human-readable length: words for space-separated text, characters for Chinese. */
export function countWordsOrChars(text: string): { units: number; unit: 'words' | 'chars' } {
  const c = countScripts(text, text.length);
  if (c.han > c.latin / 3) return { units: c.han + (text.match(/[A-Za-z0-9]+/g)?.length ?? 0), unit: 'chars' };
  return { units: text.match(/\S+/g)?.length ?? 0, unit: 'words' };
}
