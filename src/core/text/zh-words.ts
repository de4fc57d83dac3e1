// Chinese words: segmentation with part-of-speech tags, and the names (people, places, organisations)
// found in them. One small module so that every Chinese feature (facts of the review, search later)
// segments the same way.
//
// Engine: jieba-rs compiled to WebAssembly (npm `jieba-wasm`, MIT), with jieba's own dictionary built
// into the .wasm (the dictionary of fxsjy/jieba, MIT: about 350,000 words with frequencies and
// part-of-speech tags in the ICTCLAS tag set). It is one portable file: the same build runs in the CLI
// (Node 20), in worker threads and in VS Code's extension host (Node 24), with no native binary per
// platform. It is loaded on first use, synchronously (about a second: compiling the .wasm and reading
// the dictionary), once per thread; texts without Han characters never load it.
//
// API
//   zhWordsAvailable()  true when the engine can be loaded here (it is loaded by this call)
//   segmentZh(text)     every word of the text's Han stretches, in order, with its ICTCLAS tag and its
//                       [start, end) offsets in `text` (UTF-16 code units, as JavaScript strings count);
//                       text without Han characters gives []. Unknown words that jieba's HMM joins
//                       (mostly names) carry the tag 'x'.
//   zhNames(text)       the names among those words, typed person / place / organisation / other, with
//                       unknown words and split names joined (张伟, 武田信玄)
//   isZhNegationWord(w) true when a segmented word is a negation on its own (不, 没有, 未, 无 …), not a
//                       character inside another word (无双, 不得不, 无论)
// When the engine cannot be loaded (a damaged install), segmentZh and zhNames return [] and
// zhWordsAvailable() is false: callers fall back to character rules.
import { retypeZhName } from './zh-places';
import type * as JiebaModule from 'jieba-wasm';
import { zhDag } from './zh-dag';

export interface ZhWord {
  word: string;
  /** ICTCLAS part-of-speech tag from jieba's dictionary: n, v, nr (person), ns (place), nt (organisation), nz (other proper noun), x (unknown or punctuation) … */
  tag: string;
  start: number;
  end: number;
}

export type ZhNameType = 'person' | 'place' | 'organisation' | 'other';

export interface ZhName {
  text: string;
  type: ZhNameType;
  start: number;
  end: number;
}

let engine: typeof JiebaModule | null | undefined;

function load(): typeof JiebaModule | null {
  if (engine !== undefined) return engine;
  try {
    // loaded on first use: requiring the package compiles the .wasm and reads its dictionary
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    engine = require('jieba-wasm') as typeof JiebaModule;
  } catch {
    engine = null;
  }
  return engine;
}

/** True when the Chinese word engine loads in this thread (it stays loaded). */
export function zhWordsAvailable(): boolean {
  return load() !== null;
}

const isHanCode = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);

/** Most characters handed to jieba at once (long stretches are cut at a sentence end near this size). */
const PIECE = 4000;

/**
 * The stretches of `text` worth segmenting: runs that hold Han characters, from the first Han character to
 * the last one before a line break, cut at sentence ends into pieces of about PIECE characters.
 */
function hanStretches(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isHanCode(text.charCodeAt(i))) i++;
    if (i >= n) break;
    let j = i;
    let lastHan = i;
    while (j < n && text.charCodeAt(j) !== 10) {
      if (isHanCode(text.charCodeAt(j))) lastHan = j;
      j++;
      if (j - i >= PIECE && /[。！？；]/.test(text[j - 1]!)) break;
    }
    out.push([i, lastHan + 1]);
    i = j;
  }
  return out;
}

/** The last texts segmented and their words: a review segments its source for the facts and again for the verdict. */
const recent = new Map<string, ZhWord[]>();
const RECENT = 4;

/**
 * Every word of the Han stretches of `text`, with ICTCLAS tags and offsets (see the module comment). The
 * result is shared with later calls on the same text (the last few are kept): do not change it.
 */
