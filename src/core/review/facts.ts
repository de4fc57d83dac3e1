// Extraction of checkable facts from English and Chinese text: quantities, dates, named entities, URLs,
// e-mail addresses, code identifiers, negations and polarity (direction) words. Every fact carries its
// exact character offsets in the text it was found in. Heuristic, dependency-free, linear in the text.
import type { FactKind, NameType } from './types';
import { isZhNegationWord, namesOf, segmentZh, zhWordsAvailable, type ZhWord } from '../text/zh-words';
import {
  toHalfWidth, parseChineseNumeral, parsePlainNumber, scaleOf, canonicalUnit, formatNumber, wordNumber,
  monthNumber, MONTH_NAME_PATTERN, formatDate, entityKey, ZH_NUMERAL_CHARS,
} from './normalize';
import { spanHash } from '../text/hash';
import { isZhCommonWord } from '../text/zh-places';

export interface RawFact {
  kind: FactKind;
  text: string;
  normalized: string;
  start: number;
  end: number;
  /** Numbers: the value after scaling (150万 → 1500000). */
  value?: number;
  /** Numbers written in digits: significant digits as written (6.50 → 3, 4,000 → 1, 4,004 → 4). */
  digits?: number;
  /** Numbers: canonical unit ('%', 'usd', 'km', '' …). */
  unit?: string;
  /** Polarity facts: the axis ('dir', 'outcome', …); normalized is `${axis}:${pole}`. */
  axis?: string;
  /** Names: person, place, organisation, title (《…》) or other. */
  type?: NameType;
}

const HAN_RANGE = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** A \w character of a regular expression: ASCII letter, digit or underscore. */
const isWordCode = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 95;

// ---- patterns (run on the half-width copy of the text; offsets are the same) ----
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'()（）【】「」《》，。；！？、]+/gi;
const EMAIL_RE = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;
const BACKTICK_RE = /`([^`\n]{1,100})`/g;
const SNAKE_RE = /\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b/g;
const CAMEL_RE = /\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b/g;
const DOTTED_RE = /\b[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(\))?|\b[A-Za-z_$][\w$]*\(\)/g;
// What every match of the pattern above holds, and the characters its matches are made of (see eachInRuns)
const DOTTED_CUE = /[\w$]\.[A-Za-z_$]|\(\)/g;
const CAMEL_CUE = /[a-z0-9][A-Z]/g;
/** [\w$.()]: the characters of DOTTED_RE's matches. */
const isDottedRunCode = (c: number): boolean => isWordCode(c) || c === 36 || c === 46 || c === 40 || c === 41;
/** [\w.%+@-]: the characters of EMAIL_RE's matches, and the underscore (a word character). */
const isEmailRunCode = (c: number): boolean => isWordCode(c) || c === 46 || c === 37 || c === 43 || c === 64 || c === 45;
const DOMAIN_TLD = /\.(?:com|org|net|edu|gov|io|ai|cn|uk|de|fr|jp|info|dev|co)$/i;

const M = MONTH_NAME_PATTERN;
const DATE_ZH_RE = new RegExp(
  `(\\d{4}|[〇零一二三四五六七八九]{4})\\s*年(?:\\s*(\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*月(?:\\s*(\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*[日号])?)?` +
  `|(\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*月\\s*(\\d{1,2}|[一二三四五六七八九十]{1,3})\\s*[日号]`,
  'g',
);
const DATE_ISO_RE = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g;
const DATE_MDY_RE = new RegExp(`\\b(${M})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4})\\b)?`, 'g');
const DATE_DMY_RE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${M})\\b\\.?(?:,?\\s+(\\d{4})\\b)?`, 'g');
const DATE_MY_RE = new RegExp(`\\b(${M})\\.?,?\\s+(\\d{4})\\b`, 'g');
const MONTH_ALONE_RE = /\b(?:January|February|March|April|June|July|August|September|October|November|December)\b/g;
const YEAR_RE = /\b(1[5-9]\d{2}|20\d{2})(s)?\b(?!\s*[万亿千百十%元人名个倍])(?!\s*(?:%|percent|people|persons|km|kg|miles|metres|meters|kilometres|kilometers|feet|yards|inches|pounds|lbs|tonnes|tons|acres|hectares|litres|liters|gallons|calories|degrees|hours|minutes|seconds|days|weeks|months|dollars|euros|yuan|times|million|billion|thousand|words|pages|employees|workers|jobs|students|members|residents|patients|passengers|troops|soldiers|votes|cases|deaths|homes|houses|units|copies))/g;

const SCALE_WORDS = 'hundred|thousand|million|billion|trillion|bn|mn|mio|tn|lakh|crore';
const UNIT_WORDS =
  'percent|per cent|pct|%|dollars?|euros?|pounds?|yuan|rmb|usd|eur|gbp|cny|km/h|kilomet(?:re|er)s?|met(?:re|er)s?|km|cm|mm|kg|kilograms?|grams?|tonnes?|tons?|miles?|mph|feet|foot|ft|gb|mb|kb|tb|ghz|mhz|kw|mw|gw|°c|°f|lit(?:re|er)s?|millilit(?:re|er)s?|ml|gallons?|acres?|hectares?|square (?:miles|kilomet(?:re|er)s|met(?:re|er)s|feet)|sq ?km|inch(?:es)?|yards?|lbs?|ounces?|oz|tons|calories|kcal|mg|degrees?|years?|months?|weeks?|days?|hours?|minutes?|seconds?|people|persons?|times';
const NUM_EN_RE = new RegExp(
  `(US\\$|[$€£¥￥])?\\s?(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)` +
  `(?:(?:\\s?(${SCALE_WORDS})\\b)|([kKmMbBtT])(?![A-Za-z0-9]))?` +
  `(?:\\s?(${UNIT_WORDS})(?![A-Za-z]))?`,
  'gi',
);
const ZH_SCALE = '万亿|千亿|百亿|十亿|亿|千万|百万|十万|万';
const ZH_UNITS = '美元|欧元|英镑|日元|港元|人民币|元|块|平方公里|平方米|公顷|公里|千米|公斤|千克|公升|毫升|升|吨|米|厘米|毫米|克|倍|个月|小时|分钟|秒|天|周|年|岁|人|名|位|次|家|所|座|项|件|种|个|张|条|只|头|本|部|台|辆|架|艘|篇|首|幅|届|场|局|轮|期|季|集|章|节|层|栋|间|例|份|批|套|枚|颗|支|把|户|所|处|座|%';
/** Classifiers (measure words that count things, not measurement units). */
const ZH_CLASSIFIERS = new Set('个种张条只头本部台辆架艘篇首幅届场局轮期季集章节层栋间例份批套枚颗支把户所处座家项件位名'.split(''));
const NUM_ZH_RE = new RegExp(
  `(百分之)?(\\d+(?:\\.\\d+)?|[${ZH_NUMERAL_CHARS}]{1,12})\\s*(${ZH_SCALE})?\\s*(${ZH_UNITS})?`,
  'g',
);
const WORDNUM_RE = new RegExp(
  `\\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)` +
  `(?:[\\s-](one|two|three|four|five|six|seven|eight|nine))?(?:\\s(${SCALE_WORDS}))?\\b`,
  'gi',
);

