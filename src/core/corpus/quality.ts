// Per-document quality signals (Gopher-style heuristics plus markup, garbling and PII counts), in one
// linear pass per signal: no quadratic comparisons, bounded regular expressions only.
// Chinese is measured in characters (a Han character is a unit), other languages in words.
import type { Lang } from '../text/lang';
import type { QualitySignals } from './model';

export interface QualityOptions {
  /** Fewer units (words; characters for zh) than this → tooShort = 1. Default 50 words / 100 characters. */
  minUnits?: number;
  /** More units than this → tooLong = 1. Default 100,000 words / 200,000 characters (Gopher's word bounds). */
  maxUnits?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Units: words for space-separated text, Han characters (plus Latin/digit words) for Chinese.

const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’_-]*/gu;
const ZH_UNIT = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|(?:(?![\u3400-\u9fff\uf900-\ufaff])[\p{L}\p{N}])(?:(?![\u3400-\u9fff\uf900-\ufaff])[\p{L}\p{M}\p{N}_'-])*/gu;
const HAN_ONLY = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/** Lower-cased units of the text: words, or for Chinese each Han character and each non-Han word. */
export function textUnits(text: string, lang: Lang): string[] {
  const re = lang === 'zh' ? ZH_UNIT : WORD;
  re.lastIndex = 0;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push(m[0].toLowerCase());
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Markup and garbling

const TAG = /<\/?[A-Za-z][A-Za-z0-9-]{0,20}(?:\s[^<>]{0,300})?\/?>|<!--|-->|&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/g;

/** Mojibake: UTF-8 read as Latin-1/CP1252 ("Ã©", "â€™", "Â "), and the GBK-of-U+FFFD/uninitialised-memory
 * classics "锟斤拷" and "烫烫烫"/"屯屯屯". */
const MOJIBAKE = /[ÃÂ][\u0080-\u00bf]|â€[\u0080-\u00bf™œ˜”“š¦¢¡]|锟斤拷|烫烫|屯屯/g;

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text) !== null) n++;
  return n;
}

function garbledCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) n++;
    else if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || (c >= 0x7f && c <= 0x9f)) n++;
    else if (c >= 0xe000 && c <= 0xf8ff) n++; // private use area: almost always broken fonts/encodings
  }
  return n + countMatches(MOJIBAKE, text);
}

// ---------------------------------------------------------------------------------------------------------
// Repetition (Gopher, Rae et al. 2021: duplicate line/paragraph character fractions, top n-gram coverage)

/** Characters in items that repeat an earlier item, over the characters of all (non-blank) items. */
function dupFraction(items: string[]): number {
  const seen = new Set<string>();
  let total = 0;
  let dup = 0;
  for (const raw of items) {
    const s = raw.trim();
    if (!s) continue;
    total += s.length;
    if (seen.has(s)) dup += s.length;
    else seen.add(s);
  }
  return total > 0 ? dup / total : 0;
}

/**
 * Share of unit characters covered by the most frequent n-gram of units: count(top) × chars(top) / chars(all
 * units). 0 when there are fewer than n units.
 */
function topNgramFrac(units: string[], n: number, totalChars: number): number {
  if (units.length < n || totalChars === 0) return 0;
  const counts = new Map<string, number>();
  let bestCount = 0;
  let bestKey = '';
  for (let i = 0; i + n <= units.length; i++) {
    let key = units[i]!;
    for (let k = 1; k < n; k++) key += '\u0001' + units[i + k]!;
    const c = (counts.get(key) ?? 0) + 1;
    counts.set(key, c);
    if (c > bestCount) {
      bestCount = c;
      bestKey = key;
    }
  }
  if (bestCount < 2) return 0; // nothing repeats
  const chars = bestKey.length - (n - 1);
  return Math.min(1, (bestCount * chars) / totalChars);
}

// ---------------------------------------------------------------------------------------------------------
// PII

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;

// Phones: Chinese mobile (optionally +86), international "+CC ..." numbers, North-American (xxx) xxx-xxxx /
// xxx-xxx-xxxx, Chinese landline 0xx(x)-xxxxxxx(x). Digit runs must not continue (so IDs and card numbers
// are not read as phones).
const PHONE = new RegExp(
  [
    String.raw`(?<![\d+])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![\d])`,
    String.raw`(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\d])`,
    String.raw`(?<![\w(])\(\d{3}\)[ .-]?\d{3}[ .-]\d{4}(?!\d)`,
    String.raw`(?<![\w.-])\d{3}[.-]\d{3}[.-]\d{4}(?![\d.-]?\d)`,
    String.raw`(?<![\w.-])0\d{2,3}-\d{7,8}(?![\d-])`,
  ].join('|'),
  'g',
);

const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]|\.\d)/g;
const IPV6_CANDIDATE = /(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|::?){1,7}(?:[0-9A-Fa-f]{1,4}|:)?(?![\w:])/g;

