// When two facts state the same thing, across spellings: equal quantities (also rounded ones), compatible
// dates, entity names that are the same or one a shorter form of the other.
import type { RawFact } from './facts';
import { compatibleDates, sameQuantity, significantDigits } from './normalize';
import { STOPWORDS } from './tokens';

/** Content words of an entity key, cached by key: the same names are compared many times in one review. */
const entityWordCache = new Map<string, string[]>();
function entityWords(key: string): string[] {
  let words = entityWordCache.get(key);
  if (!words) {
    words = key.split(/[\s-]+/).filter((w) => w && !STOPWORDS.has(w));
    if (entityWordCache.size >= 65536) entityWordCache.clear();
    entityWordCache.set(key, words);
  }
  return words;
}

/** What a Chinese place or company name may carry or drop without naming something else. */
const ZH_NAME_SUFFIX = /^(?:市|省|县|区|镇|乡|村|州|国|自治区|特别行政区|公司|有限公司|股份有限公司|集团)$/;

/** A Chinese name without its administrative or company suffix, when two characters or more remain. */
function zhNameBase(name: string): string {
  const m = ZH_NAME_SUFFIX_END.exec(name);
  return m && m.index >= 2 ? name.slice(0, m.index) : name;
}
const ZH_NAME_SUFFIX_END = /(?:市|省|县|区|镇|乡|村|州|国|自治区|特别行政区|股份有限公司|有限公司|公司|集团)$/;

/** Every word of `small` is one of `big`. */
function allIn(small: readonly string[], big: readonly string[]): boolean {
  for (const w of small) if (!big.includes(w)) return false;
  return true;
}

/** /[\u4e00-\u9fff]/.test(s), without the expression. */
function hasHan(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) return true;
  }
  return false;
}

/** True if `a` and `b` (same kind) can be the same fact. */
export function sameFact(a: RawFact, b: RawFact): boolean {
  if (a.kind !== b.kind) {
    // a year written as a plain number in one text and as a year in the other
    if ((a.kind === 'date' && b.kind === 'number') || (a.kind === 'number' && b.kind === 'date')) {
      const d = a.kind === 'date' ? a : b;
      const n = a.kind === 'date' ? b : a;
      return !n.unit && /^\d{4}$/.test(d.normalized) && String(n.value) === d.normalized;
    }
    return false;
  }
  switch (a.kind) {
    case 'number': {
      if (a.unit && b.unit && a.unit !== b.unit) return false;
      return sameQuantity(a.value ?? NaN, b.value ?? NaN);
    }
    case 'date':
      return compatibleDates(a.normalized, b.normalized);
    case 'entity': {
      if (a.normalized === b.normalized) return true;
      const wa = entityWords(a.normalized);
      const wb = entityWords(b.normalized);
      if (wa.length === 0 || wb.length === 0) return false;
      // (names have a few words: a scan of the longer one, no set made per comparison)
      if (wa.length <= wb.length ? allIn(wa, wb) : allIn(wb, wa)) return true;
      // Chinese names: the same name, or the same with its administrative or company suffix (上海市 / 上海);
      // never a name that merely contains the other (战国 is not 《战国三杰》)
      if (hasHan(a.normalized)) {
        const aShorter = a.normalized.length <= b.normalized.length;
        const s = aShorter ? a.normalized : b.normalized;
        const l = aShorter ? b.normalized : a.normalized;
        return s.length >= 2 && l.startsWith(s) && ZH_NAME_SUFFIX.test(l.slice(s.length));
      }
      return false;
    }
    case 'code':
      return a.normalized === b.normalized || a.normalized.replace(/\(\)$/, '') === b.normalized.replace(/\(\)$/, '');
    default:
      return a.normalized === b.normalized;
  }
}

/**
 * True when a rewrite's fact `rw` states the source's fact `src`: the same fact, and for numbers never more
 * precise than the source (1.5 million for 1,523,000 rounds it; 4,004 for 4,000 or 6.50 for 6.53 changes it)
 * nor rounded to one significant digit far from it (10 for 11 changes it; 4,000 for 4,004 rounds it).
 */