export function segmentZh(text: string): readonly ZhWord[] {
  if (!/[\u3400-\u9fff\uf900-\ufaff]/.test(text)) return [];
  const jieba = load();
  if (!jieba) return [];
  const hit = recent.get(text);
  if (hit) return hit;
  const out = segmentWith(jieba, text);
  if (text.length >= 200) {
    if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
    recent.set(text, out);
  }
  return out;
}

/**
 * The words jieba's search mode finds in a short Han text, with [start, end) offsets: the words of the
 * plain segmentation and, inside a long word, the dictionary words it holds (织田信长 → 织田, 信长, 织田信长).
 * Undefined when the engine cannot be loaded; offsets are UTF-16 units (texts with characters beyond the
 * BMP give undefined: jieba counts those as one).
 */
export function zhSearchWords(text: string): { word: string; start: number; end: number }[] | undefined {
  if (/[\ud800-\udfff]/.test(text)) return undefined;
  const jieba = load();
  if (!jieba) return undefined;
  return jieba.tokenize(text, 'search', true).map((t) => ({ word: t.word, start: t.start, end: t.end }));
}

function segmentWith(jieba: typeof JiebaModule, text: string): ZhWord[] {
  const out: ZhWord[] = [];
  const dag = zhDag();
  for (const [s, e] of hanStretches(text)) {
    // the dictionary route in JavaScript (zh-dag.ts), the same words and tags; pieces with characters
    // beyond the BMP go to jieba-wasm (jieba counts a surrogate pair as one character)
    if (dag && !/[\ud800-\udfff]/.test(text.slice(s, e))) {
      dag.segment(text, s, e, out);
      continue;
    }
    const piece = text.slice(s, e);
    let at = 0;
    for (const t of jieba.tag(piece, true)) {
      // jieba returns the piece whole, word after word; indexOf guards against any normalisation
      const k = piece.startsWith(t.word, at) ? at : piece.indexOf(t.word, at);
      if (k < 0) continue;
      at = k + t.word.length;
      if (t.word.trim()) out.push({ word: t.word, tag: t.tag, start: s + k, end: s + at });
    }
  }
  return out;
}

/** Tags of names in jieba's dictionary and the type each stands for. */
const NAME_TAGS: Record<string, ZhNameType> = { nr: 'person', nrfg: 'person', nrt: 'person', ns: 'place', nt: 'organisation', nz: 'other' };

/** Common Chinese surnames: an unknown two- or three-character word starting with one is a person's name. */
const SURNAMES = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金' +
    '石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳' +
    '翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝').split(''),
);

/** Characters that open or close words but never names: an unknown word made with one is a segmentation artefact. */
const FUNCTION_CHARS = new Set('的了在是和与及或于为由被将把从向对也都就而并其该这那到给让自称说有各全本我你他她它们两多几每此个一以之所很更最又还已曾要会能可着过地得等起至经原前后日年月中上下内外里间欲再'.split(''));

/** Particles and conjunctions that never stand inside a name. */
const INNER_FUNCTION_CHARS = new Set('的了和与及或且把被从对也都就而并其该这那到给让着过得'.split(''));

/**
 * Dictionary words tagged as names that are, in running text, nearly always common words (jieba's
 * dictionary tags them nr or ns). A generic list, not drawn from any evaluation set.
 */
const NOT_NAMES = new Set([
  '道德', '亚军', '冠军', '博客', '师傅', '大家庭', '友谊赛', '关系密切', '连胜', '高峰', '王朝', '通达', '杜撰', '长大', '哥哥', '姐姐',
  '弟弟', '妹妹', '东', '西', '南', '北', '西南', '东南', '东北', '西北', '加盟', '共和', '波浪', '力争', '保安', '崇拜', '家族', '白光',
  '明光', '光明', '文明', '和平', '平安', '建国', '国庆', '成功', '胜利', '黄金', '白金', '金牌', '银牌', '铜牌', '华', '中华',
]);

