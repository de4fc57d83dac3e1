// Word-level changes inside one aligned pair, computed with Myers' O(ND) algorithm (myers.ts: the `diff`
// package's diffArrays step for step, on typed arrays) over word tokens: Latin/digit words and punctuation
// marks for English, single characters for Chinese (so Chinese changes are character-level). Tokens are
// compared as interned integers and white space is not a token, which keeps the edit graph small; the
// white space after a token travels with it. Concatenating the 'eq' and 'del' texts gives the source passage exactly; 'eq' text is
// written as in the source, so 'eq' + 'ins' gives the rewrite up to white space inside unchanged runs.
import { myersInto, RunSink } from './myers';
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
  /** Scratch reused from pair to pair: the tokens of both sides, the edit runs, the anchor search's arrays. */
  readonly a = new TokenBuf();
  readonly b = new TokenBuf();
  readonly runs = new RunSink();
  pairA = new Int32Array(256);
  pairB = new Int32Array(256);
  tails = new Int32Array(256);
  prev = new Int32Array(256);

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

/** The tokens of a text: ids of a TokenTable and start offsets, in growable typed arrays reused from text to text. */
export class TokenBuf {
  ids = new Int32Array(256);
  starts = new Int32Array(256);
  n = 0;

  push(id: number, start: number): void {
    if (this.n === this.ids.length) {
      const ids = new Int32Array(this.n * 2);
      ids.set(this.ids);
      this.ids = ids;
      const starts = new Int32Array(this.n * 2);
      starts.set(this.starts);
      this.starts = starts;
    }
    this.ids[this.n] = id;
    this.starts[this.n++] = start;
  }
}

/**
 * Tokens of a text into `out` (emptied first): a run of word letters/digits (with inner ' ’ . , before more
 * letters: "don't", "3.5", "1,500"), or any other single non-space character (a Chinese character, a
 * punctuation mark, a surrogate pair), as ids of `table`.
 */
function tokenizeInto(text: string, table: TokenTable, out: TokenBuf): void {
  out.n = 0;
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
      out.push(j === i + 1 ? table.idOfChar(c) : table.idOfSpan(text, i, j), i);
      i = j;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(table.idOfSpan(text, i, i + 2), i);
        i += 2;
        continue;
      }
    }
    out.push(table.idOfChar(c), i);
    i++;
  }
}

/** The tokens of a text as arrays (see tokenizeInto). */
export function tokenize(text: string, table: TokenTable): { ids: number[]; starts: number[] } {
  const buf = new TokenBuf();
  tokenizeInto(text, table, buf);
  return { ids: Array.from(buf.ids.subarray(0, buf.n)), starts: Array.from(buf.starts.subarray(0, buf.n)) };
}

const EQ = 0;
const INS = 1;
const DEL = 2;

/**
 * The stretch a[a0, a1) → b[b0, b1) between two anchors, as runs into `sink`: equal heads and tails need no
 * diff (most stretches between anchors are then one-sided), the rest goes to Myers. False when it needs
 * more than MAX_EDIT edits.
 */
function stretch(a: Int32Array, a0: number, a1: number, b: Int32Array, b0: number, b1: number, sink: RunSink): boolean {
  if (a0 === a1) {
    sink.add(INS, b1 - b0);
    return true;
  }
  if (b0 === b1) {
    sink.add(DEL, a1 - a0);
    return true;
  }
  let head = 0;
  while (a0 + head < a1 && b0 + head < b1 && a[a0 + head] === b[b0 + head]) head++;
  let tail = 0;
  while (a1 - tail > a0 + head && b1 - tail > b0 + head && a[a1 - tail - 1] === b[b1 - tail - 1]) tail++;
  sink.add(EQ, head);
  const x0 = a0 + head;
  const x1 = a1 - tail;
  const y0 = b0 + head;
  const y1 = b1 - tail;
  if (x0 === x1 || y0 === y1) {
    sink.add(DEL, x1 - x0);
    sink.add(INS, y1 - y0);
  } else if (!myersInto(a, x0, x1, b, y0, y1, MAX_EDIT, sink)) return false;
  sink.add(EQ, tail);
  return true;
}

