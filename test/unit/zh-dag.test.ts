// zh-dag.ts (jieba's route and HMM in JavaScript over jieba-wasm's own dictionary and model) against
// jieba-wasm's tag(text, true): the same words, tags and offsets, on fixed sentences and on seeded random
// mixtures of common and rare Han characters, letters, digits, jieba's joining symbols, punctuation and
// spaces (runs of single characters that the HMM re-cuts, blocks that mix scripts, words at block ends).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as jieba from 'jieba-wasm';
import { setZhDagForTesting, zhDag, zhDagFrom, type DagWord } from '../../src/core/text/zh-dag';
import { segmentZh } from '../../src/core/text/zh-words';
import { rng } from '../../src/core/corpus/stats';

function viaWasm(text: string): DagWord[] {
  const out: DagWord[] = [];
  let at = 0;
  for (const t of jieba.tag(text, true)) {
    const k = at;
    at += t.word.length;
    if (t.word.trim()) out.push({ word: t.word, tag: t.tag, start: k, end: at });
  }
  return out;
}

function viaDag(text: string): DagWord[] {
  const out: DagWord[] = [];
  zhDag()!.segment(text, 0, text.length, out);
  return out;
}

const SENTENCES = [
  '小明硕士毕业于中国科学院计算所，后在日本京都大学深造',
  '我是拖拉机学院手扶拖拉机专业的。不用多久，我就会升职加薪，当上CEO，走上人生巅峰。',
  '武田信玄与织田信长、石田三成都是战国时代的武将。',
  '他来到了网易杭研大厦，我们中出了一个叛徒',
  '2009年11月15日，港铁40M线是由城巴和Enviro 500（MMC11.3米）于1988年开通的，票价12.5%上涨。',
  '查商品房地价国，请至战国无双的官网，不得不说无论如何都要去。',
  'B9TL11米巴士3XX-6XX系列；AT&T与A股、4S店、C++和C#语言。',
  '㐀㐁㐂是扩展A区的字，鿖鿗是新加的字，豈更車是兼容字。',
];

const ALPHABET =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严' +
  '织田信长武田玄石成都杭研厦叛徒' +
  'abcXYZ0123456789+#&._%-' +
  '，。、；：！？（）《》“”　 \t·…' +
  '㐀㐁䶵鿖鿗鿿豈更車';

test('the JavaScript route gives jieba-wasm\'s words, tags and offsets on fixed sentences', () => {
  assert.ok(zhDag(), 'the dictionary and HMM of jieba-wasm are read from its .wasm');
  for (const s of SENTENCES) assert.deepEqual(viaDag(s), viaWasm(s), s);
});

test('the JavaScript route gives jieba-wasm\'s segmentation on 3,000 seeded random mixtures', () => {
  const rnd = rng(14);
  const chars = [...ALPHABET];
  let words = 0;
  for (let n = 0; n < 3000; n++) {
    const len = 1 + Math.floor(rnd() * 60);
    let s = '';
    // mostly common Han characters, so that dictionary words, single-character runs and HMM joins all occur
    for (let i = 0; i < len; i++) s += rnd() < 0.75 ? chars[Math.floor(rnd() * 430)]! : chars[Math.floor(rnd() * chars.length)]!;
    const want = viaWasm(s);
    words += want.length;
    assert.deepEqual(viaDag(s), want, JSON.stringify(s));
  }
  assert.ok(words > 30000);
});

test('segmentZh: the same words through the JavaScript route and, with characters beyond the BMP, through jieba-wasm', () => {
  const t = '战国时代，𫖮与阮籍同游。武田信玄与织田信长、石田三成都是武将。\n第二段：港铁40M线。';
  const words = segmentZh(t);
  for (const w of words) assert.equal(t.slice(w.start, w.end), w.word);
  assert.ok(words.some((w) => w.word === '𫖮'));
  assert.deepEqual(
    words.filter((w) => w.start >= t.indexOf('武田')).map((w) => w.word),
    // (a stretch runs from its first Han character to its last one on the line)
    viaWasm('武田信玄与织田信长、石田三成都是武将').map((w) => w.word).concat(viaWasm('第二段：港铁40M线').map((w) => w.word)),
  );
});

test('wholeWordTag: the tag of tag(word, false) when jieba keeps the word whole', () => {
  const rnd = rng(15);
  const han = [...ALPHABET.slice(0, 430)];
  for (let n = 0; n < 2000; n++) {
    const len = 1 + Math.floor(rnd() * 3);
    let w = '';
    for (let i = 0; i < len; i++) w += han[Math.floor(rnd() * han.length)]!;
    const t = jieba.tag(w, false);
    const want = t.length === 1 ? t[0]!.tag : undefined;
    assert.equal(zhDag()!.wholeWordTag(w), want, w);
  }
});

test('a .wasm whose tables are not found, or read into other words, gives no route: jieba-wasm\'s own calls are used', async () => {
  const { readFileSync } = await import('node:fs');
  const { join, dirname } = await import('node:path');
  const wasm = readFileSync(join(dirname(require.resolve('jieba-wasm')), 'jieba_rs_wasm_bg.wasm'));
  assert.ok(zhDagFrom(wasm), 'the installed jieba-wasm is read');
  assert.equal(zhDagFrom(Buffer.from('not a wasm module')), null);
  // the HMM's start probability of B (a word's first character) changed: the self-check's HMM joins differ
  const changed = Buffer.from(wasm);
  const b = Buffer.alloc(8);
  b.writeDoubleLE(-0.26268660809250016);
  const at = changed.indexOf(b);
  assert.ok(at > 0);
  changed.writeDoubleLE(-9, at);
  assert.equal(zhDagFrom(changed), null);
  // and with no route, segmentZh gives jieba-wasm's words, the same as through the route
  const rnd = rng(16);
  const chars = [...ALPHABET];
  const texts: string[] = [];
  for (let n = 0; n < 200; n++) {
    let s = '';
    for (let i = 0; i < 150; i++) s += rnd() < 0.8 ? chars[Math.floor(rnd() * 430)]! : chars[Math.floor(rnd() * chars.length)]!;
    texts.push(s);
  }
  const viaRoute = texts.map((t) => segmentZh(t));
  setZhDagForTesting(null);
  try {
    texts.forEach((t, i) => assert.deepEqual(segmentZh(t), viaRoute[i], t));
  } finally {
    setZhDagForTesting(undefined);
  }
});
