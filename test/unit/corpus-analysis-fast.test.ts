// The fast forms of the per-document analysis (quality.ts unitSeq and topNgramFrac, lang.ts detectLanguage)
// give exactly what their plain forms give: each plain form is written out here as the reference, and both
// run over random texts mixing the characters where the two could part (upper case, non-ASCII letters,
// the two characters whose lower case holds an ASCII letter, astral Han, emoji, lone surrogates, ’, _ ' -).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeQuality, topNgramFrac, unitSeq, type UnitSeq } from '../../src/core/corpus/quality';
import { detectLanguage, type Lang } from '../../src/core/text/lang';
import { rng } from '../../src/core/corpus/stats';

const PIECES = [
  'the', 'The', 'THE', 'of', 'and', 'which', 'Would', 'there', 'a', 'is', 'x', 'data', 'Data', 'dAtA', "don't", 'e-mail', 'snake_case',
  ' ', ' ', ' ', '  ', '\n', '\n\n', '.', ',', '!', '...', '#', '…', '’', "'", '-', '_', '1', '42', '2026',
  '中', '文', '数据', '的', '，', '。', '、', '“', '”', '𠀀', '𪚥', '😀', '\ud800', '\udc00',
  'İ', 'İstanbul', 'K', 'Kelvin', 'Σ', 'ΣΑΣ', 'é', 'École', 'ñ', 'straße', 'ǅ', 'Ａｂｃ', 'ｑ', 'Привет', 'ї', '\u0301', 'a\u0301',
  'ÃÂ', 'はい', '한국', '<b>', '&amp;',
];

function randomText(r: () => number, parts: number): string {
  let s = '';
  for (let i = 0; i < parts; i++) s += PIECES[Math.floor(r() * PIECES.length)]!;
  return s;
}

// ---- references: the plain forms the fast ones replaced ----

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const WORD_INNER = /[\p{L}\p{M}\p{N}]/u;
const isHanCode = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ebef);

function refUnits(text: string, lang: Lang): { ids: number[]; lens: number[]; chars: number } {
  const zh = lang === 'zh';
  const ids: number[] = [];
  const lens: number[] = [];
  let chars = 0;
  const intern = new Map<string, number>();
  const starts = (c: number, ch: string) => (c < 0x80 ? /[0-9A-Za-z]/.test(ch) : zh && isHanCode(c) ? false : LETTER_OR_DIGIT.test(ch));
  const continues = (c: number, ch: string) => (c < 0x80 ? /[0-9A-Za-z_'-]/.test(ch) : c === 0x2019 ? true : zh && isHanCode(c) ? false : WORD_INNER.test(ch));
  let i = 0;
  while (i < text.length) {
    const c = text.codePointAt(i)!;
    const w = c > 0xffff ? 2 : 1;
    if (zh && isHanCode(c)) {
      ids.push(c);
      lens.push(w);
      chars += w;
      i += w;
      continue;
    }
    if (!starts(c, text.slice(i, i + w))) {
      i += w;
      continue;
    }
    let j = i + w;
    while (j < text.length) {
      const d = text.codePointAt(j)!;
      const dw = d > 0xffff ? 2 : 1;
      if (!continues(d, text.slice(j, j + dw))) break;
      j += dw;
    }
    const word = text.slice(i, j).toLowerCase();
    let id = intern.get(word);
    if (id === undefined) intern.set(word, (id = 0x40000 + intern.size));
    ids.push(id);
    lens.push(word.length);
    chars += word.length;
    i = j;
  }
  return { ids, lens, chars };
}

function refTopNgram(seq: UnitSeq, n: number): number {
  const counts = new Map<string, { count: number; first: number }>();
  let best = 0;
  let bestPos = 0;
  for (let i = 0; i + n <= seq.count; i++) {
    const key = Array.from(seq.ids.subarray(i, i + n)).join(',');
    const e = counts.get(key);
    const c = e ? ++e.count : 1;
    if (!e) counts.set(key, { count: 1, first: i });
    if (c > best) {
      best = c;
      bestPos = i;
    }
  }
  if (best < 2 || seq.chars === 0) return 0;
  let gramChars = 0;
  for (let k = 0; k < n; k++) gramChars += seq.lens[bestPos + k]!;
  return Math.min(1, (best * gramChars) / seq.chars);
}

const FUNCTION_WORDS = new Set(['the', 'of', 'and', 'to', 'in', 'is', 'that', 'for', 'it', 'as', 'was', 'with', 'be', 'by', 'on', 'are', 'this', 'at', 'from', 'or', 'an', 'which', 'have', 'has', 'not', 'but', 'were', 'can', 'their', 'they', 'we', 'you', 'he', 'she', 'his', 'her', 'its', 'will', 'would', 'there', 'been', 'a', 'if', 'what', 'how']);

function refLooksEnglish(text: string): boolean {
  const words = text.slice(0, 20000).toLowerCase().match(/[a-z]+/g);
  if (!words || words.length === 0) return false;
  if (words.length < 4) return true;
  let hits = 0;
  for (const w of words) if (FUNCTION_WORDS.has(w)) hits++;
  return hits / words.length >= 0.08;
}

function refDetect(text: string): Lang {
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let latin = 0;
  let other = 0;
  const n = Math.min(text.length, 20000);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin++;
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < n) {
      const cp = text.codePointAt(i)!;
      if (cp >= 0x20000 && cp <= 0x2ebef) han++;
      i++;
      continue;
    }
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff)) han++;
    else if (code >= 0x3040 && code <= 0x30ff) kana++;
    else if (code >= 0xac00 && code <= 0xd7af) hangul++;
    else if ((code >= 0xc0 && code <= 0x24f) || (code >= 0x1e00 && code <= 0x1eff)) latin++;
    else if (code >= 0xff21 && code <= 0xff5a) latin++;
    else if (/\p{L}/u.test(text[i]!)) other++;
  }
  const hanWeight = han * 3;
  const total = hanWeight + kana * 3 + hangul * 3 + latin + other;
  if (total === 0) return 'other';
  if (kana > han * 0.05 + 2 || hangul > han * 0.05 + 2) {
    if (kana + hangul > han * 0.2) return 'other';
  }
  if (hanWeight / total >= 0.4) return 'zh';
  if (latin / total >= 0.6) return refLooksEnglish(text) ? 'en' : 'other';
  return 'other';
}

