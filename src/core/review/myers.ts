// Myers' O(N·D) diff of two integer sequences, step for step as the `diff` package's diffArrays runs it
// (diff 8: the same choice between an insertion and a deletion on each diagonal, the same pruning of
// diagonals that reached an edge, the same maxEditLength), so it gives the same edit script; but on
// typed arrays, with the edit paths in reused typed arrays instead of an object per step, and on a range
// of the inputs without copying it. The word diff of a heavy rewrite runs it thousands of times per review.
// test/unit/review-myers.test.ts compares it with diffArrays on random sequences.

/** An edit run: 0 equal, 1 inserted (in b only), 2 deleted (in a only), with its length. */
export interface EditRun {
  op: 0 | 1 | 2;
  count: number;
}

const EQ = 0;
const ADD = 1;
const REMOVE = 2;

// scratch, grown as needed and reused between calls: paths by diagonal, components of the paths
let pathOld = new Int32Array(64);
let pathLast = new Int32Array(64);
let pathSet = new Uint8Array(64);
let compCount = new Int32Array(1024);
let compType = new Uint8Array(1024);
let compPrev = new Int32Array(1024);
let comps = 0;

function newComp(count: number, type: number, prev: number): number {
  if (comps >= compCount.length) {
    const n = compCount.length * 2;
    const c = new Int32Array(n);
    c.set(compCount);
    compCount = c;
    const t = new Uint8Array(n);
    t.set(compType);
    compType = t;
    const p = new Int32Array(n);
    p.set(compPrev);
    compPrev = p;
  }
  compCount[comps] = count;
  compType[comps] = type;
  compPrev[comps] = prev;
  return comps++;
}

/** Edit runs appended in order, a run merged into the last one when of its kind: op and count, two integers a run. */
export class RunSink {
  runs = new Int32Array(256);
  /** Integers used (two per run). */
  n = 0;

  add(op: number, count: number): void {
    if (count <= 0) return;
    const r = this.runs;
    if (this.n > 0 && r[this.n - 2] === op) {
      r[this.n - 1]! += count;
      return;
    }
    if (this.n + 2 > r.length) {
      const g = new Int32Array(r.length * 2);
      g.set(r);
      this.runs = g;
    }
    this.runs[this.n++] = op;
    this.runs[this.n++] = count;
  }
}

/** Follows the diagonal from position (oldPos, oldPos − diagonal) while the tokens agree: the new oldPos. */
function followDiagonal(a: ArrayLike<number>, a0: number, oldLen: number, b: ArrayLike<number>, b0: number, newLen: number, oldPos: number, diagonal: number): number {
  let newPos = oldPos - diagonal;
  while (newPos + 1 < newLen && oldPos + 1 < oldLen && a[a0 + oldPos + 1] === b[b0 + newPos + 1]) {
    newPos++;
    oldPos++;
  }
  return oldPos;
}

/**
 * The edit script from a[a0, a1) to b[b0, b1) appended to `sink` as runs (merged with its last run when of
 * the same kind); false, with nothing appended, when it needs more than `maxEditLength` edits (as
 * diffArrays(a.slice(a0, a1), b.slice(b0, b1), { maxEditLength }) gives undefined).
 */
