// Word-level changes inside one aligned pair, computed with Myers' O(ND) algorithm (myers.ts: the `diff`
// package's diffArrays step for step, on typed arrays) over word tokens: Latin/digit words and punctuation
// marks for English, single characters for Chinese (so Chinese changes are character-level). Tokens are
// compared as interned integers and white space is not a token, which keeps the edit graph small; the
// white space after a token travels with it. Concatenating the 'eq' and 'del' texts gives the source passage exactly; 'eq' text is
// written as in the source, so 'eq' + 'ins' gives the rewrite up to white space inside unchanged runs.
import { myersRuns } from './myers';
import type { DiffOp } from './types';
import { spanHash } from '../text/hash';

/** Longest edit (in tokens) a pair diff may take before it falls back to delete-all / insert-all. */
const MAX_EDIT = 4000;

/** Letters and digits that make up a word token (Latin, Latin-1/Extended, Greek, Cyrillic). */
function isWordCode(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    (c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c <= 0x3ff) || (c >= 0x400 && c <= 0x4ff)
  );
}

/** Letters and digits that may follow an inner apostrophe, full stop or comma inside a word (3.5, don't). */
function isWordTailCode(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || (c >= 0xc0 && c <= 0x24f);
}

/** White space as JavaScript's \s sees it. */
function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Dense integer ids for the tokens of one review (all its pairs share one table), plus scratch counters
 * indexed by id that the anchor search reuses from pair to pair instead of building maps for each.
 * One-character BMP tokens (every Chinese character) are looked up in a typed array; longer tokens in an
 * open-addressing hash table by a hash of their characters, so a token met before costs no string.
 */
export class TokenTable {
  private readonly bmp = new Int32Array(0x10000).fill(-1);
  /** id + 1 of the longer tokens by hash slot (0: empty); at most half full. */
  private slots = new Int32Array(1 << 12);
  private filled = 0;
  /** The longer tokens and their hashes, by id (one-character ids leave holes). */
  private readonly words: string[] = [];
  private hashes = new Int32Array(1024);
  size = 0;
  countA = new Int32Array(1024);
  countB = new Int32Array(1024);
  posB = new Int32Array(1024);

  idOfChar(c: number): number {
    let id = this.bmp[c]!;
    if (id < 0) this.bmp[c] = id = this.next();
    return id;
  }

  idOf(token: string): number {
    return this.idOfSpan(token, 0, token.length);
  }

  /** The id of the token text[s, e). */
  idOfSpan(text: string, s: number, e: number): number {
    const hash = spanHash(text, s, e);
    const mask = this.slots.length - 1;
    let k = hash & mask;
    for (let v = this.slots[k]!; v !== 0; k = (k + 1) & mask, v = this.slots[k]!) {
      const w = this.words[v - 1]!;
      if (this.hashes[v - 1] === hash && w.length === e - s && text.startsWith(w, s)) return v - 1;
    }
    const id = this.next();
    this.words[id] = text.slice(s, e);
    this.hashes[id] = hash;
    this.slots[k] = id + 1;
    if (++this.filled * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (const v of this.slots) {
      if (v === 0) continue;
      let k = this.hashes[v - 1]! & mask;
      while (slots[k] !== 0) k = (k + 1) & mask;
      slots[k] = v;
    }
    this.slots = slots;
  }

  private next(): number {
    const id = this.size++;
    if (id >= this.countA.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.countA = grow(this.countA);
      this.countB = grow(this.countB);
      this.posB = grow(this.posB);
      this.hashes = grow(this.hashes);
    }
    return id;
  }
}

interface Tokens {
  ids: number[];
  starts: number[];
}

/**
 * Tokens of a text: a run of word letters/digits (with inner ' ’ . , before more letters: "don't",
 * "3.5", "1,500"), or any other single non-space character (a Chinese character, a punctuation mark, a
 * surrogate pair), as ids of `table`.
 */
export function tokenize(text: string, table: TokenTable): Tokens {
  const ids: number[] = [];
  const starts: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpaceCode(c)) {
      i++;
      continue;
    }
    if (isWordCode(c)) {
      let j = i + 1;
      while (j < n && isWordCode(text.charCodeAt(j))) j++;
      for (;;) {
        const p = j < n ? text.charCodeAt(j) : 0;
        if (!((p === 0x27 || p === 0x2019 || p === 0x2e || p === 0x2c) && j + 1 < n && isWordTailCode(text.charCodeAt(j + 1)))) break;
        j += 2;
        while (j < n && isWordTailCode(text.charCodeAt(j))) j++;
      }
      ids.push(j === i + 1 ? table.idOfChar(c) : table.idOfSpan(text, i, j));
      starts.push(i);
      i = j;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        ids.push(table.idOfSpan(text, i, i + 2));
        starts.push(i);
        i += 2;
        continue;
      }
    }
    ids.push(table.idOfChar(c));
    starts.push(i);
    i++;
  }
  return { ids, starts };
}