/**
 * Token diff in the manner of patience diff: tokens that occur exactly once on each side and in the same
 * order (longest increasing run) are anchors; the stretches between anchors are diffed by Myers
 * (diffArrays' edit script, myers.ts). Myers' algorithm costs O(N·D) per call, so cutting one long pair into
 * short stretches keeps heavy rewrites cheap. The runs (op 0 equal, 1 inserted, 2 deleted; count) go to
 * table.runs; false when a stretch needs more than MAX_EDIT edits.
 */
function anchoredDiff(ta: TokenBuf, tb: TokenBuf, table: TokenTable): boolean {
  const sink = table.runs;
  sink.n = 0;
  const a = ta.ids;
  const b = tb.ids;
  const na = ta.n;
  const nb = tb.n;
  // anchors: unique on both sides (counters of the shared table, cleared again below)
  const { countA, countB, posB } = table;
  for (let i = 0; i < na; i++) countA[a[i]!]!++;
  for (let j = 0; j < nb; j++) {
    countB[b[j]!]!++;
    posB[b[j]!] = j;
  }
  if (table.pairA.length < na) {
    table.pairA = new Int32Array(na * 2);
    table.pairB = new Int32Array(na * 2);
    table.tails = new Int32Array(na * 2);
    table.prev = new Int32Array(na * 2);
  }
  const pairA = table.pairA;
  const pairB = table.pairB;
  let np = 0;
  for (let i = 0; i < na; i++) {
    const t = a[i]!;
    if (countA[t] === 1 && countB[t] === 1) {
      pairA[np] = i;
      pairB[np++] = posB[t]!;
    }
  }
  for (let i = 0; i < na; i++) countA[a[i]!] = 0;
  for (let j = 0; j < nb; j++) countB[b[j]!] = 0;
  // longest increasing subsequence of the b positions (patience sorting), O(n log n)
  const tails = table.tails;
  const prev = table.prev;
  let nTails = 0;
  for (let k = 0; k < np; k++) {
    const v = pairB[k]!;
    let lo = 0;
    let hi = nTails;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairB[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    prev[k] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = k;
    if (lo === nTails) nTails++;
  }
  // the anchors in order: the chain from the last tail back, reversed in place in `tails`
  let nAnchors = 0;
  for (let k = nTails ? tails[nTails - 1]! : -1; k >= 0; k = prev[k]!) tails[nAnchors++] = k;
  let ai = 0;
  let bi = 0;
  for (let q = nAnchors - 1; q >= 0; q--) {
    const k = tails[q]!;
    const x = pairA[k]!;
    const y = pairB[k]!;
    if (!stretch(a, ai, x, b, bi, y, sink)) return false;
    sink.add(EQ, 1);
    ai = x + 1;
    bi = y + 1;
  }
  return stretch(a, ai, na, b, bi, nb, sink);
}

/** The text of k tokens from token i: from its start (the text's start for the first) to the start of the token after them (or the end). */
function span(text: string, t: TokenBuf, i: number, k: number): string {
  const s = i === 0 ? 0 : t.starts[i]!;
  const e = i + k < t.n ? t.starts[i + k]! : text.length;
  return text.slice(s, e);
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
  const ta = table.a;
  const tb = table.b;
  tokenizeInto(a, table, ta);
  tokenizeInto(b, table, tb);
  if (!anchoredDiff(ta, tb, table)) {
    push(out, 'del', a);
    push(out, 'ins', b);
    return out;
  }
  const runs = table.runs.runs;
  const nRuns = table.runs.n;
  let i = 0;
  let j = 0;
  for (let r = 0; r < nRuns; r += 2) {
    const op = runs[r]!;
    const k = runs[r + 1]!;
    if (op === INS) {
      push(out, 'ins', span(b, tb, j, k));
      j += k;
    } else if (op === DEL) {
      push(out, 'del', span(a, ta, i, k));
      i += k;
    } else {
      push(out, 'eq', span(a, ta, i, k));
      i += k;
      j += k;
    }
  }
  if (ta.n === 0) push(out, 'del', a);
  if (tb.n === 0) push(out, 'ins', b);
  return out;
}
