// Word-level changes inside one aligned pair, computed with the `diff` package (diffArrays, Myers' O(ND)
// algorithm) over word tokens: Latin/digit words and punctuation marks for English, single characters
// for Chinese (so Chinese changes are character-level). Tokens are compared as interned integers and
// white space is not a token, which keeps the edit graph small; the white space after a token travels
// with it. Concatenating the 'eq' and 'del' texts gives the source passage exactly; 'eq' text is
// written as in the source, so 'eq' + 'ins' gives the rewrite up to white space inside unchanged runs.
import { diffArrays } from 'diff';
import type { DiffOp } from './types';

/** Longest edit (in tokens) a pair diff may take before it falls back to delete-all / insert-all. */
const MAX_EDIT = 4000;

const TOKEN = /[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+(?:['’.,][A-Za-z0-9\u00c0-\u024f]+)*|[\ud800-\udbff][\udc00-\udfff]|[^\s]/g;

interface Tokens {
  ids: number[];
  starts: number[];
}

function tokenize(text: string, intern: Map<string, number>): Tokens {
  const ids: number[] = [];
  const starts: number[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    let id = intern.get(m[0]);
    if (id === undefined) intern.set(m[0], (id = intern.size));
    ids.push(id);
    starts.push(m.index);
  }
  return { ids, starts };
}

interface Run {
  op: DiffOp['op'];
  count: number;
}

/**
 * Token diff in the manner of patience diff: tokens that occur exactly once on each side and in the same
 * order (longest increasing run) are anchors; the stretches between anchors are diffed by `diff`'s
 * diffArrays. Myers' algorithm costs O(N·D) per call, so cutting one long pair into short stretches keeps
 * heavy rewrites cheap. Undefined when a stretch needs more than MAX_EDIT edits.
 */
function anchoredDiff(a: number[], b: number[]): Run[] | undefined {
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
    const changes = diffArrays(a.slice(a0, a1), b.slice(b0, b1), { maxEditLength: MAX_EDIT });
    if (!changes) return false;
    for (const c of changes) add(c.added ? 'ins' : c.removed ? 'del' : 'eq', c.count ?? c.value.length);
    return true;
  };
  // anchors: unique on both sides
  const countA = new Map<number, number>();
  const countB = new Map<number, number>();
  const posB = new Map<number, number>();
  for (const t of a) countA.set(t, (countA.get(t) ?? 0) + 1);
  for (let j = 0; j < b.length; j++) {
    countB.set(b[j]!, (countB.get(b[j]!) ?? 0) + 1);
    posB.set(b[j]!, j);
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!;
    if (countA.get(t) === 1 && countB.get(t) === 1) pairs.push([i, posB.get(t)!]);
  }
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
 * source, 'ins' only in the rewrite. `intern` (token → id) may be shared by the pairs of one review.
 */
export function diffPair(a: string, b: string, intern: Map<string, number> = new Map()): DiffOp[] {
  const out: DiffOp[] = [];
  if (a === b) {
    push(out, 'eq', a);
    return out;
  }
  const ta = tokenize(a, intern);
  const tb = tokenize(b, intern);
  const changes = anchoredDiff(ta.ids, tb.ids);
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
