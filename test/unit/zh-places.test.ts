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

test('common words jieba tags as names (城市, 巴士, 卫星, 祖先) are no name facts; the names beside them still are', async () => {
  const { extractFacts } = await import('../../src/core/review/facts');
  const { isZhCommonWord } = await import('../../src/core/text/zh-places');
  const names = (text: string) => extractFacts(text).filter((f) => f.kind === 'entity').map((f) => text.slice(f.start, f.end));
  const text = '香港的巴士路线很多，巴士站也多。这座城市通过卫星向北京和上海转播节目。它们的共同祖先生活在亚洲。';
  const found = names(text);
  for (const common of ['巴士', '巴士站', '城市', '卫星', '祖先']) assert.ok(!found.includes(common), `${common} in ${found.join(',')}`);
  for (const name of ['香港', '北京', '上海', '亚洲']) assert.ok(found.includes(name), `${name} missing from ${found.join(',')}`);
  // words that are also one place's or one firm's name are not in the lexicon
  for (const name of ['朝阳', '长安', '中山', '富豪', '光荣']) assert.equal(isZhCommonWord(name), false, name);
});