interface Run {
  op: DiffOp['op'];
  count: number;
}

/**
 * Token diff in the manner of patience diff: tokens that occur exactly once on each side and in the same
 * order (longest increasing run) are anchors; the stretches between anchors are diffed by myersRuns
 * (diffArrays' edit script). Myers' algorithm costs O(N·D) per call, so cutting one long pair into short
 * stretches keeps heavy rewrites cheap. Undefined when a stretch needs more than MAX_EDIT edits.
 */
function anchoredDiff(a: number[], b: number[], table: TokenTable): Run[] | undefined {
  const runs: Run[] = [];
  const add = (op: Run['op'], count: number) => {
    if (count <= 0) return;
    const last = runs[runs.length - 1];
    if (last && last.op === op) last.count += count;
    else runs.push({ op, count });
  };
  const stretch = (a0: number, a1: number, b0: number, b1: number): boolean => {
    if (a0 === a1) {
      add('ins', b1 - b0);
      return true;
    }
    if (b0 === b1) {
      add('del', a1 - a0);
      return true;
    }
    // equal heads and tails need no diff; most stretches between anchors are then one-sided
    let head = 0;
    while (a0 + head < a1 && b0 + head < b1 && a[a0 + head] === b[b0 + head]) head++;
    let tail = 0;
    while (a1 - tail > a0 + head && b1 - tail > b0 + head && a[a1 - tail - 1] === b[b1 - tail - 1]) tail++;
    add('eq', head);
    const x0 = a0 + head;
    const x1 = a1 - tail;
    const y0 = b0 + head;
    const y1 = b1 - tail;
    if (x0 === x1 || y0 === y1) {
      add('del', x1 - x0);
      add('ins', y1 - y0);
    } else {
      const changes = myersRuns(a, x0, x1, b, y0, y1, MAX_EDIT);
      if (!changes) return false;
      for (const c of changes) add(c.op === 1 ? 'ins' : c.op === 2 ? 'del' : 'eq', c.count);
    }
    add('eq', tail);
    return true;
  };
  // anchors: unique on both sides (counters of the shared table, cleared again below)
  const { countA, countB, posB } = table;
  for (let i = 0; i < a.length; i++) countA[a[i]!]!++;
  for (let j = 0; j < b.length; j++) {
    countB[b[j]!]!++;
    posB[b[j]!] = j;
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!;
    if (countA[t] === 1 && countB[t] === 1) pairs.push([i, posB[t]!]);
  }
  for (let i = 0; i < a.length; i++) countA[a[i]!] = 0;
  for (let j = 0; j < b.length; j++) countB[b[j]!] = 0;
  // longest increasing subsequence of the b positions (patience sorting), O(n log n)
  const tails: number[] = [];
  const prev = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    const v = pairs[k]![1];
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]!]![1] < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[k] = tails[lo - 1]!;
    tails[lo] = k;
  }
  const anchors: Array<[number, number]> = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) anchors.push(pairs[k]!);
  anchors.reverse();
  let ai = 0;
  let bi = 0;
  for (const [x, y] of anchors) {
    if (!stretch(ai, x, bi, y)) return undefined;
    add('eq', 1);
    ai = x + 1;
    bi = y + 1;
  }
  if (!stretch(ai, a.length, bi, b.length)) return undefined;
  return runs;
}

function push(out: DiffOp[], op: DiffOp['op'], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/**
 * The word diff of a source passage and its rewrite: ops in order, 'eq' text in both, 'del' only in the
 * source, 'ins' only in the rewrite. `table` may be shared by the pairs of one review.
 */
export function diffPair(a: string, b: string, table: TokenTable = new TokenTable()): DiffOp[] {
  const out: DiffOp[] = [];
  if (a === b) {
    push(out, 'eq', a);
    return out;
  }
  const ta = tokenize(a, table);
  const tb = tokenize(b, table);
  const changes = anchoredDiff(ta.ids, tb.ids, table);
  if (!changes) {
    push(out, 'del', a);
    push(out, 'ins', b);
    return out;
  }
  // a span of k tokens from token i: from its start to the start of the token after it (or the end)
  const span = (text: string, t: Tokens, i: number, k: number) => {
    const s = i === 0 ? 0 : t.starts[i]!;
    const e = i + k < t.starts.length ? t.starts[i + k]! : text.length;
    return text.slice(s, e);
  };
  let i = 0;
  let j = 0;
  for (const c of changes) {
    const k = c.count;
    if (c.op === 'ins') {
      push(out, 'ins', span(b, tb, j, k));
      j += k;
    } else if (c.op === 'del') {
      push(out, 'del', span(a, ta, i, k));
      i += k;
    } else {
      push(out, 'eq', span(a, ta, i, k));
      i += k;
      j += k;
    }
  }
  if (ta.ids.length === 0) push(out, 'del', a);
  if (tb.ids.length === 0) push(out, 'ins', b);
  return out;
}
