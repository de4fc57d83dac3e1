// The table scanner of shingleHashes and paragraphsOf gives exactly the units of shingleUnits' expressions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmix32, paragraphsOf, shingleHashes, shingleUnits, PASSAGE_MIN_UNITS } from '../../src/core/corpus/dedup/minhash';
import type { Lang } from '../../src/core/text/lang';

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** shingleHashes written with shingleUnits (the regular expressions), as it was. */
function refShingles(text: string, lang: Lang, kWords: number, kChars: number): number[] {
  const units = shingleUnits(text, lang);
  const zh = lang === 'zh' || (lang === 'other' && units.length > 0 && units.filter((u) => HAN.test(u)).length > units.length / 2);
  if (units.length === 0) return [];
  const uh = units.map(fnv);
  const span = Math.min(zh ? kChars : kWords, units.length);
  const out: number[] = [];
  for (let i = 0; i + span <= units.length; i++) {
    let h = 0x9747b28c ^ span;
    for (let j = 0; j < span; j++) {
      h = Math.imul(h ^ uh[i + j]!, 0x5bd1e995);
      h ^= h >>> 15;
    }
    out.push(fmix32(h));
  }
  return out;
}

/** paragraphsOf written with shingleUnits and join, as it was. */
function refParagraphs(text: string, lang: Lang) {
  const out = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    const zh = HAN.test(line);
    const units = line.length < (zh ? PASSAGE_MIN_UNITS.zh : PASSAGE_MIN_UNITS.words * 2) ? [] : shingleUnits(line, zh ? 'zh' : lang);
    if (units.length >= (zh ? PASSAGE_MIN_UNITS.zh : PASSAGE_MIN_UNITS.words)) {
      const s = units.join(' ');
      let h2 = 0x2545f491;
      for (let i = 0; i < s.length; i++) h2 = Math.imul(h2 ^ s.charCodeAt(i), 0x5bd1e995) ^ (h2 >>> 15);
      out.push({ start, end: end > start && text[end - 1] === '\r' ? end - 1 : end, hash: (fnv(s) & 0xfffff) * 4294967296 + fmix32(h2 >>> 0), units: units.length });
    }
    start = end + 1;
  }
  return out;
}

test('shingle hashes and passages from the scanner equal those from the expressions, on mixed scripts', () => {
  const pieces = ['the', 'River', 'STRASSE', 'Straße', 'ﬁne', 'İstanbul', 'ΑΣ', 'σοφός', 'Москва', '中', '文', '模型', 'ＧＰＴ', '１２３', '⼀', '㊀', '𠀀', '𠀁x', '한국어', 'にほんご', '٣', 'x²', 'e\u0301', '\ud800', '\udc00', ' ', ' ', '  ', ', ', '。', '！', '\n', '\r\n', '-', '\u4dc0', '\u9ffe', '\uf900', '\u3000', '…'];
  let x = 99;
  const r = (n: number) => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n);
  for (let t = 0; t < 400; t++) {
    let text = '';
    const len = 5 + r(120);
    for (let i = 0; i < len; i++) text += pieces[r(pieces.length)]!;
    for (const lang of ['en', 'zh', 'other'] as const) {
      assert.deepEqual([...shingleHashes(text, lang, { wordShingle: 5, charShingle: 3 })], refShingles(text, lang, 5, 3), `shingles of ${JSON.stringify(text)} (${lang})`);
      assert.deepEqual(paragraphsOf(text, lang), refParagraphs(text, lang), `passages of ${JSON.stringify(text)} (${lang})`);
    }
  }
});
