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

const TOKEN = /[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]+(?:['’.,][A-Za-z0-9\u00c0-\u024f]+)*|[^\s]/gu;

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

function push(out: DiffOp[], op: DiffOp['op'], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/**
 * The word diff of a source passage and its rewrite: ops in order, 'eq' text in both, 'del' only in the
 * source, 'ins' only in the rewrite.
 */
export function diffPair(a: string, b: string): DiffOp[] {
  const out: DiffOp[] = [];
  if (a === b) {
    push(out, 'eq', a);
    return out;
  }
  const intern = new Map<string, number>();
  const ta = tokenize(a, intern);
  const tb = tokenize(b, intern);
  const changes = diffArrays(ta.ids, tb.ids, { maxEditLength: MAX_EDIT });
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
    const k = c.count ?? c.value.length;
    if (c.added) {
      push(out, 'ins', span(b, tb, j, k));
      j += k;
    } else if (c.removed) {
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