function isIpv6(s: string): boolean {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const groups = s.split(':').filter((g) => g !== '');
  if (groups.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  if (dbl < 0) return groups.length === 8;
  if (groups.length > 7) return false;
  // "::" alone or "::1" are addresses; "a::b" with only decimal digits is more likely a ratio or time.
  return s === '::' || groups.length === 0 || groups.some((g) => /[A-Fa-f]/.test(g)) || s.startsWith('::') || groups.length >= 3;
}

const CN_ID = /(?<![\dA-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
const CN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CN_ID_CHECK = '10X98765432';

/** Checksum of the Chinese resident ID (GB 11643-1999, ISO 7064 MOD 11-2). */
export function validChineseId(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * CN_ID_WEIGHTS[i]!;
  return CN_ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d])/g;
// Visa, Mastercard (51–55, 2221–2720), Amex, Diners, Discover, JCB, UnionPay.
const CARD_IIN = /^(?:4\d{12}(?:\d{3}){0,2}|5[1-5]\d{14}|2(?:2[2-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}|3[47]\d{13}|3(?:0[0-5]|[68]\d)\d{11,16}|6(?:011|5\d\d|4[4-9]\d)\d{12,15}|35\d{14}|62\d{14,17})$/;

/** Luhn check digit test (payment cards). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

export interface PiiCounts {
  emails: number;
  phones: number;
  ips: number;
  idNumbers: number;
}

/** Counts e-mail addresses, phone numbers, IP addresses and ID-like numbers (checksummed where possible). */
export function countPii(text: string): PiiCounts {
  const emails = countMatches(EMAIL, text);
  // IDs first: their digit runs must not be counted again as cards.
  let idNumbers = 0;
  const idSpans = new Set<string>();
  CN_ID.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CN_ID.exec(text)) !== null) {
    if (validChineseId(m[0])) {
      idNumbers++;
      idSpans.add(m[0]);
    }
  }
  idNumbers += countMatches(SSN, text);
  CARD.lastIndex = 0;
  while ((m = CARD.exec(text)) !== null) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || idSpans.has(digits)) continue;
    if (/^(\d)\1+$/.test(digits)) continue; // 0000… placeholders
    // Payment-card issuer prefixes and lengths, so that runs of years ("1996 1997 1998 1999") or other
    // numbers that happen to pass Luhn are not counted.
    if (CARD_IIN.test(digits) && luhnValid(digits)) idNumbers++;
  }
  // Dotted quads of single digits are section or version numbers ("3.1.4.2"), not addresses worth flagging.
  let ips = 0;
  IPV4.lastIndex = 0;
  while ((m = IPV4.exec(text)) !== null) if (!/^\d\.\d\.\d\.\d$/.test(m[0])) ips++;
  IPV6_CANDIDATE.lastIndex = 0;
  while ((m = IPV6_CANDIDATE.exec(text)) !== null) if (m[0].includes(':') && isIpv6(m[0])) ips++;
  const phones = countMatches(PHONE, text);
  return { emails, phones, ips, idNumbers };
}

// ---------------------------------------------------------------------------------------------------------

/** Computes every quality signal of a document. Linear in the text length. */
export function computeQuality(text: string, lang: Lang, opts: QualityOptions = {}): QualitySignals {
  const len = text.length || 1;
  const units = textUnits(text, lang);
  let unitChars = 0;
  for (const u of units) unitChars += u.length;

  const markup = countMatches(TAG, text);
  const garbled = garbledCount(text);

  // Gopher symbol-to-word ratio: '#' and ellipses ('…', '...') per unit.
  let symbols = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 || c === 0x2026) symbols++;
    else if (c === 46 && text.charCodeAt(i + 1) === 46 && text.charCodeAt(i + 2) === 46) {
      symbols++;
      i += 2;
    }
  }

  const lines = text.split('\n');
  const paras = text.split(/\n[ \t\r]*\n/);

  const minUnits = opts.minUnits ?? (lang === 'zh' ? 100 : 50);
  const maxUnits = opts.maxUnits ?? (lang === 'zh' ? 200_000 : 100_000);
  const pii = countPii(text);

  return {
    markupPer1k: (markup * 1000) / len,
    garbledPer1k: (garbled * 1000) / len,
    symbolRatio: units.length > 0 ? symbols / units.length : symbols > 0 ? 1 : 0,
    dupLineFrac: dupFraction(lines),
    dupParaFrac: dupFraction(paras),
    top2gramFrac: topNgramFrac(units, 2, unitChars),
    top3gramFrac: topNgramFrac(units, 3, unitChars),
    top4gramFrac: topNgramFrac(units, 4, unitChars),
    emails: pii.emails,
    phones: pii.phones,
    ips: pii.ips,
    idNumbers: pii.idNumbers,
    tooShort: units.length < minUnits ? 1 : 0,
    tooLong: units.length > maxUnits ? 1 : 0,
  };
}

/** True when a unit is a single Han character (exported for tests and statistics). */
export function isHanUnit(u: string): boolean {
  return u.length <= 2 && HAN_ONLY.test(u);
}