/** "one-year", "two-week", "three months": a count with a time unit. */
const DURATION_RE = /\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|\d{1,3})[- ](years?|months?|weeks?|days?|hours?|minutes?)\b/gi;

const NEG_EN_RE =
  /\b(?:not|no|never|none|nobody|nothing|nowhere|neither|nor|without|cannot|unable|fail(?:s|ed|ing)? to|lack(?:s|ed|ing)?|refus(?:e|es|ed|ing) to|den(?:y|ies|ied|ying)|[a-z]+n['’]t)\b/gi;
const NEG_EN_SKIP = /^(?:not only|no doubt|nothing but|no matter|not just)$/i;
const NEG_ZH_RE = /并非|否认|否定|毫无|没有|不|没|未|无|非|勿/g;
/** Chinese words that contain a negation character without negating the claim. */
const NEG_ZH_SKIP = [
  '不过', '不断', '不仅', '不但', '不少', '不久', '不管', '不论', '不只', '无论', '非常', '未来', '无数', '无线',
  '无人机', '非洲', '南非', '北非', '除非', '莫非', '无非', '并非', '否则', '是否', '能否', '可否', '不同', '不得不',
  '无限', '未免', '不禁', '毫不', '非凡', '非法', '非物质', '无机', '虚无', '不妨', '无意间', '不时', '不定期', '未曾',
];

interface PolarityEntry { axis: string; pole: string; re: RegExp }
/** Words that state a direction or an outcome; swapping one for its opposite flips the claim. */
const POLARITY: PolarityEntry[] = [
  { axis: 'dir', pole: 'up', re: /\b(?:increas(?:e|es|ed|ing)|ris(?:e|es|ing)|rose|risen|gr(?:ow|ows|ew|own|owing)|growth|gain(?:s|ed)?|higher|climb(?:s|ed)?|surg(?:e|es|ed)|soar(?:s|ed)?|boost(?:s|ed)?|expand(?:s|ed)?|rais(?:e|es|ed)|up)\b/gi },
  { axis: 'dir', pole: 'down', re: /\b(?:decreas(?:e|es|ed|ing)|fall(?:s|ing)?|fell|fallen|declin(?:e|es|ed|ing)|drop(?:s|ped)?|lower|shr(?:ink|inks|ank|unk)|plung(?:e|es|ed)|reduc(?:e|es|ed|ing)|cut(?:s)?|down)\b/gi },
  { axis: 'dir', pole: 'up', re: /上升|增加|增长|提高|上涨|扩大|升高|增多|加快/g },
  { axis: 'dir', pole: 'down', re: /下降|减少|降低|下跌|缩小|下滑|减缓|回落/g },
  { axis: 'outcome', pole: 'win', re: /\b(?:win|wins|won|winning|victory|beat|beats|defeated)\b|获胜|赢得|胜利/gi },
  { axis: 'outcome', pole: 'lose', re: /\b(?:lose|loses|lost|losing|defeat|loss)\b|失败|输掉|落败/gi },
  { axis: 'stance', pole: 'for', re: /\b(?:support(?:s|ed)?|approv(?:e|es|ed)|accept(?:s|ed)?|allow(?:s|ed)?|agree(?:s|d)?|favou?r(?:s|ed)?)\b|支持|批准|同意|允许|接受/gi },
  { axis: 'stance', pole: 'against', re: /\b(?:oppos(?:e|es|ed)|reject(?:s|ed)?|ban(?:s|ned)?|forbid(?:s|den)?|prohibit(?:s|ed)?|disagree(?:s|d)?|refus(?:e|es|ed))\b|反对|拒绝|禁止|否决/gi },
  { axis: 'value', pole: 'good', re: /\b(?:positive|better|best|success(?:ful)?|benefits?|advantages?)\b|积极|更好|成功|优势/gi },
  { axis: 'value', pole: 'bad', re: /\b(?:negative|worse|worst|fail(?:ure|ed)?|harm(?:s|ful)?|disadvantages?)\b|消极|更差|劣势/gi },
  { axis: 'time', pole: 'before', re: /\b(?:before|earlier|prior to)\b|之前|以前/gi },
  { axis: 'time', pole: 'after', re: /\b(?:after|later)\b|之后|以后/gi },
  // antonym pairs: a derived text that swaps one for the other states the opposite
  { axis: 'size', pole: 'big', re: /\b(?:large|larger|largest|big|bigger|biggest|huge|major)\b|大型|巨大/gi },
  { axis: 'size', pole: 'small', re: /\b(?:small|smaller|smallest|little|tiny|minor)\b|小型|微小/gi },
  { axis: 'amount', pole: 'many', re: /\b(?:many|more|most|numerous|several)\b/gi },
  { axis: 'amount', pole: 'few', re: /\b(?:few|fewer|less|least|little)\b/gi },
  { axis: 'order', pole: 'first', re: /\b(?:first|earliest|initial|beginning|start(?:s|ed)?|began|begin)\b|首次|开始/gi },
  { axis: 'order', pole: 'last', re: /\b(?:last|latest|final|ending|end(?:s|ed)?|finish(?:es|ed)?)\b|最后|结束/gi },
  { axis: 'level', pole: 'high', re: /\b(?:high|highest|maximum|top|upper|strong|stronger|strongest)\b|最高|强/gi },
  { axis: 'level', pole: 'low', re: /\b(?:low|lowest|minimum|bottom|weak|weaker|weakest)\b|最低|弱/gi },
  { axis: 'ease', pole: 'easy', re: /\b(?:easy|easier|easiest|simple|simpler)\b|简单|容易/gi },
  { axis: 'ease', pole: 'hard', re: /\b(?:difficult|hard|harder|hardest|complex|complicated)\b|困难|复杂/gi },
  { axis: 'speed', pole: 'fast', re: /\b(?:fast|faster|fastest|quick|quickly|rapid|rapidly)\b|快速|迅速/gi },
  { axis: 'speed', pole: 'slow', re: /\b(?:slow|slower|slowest|slowly|gradual|gradually)\b|缓慢/gi },
  { axis: 'age', pole: 'old', re: /\b(?:old|older|oldest|ancient|former|previous)\b/gi },
  { axis: 'age', pole: 'new', re: /\b(?:new|newer|newest|young|younger|youngest|modern|recent)\b/gi },
  { axis: 'same', pole: 'same', re: /\b(?:same|similar|identical|equal)\b|相同|一样/gi },
  { axis: 'same', pole: 'different', re: /\b(?:different|dissimilar|unequal|distinct)\b|不同/gi },
  { axis: 'truth', pole: 'true', re: /\b(?:true|correct|right|accurate|confirm(?:s|ed)?)\b|正确|证实/gi },
  { axis: 'truth', pole: 'false', re: /\b(?:false|incorrect|wrong|inaccurate)\b|错误/gi },
  { axis: 'feeling', pole: 'pos', re: /\b(?:happy|glad|pleased|love[sd]?|like[sd]?|enjoy(?:s|ed)?|excited|optimistic)\b|高兴|喜欢/gi },
  { axis: 'feeling', pole: 'neg', re: /\b(?:sad|unhappy|upset|hate[sd]?|dislike[sd]?|angry|disappointed|pessimistic|worried)\b|难过|讨厌/gi },
  { axis: 'safety', pole: 'safe', re: /\b(?:safe|safer|secure)\b|安全/gi },
  { axis: 'safety', pole: 'danger', re: /\b(?:dangerous|unsafe|risky|hazardous)\b|危险/gi },
  { axis: 'legal', pole: 'legal', re: /\b(?:legal|lawful|legally)\b|合法/gi },
  { axis: 'legal', pole: 'illegal', re: /\b(?:illegal|unlawful|illegally)\b|非法|违法/gi },
  { axis: 'access', pole: 'public', re: /\b(?:public|open(?:ed)?|external)\b|公开/gi },
  { axis: 'access', pole: 'private', re: /\b(?:private|closed?|internal|secret)\b|私人|内部/gi },
  { axis: 'trade', pole: 'buy', re: /\b(?:buy|buys|bought|buying|purchas(?:e|es|ed|ing)|import(?:s|ed)?)\b|购买|进口/gi },
  { axis: 'trade', pole: 'sell', re: /\b(?:sell|sells|sold|selling|export(?:s|ed)?)\b|出售|出口/gi },
  { axis: 'sex', pole: 'm', re: /\b(?:he|him|his|himself|man|men|male|boy|boys|husband|father|son|brother|mr|king)\b|他|男/gi },
  { axis: 'sex', pole: 'f', re: /\b(?:she|her|hers|herself|woman|women|female|girl|girls|wife|mother|daughter|sister|mrs|ms|queen)\b|她|女/gi },
  { axis: 'place', pole: 'north', re: /\b(?:north|northern)\b|北部/gi },
  { axis: 'place', pole: 'south', re: /\b(?:south|southern)\b|南部/gi },
  { axis: 'place', pole: 'east', re: /\b(?:east|eastern)\b|东部/gi },
  { axis: 'place', pole: 'west', re: /\b(?:west|western)\b|西部/gi },
  // closed classes of values: naming another member of the class changes the claim
  ...['red', 'blue', 'green', 'yellow', 'white', 'black', 'pink', 'purple', 'orange', 'brown', 'gr[ae]y', 'gold(?:en)?', 'silver'].map((c) => ({
    axis: 'colour', pole: c.replace(/\W.*$/, ''), re: new RegExp(`\\b${c}\\b`, 'gi'),
  })),
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => ({ axis: 'weekday', pole: d, re: new RegExp(`\\b${d}s?\\b`, 'gi') })),
  ...['spring', 'summer', 'autumn|fall', 'winter'].map((d) => ({ axis: 'season', pole: d.split('|')[0]!, re: new RegExp(`\\b(?:${d})\\b`, 'gi') })),
  ...[['红', 'red'], ['蓝', 'blue'], ['绿', 'green'], ['黄', 'yellow'], ['白', 'white'], ['黑', 'black'], ['紫', 'purple'], ['粉', 'pink']].map(([zh, en]) => ({
    axis: 'colour', pole: en!, re: new RegExp(`${zh}色`, 'g'),
  })),
  { axis: 'freq', pole: 'always', re: /\b(?:always|often|frequently|usually|regularly)\b|总是|经常/gi },
  { axis: 'freq', pole: 'rarely', re: /\b(?:rarely|seldom|occasionally|sometimes)\b|很少|偶尔/gi },
];

/** The Chinese direction words, for matching whole segmented words. */
const POLARITY_ZH_WORDS = new Set(POLARITY.flatMap((p) => p.re.source.split('|').filter((alt) => /^[\u4e00-\u9fff]+$/.test(alt))));
const POLARITY_EXACT = POLARITY.map((p) => ({ ...p, exact: new RegExp(`^(?:${p.re.source})$`, 'i') }));
/** The first entry of POLARITY_EXACT that matches each Chinese direction word (found once, not per word met). */
const POLARITY_ZH_ENTRY = new Map([...POLARITY_ZH_WORDS].map((w) => [w, POLARITY_EXACT.find((x) => x.exact.test(w))]));
/**
 * All of POLARITY_EXACT as one expression, an entry per group: a regular expression tries its alternatives in
 * order, so the first group that matches is the first entry whose own expression matches (one match per new
 * word instead of one per entry).
 */
const POLARITY_ONE = new RegExp(`^(?:${POLARITY.map((p) => `(${p.re.source})`).join('|')})$`, 'i');
/** The group of each entry in POLARITY_ONE (entries may hold groups of their own). */
const POLARITY_GROUP: number[] = [];
{
  let g = 1;
  for (const p of POLARITY) {
    POLARITY_GROUP.push(g);
    g += 1 + (new RegExp(`${p.re.source}|`).exec('')!.length - 1);
  }
}

/** Hash step over a lower-cased ASCII letter or space. */
const lowerHashStep = (hash: number, c: number): number => (Math.imul(hash, 31) + (c | 32)) | 0;

/**
 * Every string a pattern of POLARITY matches, for the syntax those use: literals, \\b, (?:…|…), (…), […] and ?
 * after any of them. Throws on anything else (a pattern that matches an unbounded set of strings).
 */
export function patternStrings(source: string): string[] {
  let i = 0;
  const alt = (): string[] => {
    const out = seq();
    while (source[i] === '|') {
      i++;
      out.push(...seq());
    }
    return out;
  };
  const seq = (): string[] => {
    let out = [''];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') {
      let atom: string[];
      const c = source[i]!;
      if (c === '(') {
        i += source.startsWith('(?:', i) ? 3 : 1;
        atom = alt();
        if (source[i++] !== ')') throw new Error(`unclosed group in ${source}`);
      } else if (c === '[') {
        const close = source.indexOf(']', i);
        const chars = source.slice(i + 1, close);
        if (close < 0 || /[\\^-]/.test(chars)) throw new Error(`unsupported class in ${source}`);
        atom = [...chars];
        i = close + 1;
      } else if (c === '\\') {
        const d = source[i + 1]!;
        if (d === 'b') atom = [''];
        else if (/[^A-Za-z0-9]/.test(d)) atom = [d];
        else throw new Error(`unsupported escape \\${d} in ${source}`);
        i += 2;
      } else if ('*+{}.^$'.includes(c)) throw new Error(`unsupported ${c} in ${source}`);
      else {
        atom = [c];
        i++;
      }
      if (source[i] === '?') {
        atom = ['', ...atom];
        i++;
      }
      out = out.flatMap((x) => atom.map((y) => x + y));
    }
    return out;
  };
  const out = alt();
  if (i !== source.length) throw new Error(`unbalanced ) in ${source}`);
  return out;
}

