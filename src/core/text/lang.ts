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
    else if (/\p{L}/u.test(text[i]!)) c.otherLetters++;
  }
  return c;
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

function looksEnglish(text: string): boolean {
  const words = text.slice(0, 20000).toLowerCase().match(/[a-z]+/g);
  if (!words || words.length === 0) return false;
  if (words.length < 4) return true; // too short to tell: Latin script, assume English
  let hits = 0;
  for (const w of words) if (EN_FUNCTION_WORDS.has(w)) hits++;
  return hits / words.length >= 0.08;
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