export function rewriteHolds(src: RawFact, rw: RawFact): boolean {
  if (!sameFact(src, rw)) return false;
  if (src.kind === 'entity' && rw.kind === 'entity') return src.normalized === rw.normalized || shortForm(src.normalized, rw.normalized);
  if (src.kind !== 'number' || rw.kind !== 'number' || src.value === rw.value) return true;
  // a rounding keeps a number only with two significant digits or more (1,523,000 → 1.5 million, 2.46% →
  // 2.5%) or within 2.5% (4,004 → 4,000); 11 → 10 or 104 → 100 is another number, and so is a rounding across a unit written on one side only
  if ((src.unit ?? '') !== (rw.unit ?? '')) return false;
  const ds = src.digits ?? significantDigits(src.value ?? 0);
  const dr = rw.digits ?? significantDigits(rw.value ?? 0);
  if (dr >= ds) return false;
  const off = Math.abs((src.value ?? 0) - (rw.value ?? 0)) / Math.abs(src.value ?? 1);
  return dr >= 2 || off <= 0.025;
}

/**
 * True when the name `short` is a short form of the name `long` that a rewrite may write for it: the same
 * name, the first or last words of it (Barack Obama → Obama, Moderna Inc → Moderna), or of its part before
 * "of" (Civil Aviation Authority of Oman → Authority). A word from the middle of a long name (Future of
 * "Company's Post-Pandemic Future Starts To Take Shape") or a longer name with words of its own (Universidad
 * Del Norte of Oman for Oman) is another name.
 */
export function shortForm(long: string, short: string): boolean {
  if (long === short) return true;
  if (hasHan(long)) return true; // Chinese names: sameFact's suffix rule decides
  const sw = entityWords(short);
  const parts = [long, long.split(/\s+(?:of|for|de|du|del|von|van)\s+/)[0]!];
  for (const part of parts) {
    const lw = entityWords(part);
    if (sw.length > lw.length) continue;
    const prefix = sw.every((w, i) => lw[i] === w);
    const suffix = sw.every((w, i) => lw[lw.length - sw.length + i] === w);
    if (prefix || suffix) return true;
  }
  return false;
}

/**
 * True if `a` and `b` are values of the same sort where one could have been changed into the other
 * (two amounts of the same unit, two dates, two names), i.e. a candidate alteration.
 */
export function comparableFacts(a: RawFact, b: RawFact): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'number') return (a.unit ?? '') === (b.unit ?? '') || !a.unit || !b.unit;
  if (a.kind === 'date') {
    const shape = (s: string) => s.replace(/\d/g, '9');
    return shape(a.normalized) === shape(b.normalized);
  }
  return a.kind === 'entity' || a.kind === 'url' || a.kind === 'email' || a.kind === 'code';
}

/**
 * An index of facts for "is this fact anywhere in the other text?", with buckets so a lookup stays cheap.
 *
 * Buckets are named by keys (see `visitKeys`): 'v:<value>' (a number's value, a year), 'r:<value>' (a
 * number's roundings), 'y:<year>', 'm:<month>', 'e:<Chinese name>', 'x:<kind>:<form>', and for English
 * names their words. The numeric keys are kept in maps by number (a number's key string never made): the
 * value key of a number is its String(), which is one number's only, so a map by the number itself has the
 * same buckets; a year of a date written with a leading zero (0999), which no number's key can equal, keeps
 * a string key.
 */
export class FactIndex {
  private buckets = new Map<string, RawFact[]>();
  private vBuckets = new Map<number, RawFact[]>();
  private rBuckets = new Map<number, RawFact[]>();
  private yBuckets = new Map<number, RawFact[]>();
  /** The buckets of English name words (the keys 'w:<word>' of `keys`, by the word itself: no key string made). */
  private wordBuckets = new Map<string, RawFact[]>();
  /** The first fact of each kind and normalized form. */
  private exact = new Map<string, Map<string, RawFact>>();
  constructor(facts: readonly RawFact[]) {
    for (const f of facts) {
      let m = this.exact.get(f.kind);
      if (!m) this.exact.set(f.kind, (m = new Map()));
      if (!m.has(f.normalized)) m.set(f.normalized, f);
    }
    for (const f of facts) {
      const words = FactIndex.nameWords(f);
      if (words) for (const w of words) put(this.wordBuckets, w, f);
      else this.visitKeys<void>(f, true, (map, k) => put(map, k, f));
    }
  }

  /** The words an English name is kept and found under (keys 'w:<word>'), or undefined for another fact. */
  private static nameWords(f: RawFact): readonly string[] | undefined {
    if (f.kind !== 'entity' || hasHan(f.normalized)) return undefined;
    const words = entityWords(f.normalized);
    return words.length ? words : undefined;
  }