/** The English (ASCII) strings that some POLARITY entry matches, lower case: letters, and " to" in phrases. */
export const POLARITY_ASCII_WORDS: readonly string[] = [...new Set(POLARITY.flatMap((p) => patternStrings(p.re.source)).map((w) => w.toLowerCase()).filter((w) => /^[a-z ]+$/.test(w)))];

/**
 * A bit per lowerHashStep hash of the words above: a word whose bit is clear is no direction word, so the scan
 * looks up only the few that may be (a word's entry is still decided by polarityOfWord).
 */
const POLARITY_BITS = new Int32Array(1 << 11);
const polarityBit = (hash: number): number => Math.imul(hash, 0x9e3779b1) >>> 16;
for (const w of POLARITY_ASCII_WORDS) {
  let hash = 0;
  for (let k = 0; k < w.length; k++) hash = lowerHashStep(hash, w.charCodeAt(k));
  const b = polarityBit(hash);
  POLARITY_BITS[b >> 5]! |= 1 << (b & 31);
}
const mayBePolarity = (hash: number): boolean => (POLARITY_BITS[polarityBit(hash) >> 5]! & (1 << (polarityBit(hash) & 31))) !== 0;

/** The first POLARITY entry whose expression matches the whole (lower-case) word, or null. */
export function polarityOfWord(word: string): PolarityEntry | null {
  const m = POLARITY_ONE.exec(word);
  if (!m) return null;
  for (let i = 0; i < POLARITY.length; i++) if (m[POLARITY_GROUP[i]!] !== undefined) return POLARITY[i]!;
  return null;
}

