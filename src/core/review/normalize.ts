// Normalisation of checkable values so that different spellings of one fact compare equal:
// full-width → half-width characters, 1,500,000 = 1.5 million = 150万, 2024-10-22 = 22 October 2024.

/**
 * Full-width ASCII forms (Ｕ+FF01..FF5E) and the ideographic space → their half-width forms.
 * Length-preserving (one UTF-16 unit for one), so offsets found in the result are offsets in the input.
 */
export function toHalfWidth(text: string): string {
  const n = text.length;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) break;
  }
  if (i === n) return text;
  // Chinese text has full-width punctuation (，：（）) in nearly every sentence: convert the code units in
  // one typed array rather than one string per character
  const codes = new Uint16Array(n);
  for (let k = 0; k < n; k++) {
    const c = text.charCodeAt(k);
    codes[k] = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c === 0x3000 ? 32 : c;
  }
  let out = '';
  for (let k = 0; k < n; k += 8192) out += String.fromCharCode.apply(null, codes.subarray(k, k + 8192) as unknown as number[]);
  return out;
}

const ZH_DIGIT: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5, 六: 6, 陆: 6,
  七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const ZH_SMALL_UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const ZH_BIG_UNIT: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8, 兆: 1e12 };

/** Characters that may appear in a Chinese numeral. */
export const ZH_NUMERAL_CHARS = '零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億';

/** Parses a Chinese numeral (三千五百万, 一百二十三, 二〇二四 digit by digit). NaN if it is not one. */
export function parseChineseNumeral(s: string): number {
  if (!s) return NaN;
  // digit-by-digit form (二〇二四)
  if ([...s].every((ch) => ch in ZH_DIGIT) && s.length > 1) {
    let v = 0;
    for (const ch of s) v = v * 10 + ZH_DIGIT[ch]!;
    return v;
  }
  let value = 0; // everything already multiplied by 万 / 亿
  let section = 0; // within the current 万 section
  let digit = -1;
  for (const ch of s) {
    if (ch in ZH_DIGIT) {
      digit = ZH_DIGIT[ch]!;
    } else if (ch in ZH_SMALL_UNIT) {
      section += (digit < 0 ? 1 : digit) * ZH_SMALL_UNIT[ch]!;
      digit = -1;
    } else if (ch in ZH_BIG_UNIT) {
      const u = ZH_BIG_UNIT[ch]!;
      let part = section + (digit < 0 ? 0 : digit);
      if (part === 0 && value === 0) part = 1;
      const low = value % u;
      value = value - low + (low + part) * u;
      section = 0;
      digit = -1;
    } else return NaN;
  }
  return value + section + (digit < 0 ? 0 : digit);
}

/** English and Chinese scale words → multiplier. */
const SCALE: Record<string, number> = {
  hundred: 1e2, thousand: 1e3, k: 1e3, million: 1e6, mn: 1e6, m: 1e6, mio: 1e6, billion: 1e9, bn: 1e9, b: 1e9,
  trillion: 1e12, tn: 1e12, t: 1e12, lakh: 1e5, crore: 1e7, dozen: 12,
  十: 10, 百: 100, 千: 1e3, 万: 1e4, 萬: 1e4, 十万: 1e5, 百万: 1e6, 千万: 1e7, 亿: 1e8, 億: 1e8, 十亿: 1e9, 百亿: 1e10,
  千亿: 1e11, 万亿: 1e12, 兆: 1e12,
};

export function scaleOf(word: string | undefined): number {
  if (!word) return 1;
  return SCALE[word.toLowerCase()] ?? 1;
}

const WORD_NUMBERS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  half: 0.5, once: 1, twice: 2, thrice: 3, single: 1, double: 2, triple: 3, dozen: 12,
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};
export function wordNumber(w: string): number | undefined {
  return WORD_NUMBERS[w.toLowerCase()];
}

