// Python's string semantics where the datatrove filters depend on them: what counts as whitespace
// (str.isspace, re's \s), str.strip / split() / splitlines(), len() in code points, str.isalpha, and the
// Unicode-aware \w, \d and \b of Python's re module as JavaScript regular-expression fragments.

/** Python's whitespace (str.isspace and re's \s on str): JavaScript's \s differs (\ufeff in, \x1c-\x1f and \x85 out). */
export const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
/** Python re's \w on str: letters, numbers and the underscore (not combining marks). */
export const PY_W = '\\p{L}\\p{N}_';
/** Python re's \d on str. */
export const PY_D = '\\p{Nd}';

const WS_SET = new Set<number>([9, 10, 11, 12, 13, 0x1c, 0x1d, 0x1e, 0x1f, 32, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);
for (let c = 0x2000; c <= 0x200a; c++) WS_SET.add(c);

export function isPyWhitespace(code: number): boolean {
  return code === 32 || (code < 0x80 ? code >= 9 && (code <= 13 || (code >= 0x1c && code <= 0x1f)) : WS_SET.has(code));
}

export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isPyWhitespace(s.charCodeAt(a))) a++;
  while (b > a && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export function pyLstrip(s: string): string {
  let a = 0;
  while (a < s.length && isPyWhitespace(s.charCodeAt(a))) a++;
  return a === 0 ? s : s.slice(a);
}

export function pyRstrip(s: string): string {
  let b = s.length;
  while (b > 0 && isPyWhitespace(s.charCodeAt(b - 1))) b--;
  return b === s.length ? s : s.slice(0, b);
}

/** str.split() without arguments: runs of whitespace separate, no empty parts. */
export function pySplitWs(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isPyWhitespace(s.charCodeAt(i))) {
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

export interface LineWordStats {
  words: number;
  /** A word longer than the limit (in code points). */
  long: boolean;
}

/** How many words str.split() gives and whether one is longer than `maxLength` code points, without building
 * them (here beside isPyWhitespace: one module, no call through an import in the loop). */
export function splitWordStats(line: string, maxLength: number): LineWordStats {
  let words = 0;
  let long = false;
  let start = -1;
  const n = line.length;
  for (let i = 0; i <= n; i++) {
    if (i === n || isPyWhitespace(line.charCodeAt(i))) {
      if (start >= 0) {
        words++;
        if (!long && i - start > maxLength && pyLen(line.slice(start, i)) > maxLength) long = true;
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  return { words, long };
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 11 || c === 12 || c === 0x1c || c === 0x1d || c === 0x1e || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/** str.splitlines(): \n, \r, \r\n, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029 end a line; no empty last line. */
export function pySplitlines(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 13 && c < 0x1c) continue;
    if (c > 0x1e && c !== 0x85 && c !== 0x2028 && c !== 0x2029) continue;
    if (!isLineBreak(c)) continue;
    out.push(s.slice(start, i));
    if (c === 13 && i + 1 < n && s.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
  if (start < n) out.push(s.slice(start));
  return out;
}

const SURROGATE = /[\ud800-\udbff][\udc00-\udfff]/g;

/** len() of a Python str: code points, not UTF-16 units. */
export function pyLen(s: string): number {
  const n = s.length;
  // Fast path: most text has no astral characters.
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const m = s.slice(i).match(SURROGATE);
      return n - (m ? m.length : 0);
    }
  }
  return n;
}

/** str.count(sub) for a non-empty sub: non-overlapping occurrences. */
export function pyCount(s: string, sub: string): number {
  let n = 0;
  let i = s.indexOf(sub);
  while (i >= 0) {
    n++;
    i = s.indexOf(sub, i + sub.length);
  }
  return n;
}

const ALPHA = /\p{L}/u;
/** any(c.isalpha() for c in s). */
export function hasAlpha(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
      continue;
    }
    if (ALPHA.test(String.fromCodePoint(s.codePointAt(i)!))) return true;
  }
  return false;
}

const UPPER = /^\p{Uppercase}/u;
const LOWER = /^\p{Lowercase}/u;
/** s[0].isupper() / s[0].islower() (the first code point). */
export function firstIsUpper(s: string): boolean {
  return UPPER.test(s);
}
export function firstIsLower(s: string): boolean {
  return LOWER.test(s);
}