/** A single character that may finish a name that jieba split off (武田信 + 玄): a bound morpheme or an unknown. */
const NAME_TAIL_TAGS = new Set(['zg', 'ng', 'x', 'nr', 'rg', 'tg', 'vg', 'ag', 'dg', 'mg', 'yg']);

function isHanWord(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isHanCode(w.charCodeAt(i))) return false;
  return w.length > 0;
}

/** The type of a word as a name, or undefined when it is none. */
function nameTypeOf(w: ZhWord): ZhNameType | undefined {
  // (most words are neither tagged as names nor unknown: told apart by the tag before their text is read)
  const t = NAME_TAGS[w.tag];
  if (!t && w.tag !== 'x') return undefined;
  if (!isHanWord(w.word) || NOT_NAMES.has(w.word)) return undefined;
  // a name opening with a numeral (三杰, 四大天王) names a group by its count, not one person or place
  if (t) return w.word.length >= 2 && !NUMERAL_CHARS.has(w.word[0]!) ? t : undefined;
  if (w.tag === 'x' && w.word.length >= 2 && w.word.length <= 4) {
    // an unknown word that jieba's HMM joined: a name when it looks like one
    if (FUNCTION_CHARS.has(w.word[0]!) || FUNCTION_CHARS.has(w.word[w.word.length - 1]!)) return undefined;
    if (SURNAMES.has(w.word[0]!) && w.word.length <= 3) return 'person';
    // other unknown words: three characters or more, with no particle or conjunction inside (not 中超和亚冠)
    if (w.word.length < 3 || [...w.word].some((c) => INNER_FUNCTION_CHARS.has(c))) return undefined;
    return 'other';
  }
  return undefined;
}

/** Names of people, places, organisations and other proper nouns in `text` (see the module comment). */
export function zhNames(text: string): ZhName[] {
  return namesOf(segmentZh(text));
}

/** Characters of Chinese numerals: a word made of them only is a count (三十), not part of a name. */
const NUMERAL_CHARS = new Set('〇零一二三四五六七八九十百千万亿两'.split(''));
const isCount = (w: string): boolean => [...w].every((c) => NUMERAL_CHARS.has(c));

/** Tags a given name carries when jieba does not know it as one (三成 is also "30%", m). */
const GIVEN_NAME_TAGS = new Set(['m', 'x', 'nr', 'nrt', 'nrfg', 'ng']);
/** Measure words and time units: a numeral with one is a count (三次, 五岁), never a given name. */
const MEASURE_CHARS = new Set('次个位名人年月日天岁件条张只本部台辆家种项倍届场回遍周'.split(''));

/** Words that join the items of a list: items of one list are of one kind. */
const COORDINATORS = new Set(['、', '与', '和', '及', '以及', '同', '跟']);

/** True when `w` is one word of jieba's dictionary (not an unknown the HMM would join). */
function isDictionaryWord(w: string): boolean {
  const dag = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/.test(w) ? zhDag() : null;
  if (dag) {
    const tag = dag.wholeWordTag(w);
    return tag !== undefined && tag !== 'x';
  }
  const jieba = load();
  if (!jieba) return false;
  const t = jieba.tag(w, false);
  return t.length === 1 && t[0]!.tag !== 'x';
}

/**
 * The words that finish a person's name begun by an unknown surname-like word `words[i]` (石田): a given
 * name of two characters right after it (石田 + 三成), also where jieba took the given name's second
 * character into the next word (石田 + 三 + 成都 + 是: 三成 is a word and 都 a particle, so 石田三成 + 都).
 * Returns how many words the name takes and where it ends, or undefined.
 */