  /**
   * The bucket keys of a fact, in order, each given to `visit` with its map: stored under `store` keys,
   * looked up under the query keys. Stops at the first visit that returns something, and returns it.
   */
  private visitKeys<T>(f: RawFact, store: boolean, visit: <K>(map: Map<K, RawFact[]>, key: K) => T | undefined): T | undefined {
    let r: T | undefined;
    switch (f.kind) {
      case 'number': {
        // a quantity equals another when they agree after rounding to the rougher one's precision. Stored:
        // the value itself ('v:') and its roundings to fewer digits ('r:'). Looked up: stored values that
        // round to this one ('r:' of it) and stored values equal to a rounding of this one ('v:').
        const v = f.value ?? NaN;
        if (Number.isFinite(v)) {
          const d = Math.min(significantDigits(v), 15);
          if (store) {
            if ((r = visit(this.vBuckets, v)) !== undefined) return r;
            for (let k = 1; k < d; k++) if ((r = visit(this.rBuckets, Number(v.toPrecision(k)))) !== undefined) return r;
          } else {
            if ((r = visit(this.rBuckets, v)) !== undefined) return r;
            for (let k = 1; k <= d; k++) if ((r = visit(this.vBuckets, Number(v.toPrecision(k)))) !== undefined) return r;
          }
        }
        if (Number.isInteger(v) && v >= 1000 && v < 2100 && !f.unit) return visit(this.yBuckets, v);
        return undefined;
      }
      case 'date': {
        const m = /^(\d{4}|-)(?:-(\d\d))?/.exec(f.normalized.startsWith('--') ? '-' + f.normalized.slice(1) : f.normalized);
        const year = m?.[1] && m[1] !== '-' ? m[1] : undefined;
        const month = f.normalized.startsWith('--') ? f.normalized.slice(2, 4) : m?.[2];
        const yearKey = (map: Map<number, RawFact[]>, prefix: string, y: string) => (String(Number(y)) === y ? visit(map, Number(y)) : visit(this.buckets, `${prefix}${y}`));
        if (year && (r = yearKey(this.yBuckets, 'y:', year)) !== undefined) return r;
        if (store) {
          if (!year && (r = visit(this.buckets, `m:${month ?? ''}`)) !== undefined) return r;
          if (year && /^\d{4}$/.test(f.normalized)) return yearKey(this.vBuckets, 'v:', year); // found by numbers written 2020
        } else if (month && (r = visit(this.buckets, `m:${month}`)) !== undefined) return r;
        if (!store && year && /^\d{4}$/.test(f.normalized)) return yearKey(this.vBuckets, 'v:', year); // numbers written 2020
        return undefined;
      }
      case 'entity': {
        if (hasHan(f.normalized)) {
          // the name, and the name without an administrative or company suffix (上海市 and 上海 meet at 上海)
          const base = zhNameBase(f.normalized);
          if (base === f.normalized) return visit(this.buckets, `e:${base}`);
          if ((r = visit(this.buckets, `e:${f.normalized}`)) !== undefined) return r;
          return visit(this.buckets, `e:${base}`);
        }
        const words = entityWords(f.normalized);
        if (!words.length) return visit(this.buckets, `x:entity:${f.normalized}`);
        for (const w of words) if ((r = visit(this.buckets, `w:${w}`)) !== undefined) return r;
        return undefined;
      }
      default:
        return visit(this.buckets, `x:${f.kind}:${f.normalized.replace(/\(\)$/, '')}`);
    }
  }

  /** A fact of the index that states the same as `f`, if any. */
  find(f: RawFact): RawFact | undefined {
    const exact = this.exact.get(f.kind)?.get(f.normalized);
    if (exact) return exact;
    const words = FactIndex.nameWords(f);
    if (words) {
      for (const w of words) {
        const l = this.wordBuckets.get(w);
        if (!l) continue;
        for (const g of l) if (sameFact(f, g)) return g;
      }
      return undefined;
    }
    return this.visitKeys<RawFact>(f, false, (map, k) => {
      const l = map.get(k);
      if (l) for (const g of l) if (sameFact(f, g)) return g;
      return undefined;
    });
  }
}

function put<K>(map: Map<K, RawFact[]>, k: K, f: RawFact): void {
  let l = map.get(k);
  if (!l) map.set(k, (l = []));
  l.push(f);
}