/** Units and currencies → a canonical name ('' for none). */
const UNIT: Record<string, string> = {
  '%': '%', percent: '%', 'per cent': '%', pct: '%', 百分之: '%', '‰': '‰',
  $: 'usd', us$: 'usd', usd: 'usd', dollar: 'usd', dollars: 'usd', 美元: 'usd', 美金: 'usd',
  '€': 'eur', eur: 'eur', euro: 'eur', euros: 'eur', 欧元: 'eur',
  '£': 'gbp', gbp: 'gbp', pound: 'gbp', pounds: 'gbp', 英镑: 'gbp',
  '¥': 'cny', '￥': 'cny', rmb: 'cny', cny: 'cny', yuan: 'cny', 元: 'cny', 人民币: 'cny', 块: 'cny',
  km: 'km', kilometre: 'km', kilometres: 'km', kilometer: 'km', kilometers: 'km', 公里: 'km', 千米: 'km',
  m: 'm', metre: 'm', metres: 'm', meter: 'm', meters: 'm', 米: 'm',
  cm: 'cm', mm: 'mm', kg: 'kg', kilogram: 'kg', kilograms: 'kg', 公斤: 'kg', 千克: 'kg', g: 'g', gram: 'g', grams: 'g', 克: 'g',
  t: 't', ton: 't', tons: 't', tonnes: 't', tonne: 't', 吨: 't',
  mile: 'mi', miles: 'mi', mph: 'mph', 'km/h': 'km/h', ft: 'ft', feet: 'ft', foot: 'ft',
  gb: 'gb', mb: 'mb', kb: 'kb', tb: 'tb', ghz: 'ghz', mhz: 'mhz', w: 'w', kw: 'kw', mw: 'mw', gw: 'gw', v: 'v',
  '°c': '°c', '°f': '°f', 度: '°',
  litre: 'l', litres: 'l', liter: 'l', liters: 'l', 升: 'l', 公升: 'l', millilitre: 'ml', millilitres: 'ml', milliliter: 'ml', milliliters: 'ml', 毫升: 'ml',
  gallon: 'gal', gallons: 'gal', acre: 'acre', acres: 'acre', hectare: 'ha', hectares: 'ha', 公顷: 'ha', inch: 'in', inches: 'in',
  yard: 'yd', yards: 'yd', lb: 'lb', lbs: 'lb', ounce: 'oz', ounces: 'oz', 平方公里: 'km2', 'square kilometres': 'km2', 'square kilometers': 'km2', 'sq km': 'km2', sqkm: 'km2',
  平方米: 'm2', 'square metres': 'm2', 'square meters': 'm2', 'square miles': 'mi2', 'square feet': 'ft2', 厘米: 'cm', 毫米: 'mm', 岁: 'year-old',
  degree: '°', degrees: '°', calories: 'kcal', kcal: 'kcal',
  year: 'year', years: 'year', 年: 'year', month: 'month', months: 'month', 个月: 'month', 月: 'month',
  day: 'day', days: 'day', 天: 'day', 日: 'day', hour: 'hour', hours: 'hour', 小时: 'hour',
  minute: 'min', minutes: 'min', 分钟: 'min', second: 's', seconds: 's', 秒: 's', week: 'week', weeks: 'week', 周: 'week',
  people: 'person', persons: 'person', person: 'person', 人: 'person', 名: 'person', 位: 'person',
  times: 'x', 倍: 'x', x: 'x', 次: 'times', 个: '', 家: '', 所: '', 座: '', 项: '', 件: '', 份: '', 只: '', 条: '',
};
export function canonicalUnit(u: string | undefined): string {
  if (!u) return '';
  const k = u.toLowerCase().trim();
  return UNIT[k] ?? k;
}