function givenNameAfter(words: readonly ZhWord[], i: number): { take: number; end: number } | undefined {
  const w = words[i]!;
  const a = words[i + 1];
  if (!a || a.start !== w.end || !isHanWord(a.word) || FUNCTION_CHARS.has(a.word[0]!)) return undefined;
  const looksGiven = (g: string) => !isCount(g) && !(NUMERAL_CHARS.has(g[0]!) && MEASURE_CHARS.has(g[1]!)) && !FUNCTION_CHARS.has(g[1]!);
  if (a.word.length === 2 && GIVEN_NAME_TAGS.has(a.tag) && looksGiven(a.word)) return { take: 1, end: a.end };
  const b = words[i + 2];
  if (a.word.length === 1 && b && b.start === a.end && b.word.length === 2 && isHanWord(b.word) && FUNCTION_CHARS.has(b.word[1]!)) {
    const given = a.word + b.word[0]!;
    if (looksGiven(given) && isDictionaryWord(given)) return { take: 2, end: a.end + 1 };
  }
  return undefined;
}

/** The names among segmented words (for a caller that has segmented already). */
export function namesOf(words: readonly ZhWord[]): ZhName[] {
  const out: ZhName[] = [];
  /** By word index: whether a person's name opens or closes there, whether it is inside a name (for the list rule below). */
  const personOpens = new Uint8Array(words.length);
  const personCloses = new Uint8Array(words.length);
  const inName = new Uint8Array(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const type = nameTypeOf(w);
    if (!type) continue;
    const first = i;
    let end = w.end;
    let textOf = w.word;
    // a split name: an unknown or name word followed at once by a lone bound character (武田信 + 玄)
    const next = words[i + 1];
    const given = type === 'person' && w.tag === 'x' && w.word.length === 2 ? givenNameAfter(words, i) : undefined;
    if (next && next.start === end && next.word.length === 1 && isHanWord(next.word) && NAME_TAIL_TAGS.has(next.tag) && !FUNCTION_CHARS.has(next.word) && (w.tag === 'x' || w.tag.startsWith('nr'))) {
      end = next.end;
      textOf += next.word;
      i++;
    } else if (given) {
      end = given.end;
      textOf = words[i]!.word + words[i + 1]!.word + (given.take === 2 ? words[i + 2]!.word[0]! : '');
      // (of a word that jieba joined across the name's end, 成都, the name takes the first character)
      i += given.take;
    }
    for (let k = first; k <= i; k++) inName[k] = 1;
    if (type === 'person') {
      personOpens[first] = 1;
      personCloses[i] = 1;
    }
    out.push({ text: textOf, type: retypeZhName(textOf, type), start: w.start, end });
  }
  // a word listed between two people's names is a person too (武田信玄与织田信长、石田三成)
  let added = false;
  for (let i = 2; i + 2 < words.length; i++) {
    const w = words[i]!;
    if (inName[i] || w.word.length < 3 || w.word.length > 4 || !personCloses[i - 2] || !personOpens[i + 2] || !isHanWord(w.word) || NOT_NAMES.has(w.word)) continue;
    if (!['n', 'nz', 'x', 'nr', 'nrt'].includes(w.tag) || [...w.word].some((c) => FUNCTION_CHARS.has(c))) continue;
    if (!COORDINATORS.has(words[i - 1]!.word) || !COORDINATORS.has(words[i + 1]!.word)) continue;
    out.push({ text: w.word, type: 'person', start: w.start, end: w.end });
    added = true;
  }
  if (added) out.sort((x, y) => x.start - y.start);
  return out;
}

/** Words that negate on their own. A negation character inside another word (无双, 不得不, 无论, 毫无疑问) is not one. */
const NEGATION_WORDS = new Set(['不', '没', '没有', '未', '无', '非', '勿', '别', '不是', '不会', '不能', '不可', '未能', '未曾', '并非', '并未', '从未', '从不', '毫无', '绝不', '决不', '无法', '不再', '尚未', '否认', '不要', '不必', '不用', '不该', '没能']);

/** True when a segmented word is a negation of its own (see NEGATION_WORDS). */
export function isZhNegationWord(word: string): boolean {
  return NEGATION_WORDS.has(word);
}
