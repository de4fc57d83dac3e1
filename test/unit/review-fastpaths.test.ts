// The review's fast paths give what the plain code they replace gives, on random input built to hit their
// edge cases (each compared with that plain code written out here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findLeaks, sameUpToSpace } from '../../src/core/rewrite/checks';
import { rng } from '../../src/core/corpus/stats';
import { findAtWordStarts } from '../../src/core/review/textindex';
import { patternStrings, polarityOfWord, POLARITY_ASCII_WORDS } from '../../src/core/review/facts';

test('sameUpToSpace: as comparing both texts with white space runs made one space and trimmed', () => {
  const r = rng(41);
  const pieces = ['a', 'b', 'ab', ' ', '  ', '\n', '\t', '\u00a0', '\u3000', '\u2028', 'x y', '中'];
  const text = () => Array.from({ length: Math.floor(r() * 8) }, () => pieces[Math.floor(r() * pieces.length)]!).join('');
  const plain = (x: string, y: string) => x.replace(/\s+/g, ' ').trim() === y.replace(/\s+/g, ' ').trim();
  let equal = 0;
  for (let i = 0; i < 20000; i++) {
    const x = text();
    // y: x with its white space changed half the time, another text otherwise
    const y = r() < 0.5 ? x.replace(/\s+/g, () => pieces[1 + Math.floor(r() * 6)]!.replace(/[ab]/g, ' ')).replace(/^/, r() < 0.3 ? '\n' : '') : text();
    const want = plain(x, y);
    if (want) equal++;
    assert.equal(sameUpToSpace(x, y), want, JSON.stringify([x, y]));
  }
  assert.ok(equal > 2000, `enough equal pairs to test (${equal})`);
});

test('findLeaks: an answer that repeats its source is an echo from 20 characters on, white space made one space', () => {
  const r = rng(42);
  for (let i = 0; i < 3000; i++) {
    const x = Array.from({ length: Math.floor(r() * 30) }, () => ['a', ' ', '\n\n', 'bc', '\t'][Math.floor(r() * 5)]!).join('');
    const echo = findLeaks(x + '\n', ' ' + x).some((l) => l.kind === 'echo-source');
    assert.equal(echo, x.replace(/\s+/g, ' ').trim().length >= 20, JSON.stringify(x));
  }
});

test('direction words: the strings listed from the patterns are all the English words they match', () => {
  assert.ok(POLARITY_ASCII_WORDS.length > 300);
  for (const w of POLARITY_ASCII_WORDS) assert.ok(polarityOfWord(w), `${w} is a direction word`);
  // words near the listed ones (other endings, a letter more or less): a direction word among them is listed
  const listed = new Set(POLARITY_ASCII_WORDS);
  const endings = ['', 's', 'es', 'ed', 'd', 'ing', 'er', 'est', 'ly', 'en', 'n', 'y', 'ies', 'ied', ' to'];
  let tried = 0;
  for (const w of POLARITY_ASCII_WORDS) {
    const stems = [w, w.slice(0, -1), w.slice(0, -2), w.slice(0, -3)].filter((x) => x.length > 0);
    for (const st of stems) for (const e of endings) {
      const x = st + e;
      tried++;
      if (polarityOfWord(x)) assert.ok(listed.has(x), `${x} matches a pattern but is not listed`);
    }
  }
  assert.ok(tried > 10000);
  assert.deepEqual(patternStrings('\\b(?:gr(?:ow|ew)|favou?r(?:s)?|gr[ae]y)\\b|上升'), ['grow', 'grew', 'favor', 'favors', 'favour', 'favours', 'gray', 'grey', '上升']);
  assert.throws(() => patternStrings('\\b[a-z]+n\'t\\b'));
});

test('findAtWordStarts: the first word start each needle is written at, as a plain scan of every word start finds', () => {
  const r = rng(43);
  const isWord = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f);
  const plain = (text: string, needles: string[]) => {
    const starts: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 0x3400 && c <= 0x9fff) || (isWord(c) && (i === 0 || !isWord(text.charCodeAt(i - 1))))) starts.push(i);
    }
    const out = new Map<string, number>();
    for (const n of new Set(needles)) {
      if (!/^(?:[a-z0-9\u00c0-\u024f]+|[\u3400-\u9fff])/.test(n)) continue;
      const at = starts.find((i) => text.startsWith(n, i));
      if (at !== undefined) out.set(n, at);
    }
    return out;
  };
  const pieces = ['a', 'b', 'ab', 'ba', 'abc', ' ', ' ', '中', '文', 'é', '-', '1', '.', 'A'];
  const pick = (k: number) => Array.from({ length: 1 + Math.floor(r() * k) }, () => pieces[Math.floor(r() * pieces.length)]!).join('');
  let found = 0;
  for (let round = 0; round < 3000; round++) {
    const text = pick(40);
    const needles = Array.from({ length: 1 + Math.floor(r() * (round % 5 === 0 ? 60 : 8)) }, () => pick(4));
    const want = [...plain(text, needles)];
    found += want.length;
    assert.deepEqual([...findAtWordStarts(text, needles)], want, JSON.stringify({ text, needles }));
  }
  assert.ok(found > 2000, `enough needles found to test (${found})`);
});