// ---- the checks ----

test('unitSeq (spans hashed, no strings) gives the ids and lengths of the plain form, in both languages', () => {
  const r = rng(7);
  for (let k = 0; k < 3000; k++) {
    const text = randomText(r, 1 + Math.floor(r() * 120));
    for (const lang of ['en', 'zh', 'other'] as const) {
      const fast = unitSeq(text, lang);
      const ref = refUnits(text, lang);
      assert.deepEqual(Array.from(fast.ids.subarray(0, fast.count)), ref.ids, `${lang} ${JSON.stringify(text)}`);
      assert.deepEqual(Array.from(fast.lens.subarray(0, fast.count)), ref.lens, `${lang} ${JSON.stringify(text)}`);
      assert.equal(fast.chars, ref.chars);
      // The strings form (textUnits) agrees too.
      const withWords = unitSeq(text, lang, []);
      assert.deepEqual(Array.from(withWords.ids.subarray(0, withWords.count)), ref.ids);
    }
  }
});

test('one word has one id however it is spelt: ASCII, upper case, or through a non-ASCII lower case', () => {
  // "KEY" and "key" are one word; "\u212Aey" (Kelvin sign) lower-cases to "key" as well.
  const s = unitSeq('KEY key \u212Aey Key', 'en');
  assert.deepEqual(Array.from(s.ids.subarray(0, s.count)), [0x40000, 0x40000, 0x40000, 0x40000]);
  const t = unitSeq('\u212Aey KEY straße STRASSE Straße', 'en');
  assert.deepEqual(Array.from(t.ids.subarray(0, t.count)), [0x40000, 0x40000, 0x40001, 0x40002, 0x40001]);
});

test('topNgramFrac counts the most frequent n-gram as a plain count of id sequences does', () => {
  const r = rng(11);
  for (let k = 0; k < 2000; k++) {
    // Few distinct words, so n-grams repeat.
    const words = ['a', 'b', 'c', 'dd', 'eee', '中', '文'];
    const parts: string[] = [];
    const n = Math.floor(r() * 200);
    for (let i = 0; i < n; i++) parts.push(words[Math.floor(r() * (2 + Math.floor(r() * 5)))]!);
    const lang = r() < 0.5 ? 'en' : 'zh';
    const seq = unitSeq(parts.join(' '), lang);
    for (const g of [2, 3, 4]) assert.equal(topNgramFrac(seq, g), refTopNgram(seq, g), `${g} ${parts.join(' ')}`);
  }
});

