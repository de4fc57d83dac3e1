import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findAtWordStarts, firstAtWordStart } from '../../src/core/review/textindex';

test('findAtWordStarts: first occurrence at a word start, Latin and Han, may end inside a word', () => {
  const text = 'the organisation of gansu province: 甘肃省位于中国西北，甘肃的省会是兰州。 then gans and ganymede.';
  const found = findAtWordStarts(text, ['gan', 'gansu province', 'ganymede', '甘肃', '兰州', '西北', 'nisation', 'rome', '州']);
  assert.equal(found.get('gan'), text.indexOf('gansu'));
  assert.equal(found.get('gansu province'), text.indexOf('gansu'));
  assert.equal(found.get('ganymede'), text.indexOf('ganymede'));
  assert.equal(found.get('甘肃'), text.indexOf('甘肃'));
  assert.equal(found.get('兰州'), text.indexOf('兰州'));
  assert.equal(found.get('西北'), text.indexOf('西北'));
  assert.equal(found.get('州'), text.indexOf('州'));
  assert.equal(found.has('nisation'), false, 'not at a word start');
  assert.equal(found.has('rome'), false);
});

test('findAtWordStarts: no needles, or needles with no word characters, find nothing', () => {
  assert.equal(findAtWordStarts('some text', []).size, 0);
  assert.equal(findAtWordStarts('a -- b', ['--']).size, 0);
});

test('firstAtWordStart: the first word-start occurrence inside a range, as findAtWordStarts finds it in that slice', () => {
  const text = 'gansu and ganymede. the organisation of gansu. 甘肃省位于中国西北，甘肃的省会是兰州。 xgan gan';
  const ranges: Array<[number, number]> = [[0, text.length], [3, 40], [text.indexOf('organisation') + 3, text.length], [text.indexOf('甘肃的'), text.length], [0, 4]];
  for (const needle of ['gan', 'gansu', 'ganymede', 'nisation', 'isation', '甘肃', '兰州', 'xgan', 'rome', '--', 'su']) {
    for (const [from, to] of ranges) {
      const inSlice = findAtWordStarts(text.slice(from, to), [needle]).get(needle);
      assert.equal(firstAtWordStart(text, needle, from, to), inSlice === undefined ? -1 : inSlice + from, `${needle} in [${from}, ${to})`);
    }
  }
  // the range's start counts as a word start; a needle running past the range's end is not in it
  assert.equal(firstAtWordStart(text, 'isation', text.indexOf('isation')), text.indexOf('isation'));
  assert.equal(firstAtWordStart(text, 'gansu', 0, 4), -1);
});