/** Formats a number for comparison: no exponent for ordinary sizes, at most 10 significant digits. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  // an integer of at most ten digits is its own ten-digit precision (toPrecision is slow; most numbers are such)
  if (Number.isInteger(v) && Math.abs(v) < 1e10) return String(v);
  const r = Number(v.toPrecision(10));
  return Math.abs(r) >= 1e21 ? r.toExponential() : String(r);
}

/** Parses "1,500,000", "1.5", "3" (half-width already). NaN if not a number. */
export function parsePlainNumber(s: string): number {
  const t = s.replace(/[,\s_']/g, '');
  if (!/^[-+]?\d*\.?\d+$/.test(t)) return NaN;
  return Number(t);
}

/** Significant digits of a written number ("1.5" → 2, "1,523,000" → 4, "170" → 2). */
const sigCache = new Map<number, number>();
export function significantDigits(v: number): number {
  if (v === 0) return 1;
  const c = sigCache.get(v);
  if (c !== undefined) return c;
  const d = computeSignificantDigits(v);
  if (sigCache.size > 100000) sigCache.clear();
  sigCache.set(v, d);
  return d;
}
function computeSignificantDigits(v: number): number {
  const s = Math.abs(v).toPrecision(15).replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(1, s.length);
}

/**
 * True when two quantities state the same thing: equal, or one is the other rounded to its own
 * precision ("about 1.5 million" for 1,523,000), never across a different last significant digit
 * (175B vs 170B differ).
 */
export function sameQuantity(a: number, b: number): boolean {
  if (a === b) return true;
  if (a === 0 || b === 0 || Math.sign(a) !== Math.sign(b)) return false;
  if (Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))) return true;
  const aRougher = significantDigits(a) <= significantDigits(b);
  const rough = aRougher ? a : b;
  const exact = aRougher ? b : a;
  const d = significantDigits(rough);
  if (d >= significantDigits(exact)) return false;
  return Number(exact.toPrecision(d)) === Number(rough.toPrecision(d));
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7,
  jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
export function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}
export const MONTH_NAME_PATTERN =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';

const pad = (n: number) => String(n).padStart(2, '0');

/** A canonical date: 'YYYY-MM-DD', 'YYYY-MM', 'YYYY', '--MM-DD' (no year) or '--MM'. */
export function formatDate(year: number | undefined, month: number | undefined, day: number | undefined): string {
  const y = year !== undefined ? String(year) : '-';
  if (month === undefined) return y;
  if (day === undefined) return `${y}-${pad(month)}`;
  return `${y}-${pad(month)}-${pad(day)}`;
}

/**
 * True when two canonical dates can refer to the same day: equal, or one is a less precise form of the
 * other (2024-10 and 2024-10-22; --10-22 and 2024-10-22; 2024 and 2024-10-22).
 */
export function compatibleDates(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = a.split('-');
  const pb = b.split('-');
  // year-less dates start with '' '' parts
  const fa = a.startsWith('--') ? { y: undefined, rest: a.slice(2).split('-') } : { y: pa[0], rest: pa.slice(1) };
  const fb = b.startsWith('--') ? { y: undefined, rest: b.slice(2).split('-') } : { y: pb[0], rest: pb.slice(1) };
  if (fa.y !== undefined && fb.y !== undefined && fa.y !== fb.y) return false;
  const n = Math.min(fa.rest.length, fb.rest.length);
  for (let i = 0; i < n; i++) if (fa.rest[i] !== fb.rest[i]) return false;
  // something in common: both years (equal), or a month; a year alone says nothing about a day without one
  return (fa.y !== undefined && fb.y !== undefined) || n > 0;
}

/** Lower-cased entity key: no leading article, no possessive, no punctuation, single spaces. */
export function entityKey(s: string): string {
  // (a text names the same few people and places many times: the key of a name met before is looked up)
  let key = entityKeys.get(s);
  if (key === undefined) {
    if (entityKeys.size >= 50000) entityKeys.clear();
    entityKeys.set(s, (key = makeEntityKey(s)));
  }
  return key;
}
const entityKeys = new Map<string, string>();

function makeEntityKey(s: string): string {
  return toHalfWidth(s)
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .replace(/^(the|a|an)\s+/, '')
    .replace(/[《》「」『』“”"‘’'.,:;!?()[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