/** Chinese polarity words (they need no word boundaries): one pass over Han text. */
const POLARITY_ZH = new RegExp(
  POLARITY.flatMap((p) => p.re.source.split('|').filter((alt) => /^[\u4e00-\u9fff]+$/.test(alt))).join('|'),
  'g',
);
/**
 * English polarity entries by lower-case word (or "<word> to" phrase), filled as words are met (a word's
 * entry never changes). Keyed by a hash of the word's letters taken straight from the text, so the scan
 * makes no string for a word it has met before; the stored word settles hash collisions.
 */
interface PolarityWord { word: string; entry: PolarityEntry | null; next: PolarityWord | undefined }
const polarityByHash = new Map<number, PolarityWord>();
let polarityWords = 0;

/** The entry of h[s, e) (ASCII letters, maybe " to"), lower-cased; `hash`: lowerHashStep over that span from 0. */
function polarityAt(h: string, s: number, e: number, fullHash: number): PolarityEntry | null {
  // (30 bits: a small integer to the engine, so a look-up boxes no number; the stored word settles collisions)
  const hash = fullHash & 0x3fffffff;
  for (let w = polarityByHash.get(hash); w; w = w.next) {
    if (w.word.length === e - s && sameLower(h, s, w.word)) return w.entry;
  }
  const word = h.slice(s, e).toLowerCase();
  const entry = polarityOfWord(word);
  if (polarityWords > 200000) {
    polarityByHash.clear();
    polarityWords = 0;
  }
  polarityByHash.set(hash, { word, entry, next: polarityByHash.get(hash) });
  polarityWords++;
  return entry;
}

/** True when h[s, s + word.length) lower-cased (ASCII letters and spaces) equals `word`. */
function sameLower(h: string, s: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((h.charCodeAt(s + k) | 32) !== word.charCodeAt(k)) return false;
  return true;
}


/** Common capitalised words that are not names when they start a sentence or stand alone. */
const NOT_NAMES = new Set(
  ('the a an this that these those there their they then than we i you he she it its our my your his her ' +
    'in on at of for from by with to as and or but if when while after before since during about into ' +
    'however also although because so yet still thus therefore meanwhile moreover furthermore instead ' +
    'what who which where why how is are was were be been has have had do does did can could will would ' +
    'should may might must shall not no yes all any some each every many most more much other another such ' +
    'both either neither one two three first second third new old last next here now today yesterday tomorrow ' +
    'mr mrs ms dr prof sir madam monday tuesday wednesday thursday friday saturday sunday please thanks ' +
    'dear hi hello overall finally additionally according despite following based given let its just ' +
    'speaker document summary article podcast email conversation')
    .split(' '),
);
/** Common words in NOT_NAMES that open a longer name when a capitalised word follows ("New Zealand"). */
const NAME_OPENERS = new Set(['new', 'old']);
const NAME_CONNECTORS = new Set(['of', 'the', 'de', 'van', 'von', 'der', 'la', 'le', 'du', 'da', 'di', 'del', 'al', 'bin', '&', 'for']);

const ZH_ENTITY_SUFFIX =
  /(?:大学|学院|中学|小学|公司|集团|银行|医院|研究院|研究所|实验室|委员会|协会|基金会|博物馆|图书馆|政府|法院|自治区|特别行政区|半岛|海峡|山脉|高原|盆地|平原|省|市|县|国|州|河|江|湖|岛|寺|宫)/g;
const ZH_ENTITY_STOP = new Set('的了在是和与及或于为由被将把从向对也都就而并其该这那到给让自称说有各全本我他她它们外两多几每此个一里后前之以所很更最又还已曾要会能可'.split(''));
const ZH_QUOTED_RE = /《([^《》\n]{1,40})》|「([^「」\n]{1,20})」|『([^『』\n]{1,20})』|“([^“”\n]{1,16})”/g;