export function myersInto(a: ArrayLike<number>, a0: number, a1: number, b: ArrayLike<number>, b0: number, b1: number, maxEditLength: number, sink: RunSink): boolean {
  const oldLen = a1 - a0;
  const newLen = b1 - b0;
  const maxEdit = Math.min(newLen + oldLen, maxEditLength);
  // diagonals -maxEdit - 1 … maxEdit + 1 are read; index = diagonal + off
  const off = maxEdit + 2;
  const size = 2 * off + 1;
  if (pathSet.length < size) {
    pathOld = new Int32Array(size);
    pathLast = new Int32Array(size);
    pathSet = new Uint8Array(size);
  } else pathSet.fill(0, 0, size);
  comps = 0;

  // extractCommon: follows the diagonal from the path's position while tokens agree; an 'equal' component
  let curOld = followDiagonal(a, a0, oldLen, b, b0, newLen, -1, 0);
  let curLast = curOld + 1 > 0 ? newComp(curOld + 1, EQ, -1) : -1;
  let newPos = curOld;
  if (curOld + 1 >= oldLen && newPos + 1 >= newLen) return runsInto(curLast, sink);
  pathOld[off] = curOld;
  pathLast[off] = curLast;
  pathSet[off] = 1;

  let minDiagonal = -Infinity;
  let maxDiagonal = Infinity;
  for (let editLength = 1; editLength <= maxEdit; editLength++) {
    for (let diagonal = Math.max(minDiagonal, -editLength); diagonal <= Math.min(maxDiagonal, editLength); diagonal += 2) {
      const r = diagonal - 1 + off;
      const d = diagonal + off;
      const ad = diagonal + 1 + off;
      const hasRemove = pathSet[r] === 1;
      const removeOld = pathOld[r]!;
      const removeLast = pathLast[r]!;
      if (hasRemove) pathSet[r] = 0;
      const hasAdd = pathSet[ad] === 1;
      let canAdd = false;
      if (hasAdd) {
        const addNewPos = pathOld[ad]! - diagonal;
        canAdd = 0 <= addNewPos && addNewPos < newLen;
      }
      const canRemove = hasRemove && removeOld + 1 < oldLen;
      if (!canAdd && !canRemove) {
        pathSet[d] = 0;
        continue;
      }
      // addToPath: one more insertion (or deletion), merged into the path's last component when of its kind
      let type: number;
      let fromOld: number;
      let fromLast: number;
      if (!canRemove || (canAdd && removeOld < pathOld[ad]!)) {
        type = ADD;
        fromOld = pathOld[ad]!;
        fromLast = pathLast[ad]!;
      } else {
        type = REMOVE;
        fromOld = removeOld + 1;
        fromLast = removeLast;
      }
      curLast = fromLast >= 0 && compType[fromLast] === type ? newComp(compCount[fromLast]! + 1, type, compPrev[fromLast]!) : newComp(1, type, fromLast);
      curOld = followDiagonal(a, a0, oldLen, b, b0, newLen, fromOld, diagonal);
      if (curOld > fromOld) curLast = newComp(curOld - fromOld, EQ, curLast);
      newPos = curOld - diagonal;
      if (curOld + 1 >= oldLen && newPos + 1 >= newLen) return runsInto(curLast, sink);
      pathOld[d] = curOld;
      pathLast[d] = curLast;
      pathSet[d] = 1;
      if (curOld + 1 >= oldLen) maxDiagonal = Math.min(maxDiagonal, diagonal - 1);
      if (newPos + 1 >= newLen) minDiagonal = Math.max(minDiagonal, diagonal + 1);
    }
  }
  return false;
}

/** The components of a path, from its last one back: appended to `sink` in order. */
let chain = new Int32Array(256);
function runsInto(last: number, sink: RunSink): boolean {
  let k = 0;
  for (let c = last; c >= 0; c = compPrev[c]!) {
    if (k === chain.length) {
      const g = new Int32Array(chain.length * 2);
      g.set(chain);
      chain = g;
    }
    chain[k++] = c;
  }
  for (let i = k - 1; i >= 0; i--) sink.add(compType[chain[i]!]!, compCount[chain[i]!]!);
  return true;
}

/**
 * The edit script from a[a0, a1) to b[b0, b1) as runs, or undefined when it needs more than `maxEditLength`
 * edits (as diffArrays(a.slice(a0, a1), b.slice(b0, b1), { maxEditLength }) gives undefined).
 */
export function myersRuns(a: ArrayLike<number>, a0: number, a1: number, b: ArrayLike<number>, b0: number, b1: number, maxEditLength: number): EditRun[] | undefined {
  const sink = new RunSink();
  if (!myersInto(a, a0, a1, b, b0, b1, maxEditLength, sink)) return undefined;
  const out: EditRun[] = [];
  for (let i = 0; i < sink.n; i += 2) out.push({ op: sink.runs[i] as 0 | 1 | 2, count: sink.runs[i + 1]! });
  return out;
}
