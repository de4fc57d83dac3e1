import { test } from 'node:test';
import assert from 'node:assert/strict';
import { zhNames } from '../../src/core/text/zh-words';
import { retypeZhName } from '../../src/core/text/zh-places';

const typeOf = (text: string, name: string) => zhNames(text).find((n) => n.text === name)?.type;

test('places jieba tags as people are typed as places: countries, cities, administrative units', () => {
  assert.equal(typeOf('他去了莫斯科和温哥华。', '莫斯科'), 'place');
  assert.equal(typeOf('他去了莫斯科和温哥华。', '温哥华'), 'place');
  assert.equal(typeOf('斯里兰卡是一个国家。', '斯里兰卡'), 'place');
  assert.equal(typeOf('熊本县和宫崎县都在九州。', '熊本县'), 'place');
});

test('offices written as people are organisations; real people stay people', () => {
  assert.equal(retypeZhName('詹事府', 'person'), 'organisation');
  assert.equal(retypeZhName('香港政府', 'place'), 'organisation');
  assert.equal(typeOf('孙中山与刘备都是历史人物。', '孙中山'), 'person');
  assert.equal(retypeZhName('孙中山', 'person'), 'person');
  // a two-character person name is never retyped by a suffix
  assert.equal(retypeZhName('刘区', 'person'), 'person');
});