function isHanCode(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

/** Which direction words count: only those whose swap changes a claim ('claims', the review), or every axis ('all', the summary check). */
export type DirectionSet = 'claims' | 'all';
export interface ExtractOptions {
  directions?: DirectionSet;
}

/** Axes of direction words whose swap changes a claim (rises → falls, wins → loses, supports → opposes …). */
const CLAIM_AXES = new Set(['dir', 'outcome', 'stance', 'truth', 'legal', 'trade']);

/** One extraction: the text, its half-width copy, the characters taken by facts so far, and the facts. */
class FactScan {
  readonly h: string;
  readonly taken: Uint8Array;
  readonly out: RawFact[] = [];
  readonly hasHan: boolean;
  private words: readonly ZhWord[] | undefined;

  constructor(readonly text: string) {
    this.h = toHalfWidth(text);
    this.taken = new Uint8Array(this.h.length);
    this.hasHan = /[\u3400-\u9fff]/.test(this.h);
  }

  /** The Chinese words of the text (segmented once, on first need); [] without Han text or the engine. */
  zhWords(): readonly ZhWord[] {
    return (this.words ??= this.hasHan ? segmentZh(this.text) : []);
  }

  private free(s: number, e: number): boolean {
    for (let i = s; i < e; i++) if (this.taken[i]) return false;
    return true;
  }

  /** Adds a fact unless it overlaps one found before; `mark`: its characters are taken. */
  add(f: Omit<RawFact, 'text'>, mark = true): boolean {
    if (f.end <= f.start || !this.free(f.start, f.end)) return false;
    if (mark) this.taken.fill(1, f.start, f.end);
    (f as RawFact).text = this.text.slice(f.start, f.end);
    this.out.push(f as RawFact);
    return true;
  }

  /** Every non-empty match of `re` (global) in `str`, with its index moved by `offset`. */
  private static matchesIn(re: RegExp, str: string, offset: number, fn: (m: RegExpExecArray) => void): void {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(str)) !== null) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      m.index += offset;
      fn(m);
    }
  }

  each(re: RegExp, fn: (m: RegExpExecArray) => void): void {
    FactScan.matchesIn(re, this.h, 0, fn);
  }

  /**
   * `each` for a pattern whose every match holds an ASCII digit at most `back` characters after its start:
   * the search starts at most `back` characters before the next digit instead of at every position. The
   * same matches as `each` (the search runs on the whole text, so \\b and look-arounds see what they would).
   */
  eachNearDigits(re: RegExp, back: number, fn: (m: RegExpExecArray) => void): void {
    const h = this.h;
    const n = h.length;
    let from = 0;
    for (;;) {
      let d = from;
      while (d < n && !isDigitCode(h.charCodeAt(d))) d++;
      if (d >= n) return;
      re.lastIndex = Math.max(from, d - back);
      const m = re.exec(h);
      if (m === null) return;
      from = re.lastIndex;
      if (m[0].length === 0) {
        from++;
        continue;
      }
      fn(m);
    }
  }

  /**
   * `each` over only the maximal runs of `inRun` characters that hold a match of `cue` (global). The same
   * matches as `each` when every match of `re` lies within one such run and holds a cue, and `re` looks no
   * further than the run: the characters around a run are not word characters, as at the ends of a string.
   */
  eachInRuns(re: RegExp, cue: RegExp, inRun: (c: number) => boolean, fn: (m: RegExpExecArray) => void): void {
    const h = this.h;
    cue.lastIndex = 0;
    let c: RegExpExecArray | null;
    while ((c = cue.exec(h)) !== null) {
      let s = c.index;
      let e = c.index;
      while (s > 0 && inRun(h.charCodeAt(s - 1))) s--;
      while (e < h.length && inRun(h.charCodeAt(e))) e++;
      FactScan.matchesIn(re, h.slice(s, e), s, fn);
      cue.lastIndex = e;
    }
  }
}