test('detectLanguage (function words found without strings, letters from a table) answers as the plain form', () => {
  const r = rng(3);
  const en = 'The committee said that it would publish the data, and there was no reason to wait for it. ';
  for (let k = 0; k < 3000; k++) {
    let text = randomText(r, 1 + Math.floor(r() * 80));
    if (k % 3 === 0) text = en.repeat(1 + Math.floor(r() * 3)) + text;
    if (k % 7 === 0) text = 'x'.repeat(19990 + Math.floor(r() * 20)) + text; // the 20,000-character cut
    assert.equal(detectLanguage(text), refDetect(text), JSON.stringify(text.slice(-200)));
  }
  assert.equal(detectLanguage('\u0130T \u0130S THE \u212AEY TO IT'), refDetect('\u0130T \u0130S THE \u212AEY TO IT'));
});

test('computeQuality over random texts is stable across calls (the reused n-gram table is cleared)', () => {
  const r = rng(5);
  const texts = Array.from({ length: 200 }, () => randomText(r, 50 + Math.floor(r() * 400)));
  const first = texts.map((t) => JSON.stringify(computeQuality(t, 'en')));
  const again = texts.reverse().map((t) => JSON.stringify(computeQuality(t, 'en'))).reverse();
  assert.deepEqual(again, first);
});

test('IPv6 addresses found from the colons are those the global scan finds', () => {
  const CAND = /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|::?){1,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])/g;
  const ok = (s: string) => {
    const dbl = s.indexOf('::');
    if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
    const groups = s.split(':').filter((g) => g !== '');
    if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
    if (dbl < 0) return groups.length === 8;
    if (groups.length > 7) return false;
    return s === '::' || groups.length === 0 || groups.some((g) => /[A-Fa-f]/.test(g)) || s.startsWith('::') || groups.length >= 3;
  };
  const ref = (t: string) => {
    let n = 0;
    CAND.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = CAND.exec(t)) !== null) if (m[0].includes(':') && ok(m[0])) n++;
    return n;
  };
  const pieces = ['::', ':', ':', 'fe80', '1', '0', 'a', 'ab', 'abcd', 'g', ' ', '::1', 'abcd:', '12345', 'x', '\n', '_', '2001:db8', ':ffff', '-'];
  const r = rng(17);
  let found = 0;
  for (let k = 0; k < 5000; k++) {
    let t = '';
    for (let i = 0, n = 1 + Math.floor(r() * 40); i < n; i++) t += pieces[Math.floor(r() * pieces.length)]!;
    const want = ref(t);
    found += want;
    assert.equal(computeQuality(t, 'en').ips, want, JSON.stringify(t));
  }
  assert.ok(found > 500, `the texts hold addresses (${found})`);
});

test('markup, garbling and symbols counted in one pass agree with one pass each', () => {
  const TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>]{0,300})?\/?>|<!--|-->|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g;
  const MOJIBAKE = /[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf™œ˜”“š¦¢¡]|锟斤拷|烫烫|屯屯/g;
  const count = (re: RegExp, t: string) => (t.match(re) ?? []).length;
  const pieces = ['.', '.', '..', '...', '#', '…', 'a', ' ', '\ufffd', '\u0001', '\t', '\u0085', '\ue000', 'Ã©', '锟斤拷', '<b>', '-->', '&amp;', '<!--', 'word', '\n'];
  const r = rng(23);
  for (let k = 0; k < 3000; k++) {
    let t = '';
    for (let i = 0, n = 1 + Math.floor(r() * 60); i < n; i++) t += pieces[Math.floor(r() * pieces.length)]!;
    let garbled = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 0xfffd || (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || (c >= 0x7f && c <= 0x9f) || (c >= 0xe000 && c <= 0xf8ff)) garbled++;
    }
    garbled += count(MOJIBAKE, t);
    let symbols = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 35 || c === 0x2026) symbols++;
      else if (c === 46 && t.charCodeAt(i + 1) === 46 && t.charCodeAt(i + 2) === 46) {
        symbols++;
        i += 2;
      }
    }
    const q = computeQuality(t, 'en');
    const units = unitSeq(t, 'en').count;
    const len = t.length || 1;
    assert.equal(q.markupPer1k, (count(TAG, t) * 1000) / len, JSON.stringify(t));
    assert.equal(q.garbledPer1k, (garbled * 1000) / len, JSON.stringify(t));
    assert.equal(q.symbolRatio, units > 0 ? symbols / units : symbols > 0 ? 1 : 0, JSON.stringify(t));
  }
});
