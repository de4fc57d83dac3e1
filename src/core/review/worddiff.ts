// Word-level changes inside one aligned pair, from the `diff` package: diffWords for space-separated
// text, a character-level diff for Chinese (Han characters one by one, Latin words whole).
import { diffArrays, diffWords } from 'diff';
import type { DiffOp } from './types';

const HAN_TEST = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
/** Han characters one by one; Latin/digit words, white-space runs and other characters as tokens. */
const CJK_TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[A-Za-z0-9\u00c0-\u024f]+|\s+|[^\sA-Za-z0-9\u00c0-\u024f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/gu;

/** Longest edit (in tokens) a pair diff may take before it falls back to delete-all / insert-all. */
const MAX_EDIT = 2000;

function push(out: DiffOp[], op: DiffOp['op'], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.op === op) last.text += text;
  else out.push({ op, text });
}

/**
 * The word diff of a source passage and its rewrite: ops in order, 'eq' text in both, 'del' only in the
 * source, 'ins' only in the rewrite. Concatenating eq+del gives `a`; eq+ins gives `b`.
 */
export function diffPair(a: string, b: string): DiffOp[] {
  const out: DiffOp[] = [];
  if (a === b) {
    push(out, 'eq', a);
    return out;
  }
  if (HAN_TEST.test(a) || HAN_TEST.test(b)) {
    const ta = a.match(CJK_TOKEN) ?? [];
    const tb = b.match(CJK_TOKEN) ?? [];
    const changes = diffArrays(ta, tb, { maxEditLength: MAX_EDIT });
    if (!changes) return wholeChange(a, b);
    for (const c of changes) push(out, c.added ? 'ins' : c.removed ? 'del' : 'eq', c.value.join(''));
    return out;
  }
  const changes = diffWords(a, b, { maxEditLength: MAX_EDIT });
  if (!changes) return wholeChange(a, b);
  for (const c of changes) push(out, c.added ? 'ins' : c.removed ? 'del' : 'eq', c.value);
  return out;
}

function wholeChange(a: string, b: string): DiffOp[] {
  const out: DiffOp[] = [];
  push(out, 'del', a);
  push(out, 'ins', b);
  return out;
}