function scanUrlsAndEmails(s: FactScan): void {
  if (/https?:|www\./i.test(s.h)) s.each(URL_RE, (m) => {
    const raw = m[0].replace(/[.,;:!?]+$/, '');
    const norm = raw.toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/$/, '');
    s.add({ kind: 'url', normalized: norm, start: m.index, end: m.index + raw.length });
  });
  if (s.h.includes('@')) s.eachInRuns(EMAIL_RE, /@/g, isEmailRunCode, (m) => s.add({ kind: 'email', normalized: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

function scanCode(s: FactScan): void {
  if (s.h.includes('`')) s.each(BACKTICK_RE, (m) => s.add({ kind: 'code', normalized: m[1]!.trim(), start: m.index, end: m.index + m[0].length }));
  s.eachInRuns(DOTTED_RE, DOTTED_CUE, isDottedRunCode, (m) => {
    const t = m[0];
    const parts = t.replace(/\(\)$/, '').split('.');
    if (!t.endsWith('()') && parts.every((p) => p.length <= 2)) return; // e.g, U.S, i.e
    if (!t.endsWith('()') && parts.length === 1) return;
    if (DOMAIN_TLD.test(t)) {
      s.add({ kind: 'url', normalized: t.toLowerCase(), start: m.index, end: m.index + t.length });
      return;
    }
    // "end.Next" without a space is a typo more often than code: need a lower-case part after the first
    if (!t.endsWith('()') && !parts.slice(1).some((p) => /[a-z_]/.test(p[0]!))) return;
    s.add({ kind: 'code', normalized: t, start: m.index, end: m.index + t.length });
  });
  if (s.h.includes('_')) s.eachInRuns(SNAKE_RE, /_/g, isWordCode, (m) => s.add({ kind: 'code', normalized: m[0], start: m.index, end: m.index + m[0].length }));
  s.eachInRuns(CAMEL_RE, CAMEL_CUE, isWordCode, (m) => s.add({ kind: 'code', normalized: m[0], start: m.index, end: m.index + m[0].length }));
}

function scanDates(s: FactScan): void {
  const h = s.h;
  const zhInt = (x: string | undefined): number | undefined => {
    if (x === undefined) return undefined;
    const n = /^\d+$/.test(x) ? Number(x) : parseChineseNumeral(x);
    return Number.isFinite(n) ? n : undefined;
  };
  if (s.hasHan) s.each(DATE_ZH_RE, (m) => {
    const y = zhInt(m[1]);
    const mo = zhInt(m[2] ?? m[4]);
    const d = zhInt(m[3] ?? m[5]);
    if (mo !== undefined && (mo < 1 || mo > 12)) return;
    if (d !== undefined && (d < 1 || d > 31)) return;
    s.add({ kind: 'date', normalized: formatDate(y, mo, d), start: m.index, end: m.index + m[0].length });
  });
  s.each(DATE_ISO_RE, (m) => {
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return;
    s.add({ kind: 'date', normalized: formatDate(Number(m[1]), mo, d), start: m.index, end: m.index + m[0].length });
  });
  const monthDate = (mIdx: number, monthName: string, day: string | undefined, year: string | undefined, len: number) => {
    if (/^may$/i.test(monthName) && monthName !== 'May') return;
    const mo = monthNumber(monthName);
    const d = day !== undefined ? Number(day) : undefined;
    if (mo === undefined || (d !== undefined && (d < 1 || d > 31))) return;
    s.add({ kind: 'date', normalized: formatDate(year ? Number(year) : undefined, mo, d), start: mIdx, end: mIdx + len });
  };
  s.each(DATE_MDY_RE, (m) => monthDate(m.index, m[1]!, m[2], m[3], m[0].length));
  s.each(DATE_DMY_RE, (m) => monthDate(m.index, m[2]!, m[1], m[3], m[0].length));
  s.each(DATE_MY_RE, (m) => monthDate(m.index, m[1]!, undefined, m[2], m[0].length));
  // a month named alone ("the first weekend of October") is a date, not a name
  s.each(MONTH_ALONE_RE, (m) => monthDate(m.index, m[0], undefined, undefined, m[0].length));
  s.each(YEAR_RE, (m) => {
    const before = h[m.index - 1];
    if (before === '$' || before === '.' || before === ',' || before === '#') return;
    const after = h[m.index + m[0].length];
    if (after === '.' && /\d/.test(h[m.index + m[0].length + 1] ?? '')) return;
    s.add({ kind: 'date', normalized: m[2] ? `${m[1]}s` : m[1]!, start: m.index, end: m.index + m[0].length });
  });
}

/** Significant digits of a number as written: "6.50" → 3, "4,000" → 1, "1,523,000" → 4, "0.05" → 1. */
export function writtenDigits(t: string): number {
  const d = t.replace(/[,\s_']/g, '');
  const [int = '', frac = ''] = d.split('.');
  if (frac) return Math.max(1, (int.replace(/^0+/, '') + frac).replace(/^0+/, '').length);
  return Math.max(1, int.replace(/^0+/, '').replace(/0+$/, '').length);
}

function scanNumbers(s: FactScan): void {
  const h = s.h;
  if (s.hasHan) s.each(NUM_ZH_RE, (m) => {
    const numText = m[2]!;
    const isDigits = isDigitCode(numText.charCodeAt(0));
    const scale = m[3];
    const unitRaw = m[1] ? '%' : m[4];
    // (the tests that need no value first: most matches are a lone 一 or plain digits, dropped here)
    if (isDigits && !scale && !unitRaw) return;
    if (!isDigits) {
      // a lone 一/两 is mostly an article ("一个", "一些"); keep Chinese numerals that carry a scale or unit
      if (numText.length === 1 && !scale && !(unitRaw && unitRaw !== '个')) return;
      // 一 or 两 with a classifier (一种, 一位, 两个) is an article, not a count worth checking
      if ((numText === '一' || numText === '两') && (!unitRaw || ZH_CLASSIFIERS.has(unitRaw)) && !scale) return;
      if (numText.length >= 2 && /^[万亿]/.test(numText)) return;
    }
    // (above: keep only matches touching Han text or a scale/unit; plain digits are taken by NUM_EN_RE)
    let value = isDigits ? Number(numText) : parseChineseNumeral(numText);
    if (!Number.isFinite(value)) return;
    value *= scaleOf(scale);
    const unit = canonicalUnit(unitRaw);
    s.add({ kind: 'number', normalized: unit ? `${unit} ${formatNumber(value)}` : formatNumber(value), start: m.index, end: m.index + m[0].length, value, unit, digits: isDigits ? writtenDigits(numText) : undefined });
  });
  // (a match starts with at most "US$" and a space before its first digit)
  s.eachNearDigits(NUM_EN_RE, 4, (m) => {
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const before = h[start - 1];
    if (before && /[A-Za-z_]/.test(before)) return; // part of an identifier (GPT4, x86)
    if (before === '-' && /[A-Za-z]/.test(h[start - 2] ?? '')) return; // GPT-4, COVID-19
    let value = parsePlainNumber(m[2]!);
    if (!Number.isFinite(value)) return;
    value *= scaleOf(m[3] ?? m[4]);
    const unit = canonicalUnit(m[1] ?? m[5]);
    const end = m.index + m[0].length;
    s.add({ kind: 'number', normalized: unit ? `${unit} ${formatNumber(value)}` : formatNumber(value), start, end, value, unit, digits: writtenDigits(m[2]!) });
  });
  s.each(DURATION_RE, (m) => {
    const v = m[1]!.toLowerCase() === 'one' || m[1]!.toLowerCase() === 'a' ? 1 : (wordNumber(m[1]!) ?? Number(m[1]));
    if (!Number.isFinite(v)) return;
    const unit = canonicalUnit(m[2]!.toLowerCase().replace(/s$/, '') === 'day' ? 'day' : m[2]!.toLowerCase());
    s.add({ kind: 'number', normalized: `${unit} ${formatNumber(v)}`, start: m.index, end: m.index + m[0].length, value: v, unit });
  });
  s.each(WORDNUM_RE, (m) => {
    let v = wordNumber(m[1]!) ?? (m[1]!.toLowerCase() === 'hundred' ? 100 : NaN);
    if (!Number.isFinite(v)) return;
    if (m[2]) v += wordNumber(m[2]) ?? 0;
    v *= scaleOf(m[3]);
    s.add({ kind: 'number', normalized: formatNumber(v), start: m.index, end: m.index + m[0].length, value: v, unit: '' });
  });
}

/** Chinese titles 《…》 and quoted terms, Chinese names from the word engine, English capitalised names. */
function scanNames(s: FactScan): void {
  const h = s.h;
  if (s.hasHan || h.includes('“')) s.each(ZH_QUOTED_RE, (m) => {
    const inner = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (m[4] !== undefined && !/[\u4e00-\u9fff]/.test(inner)) return; // English “quotes” are not names
    s.add({ kind: 'entity', type: m[1] !== undefined ? 'title' : 'other', normalized: entityKey(inner), start: m.index, end: m.index + m[0].length });
  });
  if (s.hasHan) {
    if (zhWordsAvailable()) {
      for (const n of namesOf(s.zhWords())) if (!isZhCommonWord(n.text)) s.add({ kind: 'entity', type: n.type, normalized: entityKey(n.text), start: n.start, end: n.end });
    } else {
      // no word engine: names by their suffix (大学, 公司, 省 …)
      s.each(ZH_ENTITY_SUFFIX, (m) => {
        let a = m.index;
        const limit = Math.max(0, m.index - 6);
        while (a > limit && isHanCode(h.charCodeAt(a - 1)) && !ZH_ENTITY_STOP.has(h[a - 1]!) && !s.taken[a - 1]) a--;
        if (m.index - a < 1 || m.index - a + m[0].length < 2) return;
        s.add({ kind: 'entity', type: 'other', normalized: entityKey(h.slice(a, m.index + m[0].length)), start: a, end: m.index + m[0].length });
      });
    }
  }
  extractEnglishEntities(h, (a, e, norm) => {
    // a lone function word written with a capital mid-sentence ("…, and Without shared metrics" where two
    // sentences were run together) is the word, not a name
    if (FUNCTION_WORD_RE.test(h.slice(a, e))) return;
    s.add({ kind: 'entity', type: englishNameType(h, a, e), normalized: norm, start: a, end: e });
  });
}

/** Negation words and other function words that are never a name on their own, in title case. */
const FUNCTION_WORD_RE =
  /^(?:Not|No|Never|None|Nobody|Nothing|Nowhere|Neither|Nor|Without|Cannot|Unable|However|Although|Though|Because|Since|While|Whereas|Unless|Until|Despite|Instead|Also|Yet|Still|Then|Thus|Therefore|Moreover|Furthermore|Meanwhile|Otherwise|Finally|Additionally|Indeed|Perhaps|Even|Only|Just|Both|Each|Every|Some|Many|Most|Such|This|That|These|Those|There|Here|When|Where|Which|Who|What|How|Why|If|Or|And|But|So|The|An?|It|Its|They|Their|We|Our|You|Your|He|She|His|Her|I)$/;

const ORG_WORDS = /\b(?:Inc|Corp|Corporation|Ltd|LLC|Company|Co|Group|Bank|University|College|Institute|Council|Committee|Commission|Association|Agency|Department|Ministry|Party|Foundation|Society|Union|Club|Times|News|Post|Press|Airlines?|Motors|Technologies|Labs?|School|Hospital|Court|Parliament|Congress|Senate|Army|Police|Church|Museum|Fund|Trust|Board|Office|Authority)\b/;
const PERSON_TITLES = /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lady|Lord|President|Prime Minister|Minister|Senator|Governor|Mayor|King|Queen|Prince|Princess|Judge|Justice|Rev|St|Captain|General|Chancellor|CEO)\.?\s+)$/;
/** Names of places by their first or last word: North Korea, New Zealand, United States, Kansas City, Hudson River. */
const PLACE_WORDS =
  /^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|New|United|Upper|Lower|Greater|San|Santa|Los|Las|Port|Fort|Mount|Lake|Cape) [A-Z]|\b[A-Z][a-z]+ (?:City|County|State|Province|Island|Islands|River|Valley|Street|Avenue|Road|Square|Bay|Sea|Ocean|Kingdom|Republic|Coast|Peninsula|Mountains)$/;
const PLACE_CUES = /(?:\b(?:in|at|from|to|near|across|of)\s+(?:the\s+)?)$/;

/** A rough type for an English name: organisation by its words, person by a title before it, place by a preposition. */
function englishNameType(h: string, start: number, end: number): NameType {
  const name = h.slice(start, end);
  if (ORG_WORDS.test(name) || /^[A-Z]{2,6}$/.test(name)) return 'organisation';
  const before = h.slice(Math.max(0, start - 24), start);
  if (PERSON_TITLES.test(before)) return 'person';
  if (PLACE_WORDS.test(name)) return 'place';
  if (PLACE_CUES.test(before) && !name.includes(' ')) return 'place';
  if (/^[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+$/.test(name)) return 'person';
  return 'other';
}

/** Negations: English words, Chinese words that negate on their own (the word engine), not characters inside words. */
function scanNegations(s: FactScan): void {
  const h = s.h;
  s.each(NEG_EN_RE, (m) => {
    if (NEG_EN_SKIP.test(h.slice(m.index, m.index + m[0].length + 6).replace(/\s+\S*$/, '')) && /^(not|no|nothing)$/i.test(m[0])) {
      const next = /^\s*(\w+)/.exec(h.slice(m.index + m[0].length))?.[1]?.toLowerCase();
      if (next && ['only', 'doubt', 'but', 'matter', 'just'].includes(next)) return;
    }
    if (h[m.index + m[0].length] === '-' && /^no$/i.test(m[0])) return; // "no-fee", "no-code": a compound adjective
    s.add({ kind: 'negation', normalized: 'neg', start: m.index, end: m.index + m[0].length });
  });
  if (!s.hasHan) return;
  if (zhWordsAvailable()) {
    for (const w of s.zhWords()) if (isZhNegationWord(w.word)) s.add({ kind: 'negation', normalized: 'neg', start: w.start, end: w.end });
    return;
  }
  s.each(NEG_ZH_RE, (m) => {
    const i = m.index;
    for (const w of NEG_ZH_SKIP) {
      const k = w.indexOf(m[0][0]!);
      if (k >= 0 && h.startsWith(w, i - k)) {
        if (w === '并非' || w === '毫不' || w === '未曾' || w === '不得不') break; // these do negate (不得不 is a double negation: skip)
        return;
      }
    }
    if (h.startsWith('不得不', i)) return;
    s.add({ kind: 'negation', normalized: 'neg', start: i, end: i + m[0].length });
  });
}

/**
 * A participle used as a plain adjective ("a growing market", "Growing numbers of people", "many growing
 * firms"): after a determiner or a quantifier, or opening a sentence or a clause right before a noun. It
 * makes no claim of direction; "sales are growing", "prices rising 5%" do.
 */
const DETERMINER_BEFORE = /\b(?:a|an|the|its|their|this|that|these|those|his|her|our|your|my|many|more|most|some|several|few|all|other|such)\s+$/i;
/** Words after which an -ing form is a verb, not an adjective before a noun. */
const NOT_NOUN_AFTER = /^(?:by|to|from|in|at|on|of|for|with|than|as|and|or|but|so|up|down|again|still|fast|slowly|quickly|steadily|sharply|rapidly|now|too|very|more|less|[a-z]+ly)$/i;
function attributive(h: string, start: number, end: number): boolean {
  if (!/ing$/i.test(h.slice(start, end))) return false;
  if (DETERMINER_BEFORE.test(h.slice(Math.max(0, start - 10), start))) return true;
  // a sentence or clause start, a lower-case word after it that is no preposition or adverb: "Growing numbers"
  const next = /^ ([a-z]+)\b/.exec(h.slice(end, end + 24))?.[1];
  if (!next || NOT_NOUN_AFTER.test(next)) return false;
  const before = h.slice(Math.max(0, start - 3), start);
  return start === 0 || /(?:[.!?:;,(\n"“]\s*|^\s*)$/.test(before);
}

/** Direction words: English runs of letters (with a following " to" as a phrase), Chinese whole words. */
function scanDirections(s: FactScan, set: DirectionSet): void {
  const h = s.h;
  const wanted = (p: PolarityEntry) => set === 'all' || CLAIM_AXES.has(p.axis);
  for (let i = 0, n = h.length; i < n; ) {
    let c = h.charCodeAt(i);
    if (!isAsciiLetter(c)) {
      i++;
      continue;
    }
    const a = i;
    let hash = 0;
    for (; i < n && isAsciiLetter((c = h.charCodeAt(i))); i++) hash = lowerHashStep(hash, c);
    let e = i;
    let p: PolarityEntry | null = null;
    if (h.charCodeAt(i) === 32 && h.charCodeAt(i + 1) === 116 && h.charCodeAt(i + 2) === 111 && !(i + 3 < n && isWordCode(h.charCodeAt(i + 3)))) {
      // the scan goes on after the phrase either way ("to" is no polarity word)
      i += 3;
      const phrase = lowerHashStep(lowerHashStep(lowerHashStep(hash, 32), 116), 111);
      p = mayBePolarity(phrase) ? polarityAt(h, a, i, phrase) : null;
      if (p) e = i;
    }
    p ??= mayBePolarity(hash) ? polarityAt(h, a, e, hash) : null;
    // (in "clean-up", "break-down" the word is part of a compound noun)
    if (p && wanted(p) && !(set === 'claims' && (attributive(h, a, e) || h.charCodeAt(a - 1) === 45))) s.add({ kind: 'polarity', normalized: `${p.axis}:${p.pole}`, axis: p.axis, start: a, end: e });
  }
  if (!s.hasHan) return;
  const addZh = (word: string, start: number) => {
    const p = POLARITY_ZH_ENTRY.has(word) ? POLARITY_ZH_ENTRY.get(word) : POLARITY_EXACT.find((x) => x.exact.test(word));
    if (p && wanted(p)) s.add({ kind: 'polarity', normalized: `${p.axis}:${p.pole}`, axis: p.axis, start, end: start + word.length });
  };
  if (zhWordsAvailable()) {
    // whole words only: 男 in 男女, 开始 as "beginning" are no claims of direction
    for (const w of s.zhWords()) if (w.word.length >= 2 && POLARITY_ZH_WORDS.has(w.word)) addZh(w.word, w.start);
  } else s.each(POLARITY_ZH, (m) => addZh(m[0], m.index));
}

/**
 * Extracts the facts of a text, sorted by start offset, never overlapping (except polarity/negation words):
 * one scanner per kind, in order of precedence (a URL is not also a number, a date not also a number …).
 */
export function extractFacts(text: string, opts: ExtractOptions = {}): RawFact[] {
  const s = new FactScan(text);
  scanUrlsAndEmails(s);
  scanCode(s);
  scanDates(s);
  scanNumbers(s);
  scanNames(s);
  scanNegations(s);
  scanDirections(s, opts.directions ?? 'claims');
  return s.out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** True if the capitalised word at `pos` opens a sentence (start of text, after . ! ? : a line break or a quote). */
export function atSentenceStart(h: string, pos: number): boolean {
  let i = pos - 1;
  while (i >= 0 && (h[i] === ' ' || h[i] === '\t' || h[i] === '"' || h[i] === '“' || h[i] === '(' || h[i] === "'" || h[i] === '*' || h[i] === '#' || h[i] === '-')) i--;
  if (i < 0) return true;
  const c = h[i]!;
  return c === '.' || c === '!' || c === '?' || c === ':' || c === '\n' || c === '。' || c === '！' || c === '？' || c === '>' || c === '|';
}

/** A character that may continue an English word token: [A-Za-z0-9'’&-]. */
const isWordTail = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 39 || c === 0x2019 || c === 38 || c === 45;
/** Scratch arrays of extractEnglishEntities' tokens, grown as needed and kept between calls. */
let scratch = { ts: new Int32Array(0), te: new Int32Array(0), thash: new Int32Array(0), tcap: new Uint8Array(0) };

/**
 * English named entities: runs of capitalised words (allowing "of", "the", "de" … inside), acronyms and
 * tokens with digits (GPT-4). A lone capitalised word opening a sentence counts only when it is not a
 * common word, its lower-case form does not occur in the text, and it also occurs capitalised mid-sentence.
 *
 * Words are tokens [A-Za-z][A-Za-z0-9'’&-]* (trailing ' ’ & - cut off), kept as offsets: a string is made
 * only for capitalised words and their neighbours in a run. The two whole-text word sets the lone-word
 * rule needs are built afterwards, only from the words whose hash matches a word in question.
 */
function extractEnglishEntities(h: string, add: (s: number, e: number, norm: string) => void): void {
  // token starts, ends, hashes (spanHash, computed in the scan) and capitalisation, in scratch arrays kept between calls
  const most = (h.length >> 1) + 1; // tokens are at least one letter with a separator between them
  if (scratch.ts.length < most) {
    const size = Math.max(most, 2 * scratch.ts.length);
    scratch = { ts: new Int32Array(size), te: new Int32Array(size), thash: new Int32Array(size), tcap: new Uint8Array(size) };
  }
  const { ts, te, thash, tcap } = scratch;
  let count = 0;
  for (let i = 0, n = h.length; i < n; ) {
    const c0 = h.charCodeAt(i);
    if (!isAsciiLetter(c0)) {
      i++;
      continue;
    }
    const s = i++;
    let hash = c0;
    // the hash up to the last character that cannot be cut off (hashes of the cut-off tail are dropped)
    let e = i;
    let eHash = hash;
    for (let c: number; i < n && isWordTail((c = h.charCodeAt(i))); i++) {
      hash = (Math.imul(hash, 31) + c) | 0;
      if (c !== 39 && c !== 0x2019 && c !== 38 && c !== 45) {
        e = i + 1;
        eHash = hash;
      }
    }
    ts[count] = s;
    te[count] = e;
    tcap[count] = c0 >= 65 && c0 <= 90 ? 1 : 0;
    thash[count] = eHash;
    count++;
  }
  const word = (k: number) => h.slice(ts[k]!, te[k]!);
  /** The gap between token k - 1 and token k is exactly `gap`. */
  const gapIs = (k: number, gap: string) => ts[k]! - te[k - 1]! === gap.length && h.startsWith(gap, te[k - 1]!);
  const found: Array<{ s: number; e: number; w?: string }> = [];
  for (let i = 0; i < count; i++) {
    if (!tcap[i]) continue;
    if (h.charCodeAt(ts[i]!) === 73 /* I */ && (te[i]! - ts[i]! === 1 || h[ts[i]! + 1] === "'" || h[ts[i]! + 1] === '’')) continue;
    // a run: cap (connector* cap)*, on one line, separated by single spaces
    let j = i;
    let k = i + 1;
    while (k < count) {
      if (!gapIs(k, ' ') && !gapIs(k, '. ') && !gapIs(k, ' & ')) break;
      if (gapIs(k, '. ') && !(tcap[k - 1] && te[k - 1]! - ts[k - 1]! === 1)) break; // "J. K. Rowling" only
      if (tcap[k]) {
        j = k;
        k++;
        continue;
      }
      if (k + 1 < count && tcap[k + 1] && gapIs(k + 1, ' ') && NAME_CONNECTORS.has(word(k).toLowerCase())) {
        k++;
        continue;
      }
      break;
    }
    let first = i;
    // drop a leading common word ("The", "In", "Meanwhile") of a run, but not one that opens a longer
    // name ("New York", "Old Trafford")
    const lead = word(first).toLowerCase();
    if (NOT_NAMES.has(lead) && !(NAME_OPENERS.has(lead) && j > first)) first++;
    while (first <= j && NAME_CONNECTORS.has(word(first).toLowerCase())) first++;
    if (first <= j) {
      const single = first === j;
      const w = word(first);
      const isAcronym = /^[A-Z0-9.&-]{2,}$/.test(w) || /\d/.test(w);
      const s0 = ts[first]!;
      const e0 = te[j]!;
      if (!single || isAcronym) found.push({ s: s0, e: e0 });
      else if (!NOT_NAMES.has(w.toLowerCase()) && !/n['’]t$/i.test(w)) {
        if (atSentenceStart(h, s0)) found.push({ s: s0, e: e0, w }); // decided below, with the word sets
        else if (w.length >= 2) found.push({ s: s0, e: e0 });
      }
    }
    i = j;
  }
  // the lone words in question: kept when their lower-case form is no word of the text and they also
  // occur capitalised away from a sentence start
  const asked = found.filter((f) => f.w !== undefined);
  const lowerWords = new Set<string>();
  const capMid = new Set<string>();
  if (asked.length) {
    const lowerHashes = new Set(asked.map((f) => spanHash(f.w!.toLowerCase())));
    const capHashes = new Set(asked.map((f) => spanHash(f.w!)));
    for (let k = 0; k < count; k++) {
      const hash = thash[k]!;
      if (!tcap[k]) {
        if (lowerHashes.has(hash)) lowerWords.add(word(k));
      } else if (capHashes.has(hash) && !atSentenceStart(h, ts[k]!)) capMid.add(word(k));
    }
  }
  for (const f of found) {
    if (f.w !== undefined && (lowerWords.has(f.w.toLowerCase()) || !capMid.has(f.w) || f.w.length < 2)) continue;
    add(f.s, f.e, entityKey(h.slice(f.s, f.e)));
  }
}

/** The facts whose start lies in [start, end). `facts` must be sorted by start. */
export function factsIn(facts: readonly RawFact[], start: number, end: number): RawFact[] {
  let lo = 0;
  let hi = facts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (facts[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  const out: RawFact[] = [];
  for (let i = lo; i < facts.length && facts[i]!.start < end; i++) out.push(facts[i]!);
  return out;
}

export { HAN_RANGE };
