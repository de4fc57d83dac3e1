// jieba's dictionary route in JavaScript: the same segmentation as jieba-wasm's `tag(text, true)`, with
// most of the work done here and only the stretches that jieba's HMM decides handed to the .wasm.
//
// Why: jieba-wasm builds a JavaScript object and two strings per word across the WebAssembly boundary,
// and its dictionary walk costs about a microsecond per character; segmenting both texts of a review
// was about 60% of a Chinese review. Here the dictionary is walked on character codes in typed arrays.
//
// How it stays the same segmentation (jieba-rs, the engine inside jieba-wasm):
//   - the dictionary is jieba-wasm's own: the text of jieba's dict.txt that the .wasm carries
//     (deflate-compressed in its data section), read from the installed .wasm file at first use;
//   - a text is cut into blocks as jieba-rs cuts it (runs of Han characters and [a-zA-Z0-9+#&._%-]);
//     each other character is a word of its own (white space is left out, as segmentZh always did);
//   - in a block, every dictionary word starting at each character (the DAG), then the most probable
//     route from the end (ln(freq) − ln(total) + the rest; a tie goes to the longer word), as jieba-rs;
//   - runs of single characters on the route that jieba's HMM would re-cut (two or more, not one
//     dictionary word) are handed to jieba-wasm as they are, joined by line breaks into one call: jieba
//     segments such a run alone exactly as inside its block when the route of the run alone is single
//     characters too, which is checked here; where it is not, the whole block goes to jieba-wasm;
//   - a word's tag is its dictionary tag, else x (m for digits, eng for ASCII letters), as jieba-rs tags.
// Texts with characters beyond the BMP (surrogate pairs) go to jieba-wasm whole.
// What is read from the package: the dictionary text and the HMM's tables (start, transition and emission
// log probabilities) out of jieba_rs_wasm_bg.wasm's data, where jieba-wasm 2.4.0 (the version in
// package-lock.json) keeps them; another build is searched for the same layout. At load, a self-check
// segments fixed sentences and compares them with jieba-wasm 2.4.0's own tagging: when the tables are not
// found, or give other words or tags, `zhDag()` is null and callers use jieba-wasm's own calls for
// everything (slower, the same words). test/unit/zh-dag.test.ts compares this with jieba-wasm's tagging
// on varied text and forces the fallback.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { inflateRawSync, constants as zconst } from 'node:zlib';

export interface DagWord {
  word: string;
  tag: string;
  start: number;
  end: number;
}

/**
 * Nodes 1 … n − 1 grouped by parent, each group in the order of the nodes' codes (two stable counting
 * sorts: by code, then by parent): the children of node p are edgeChild[edgeStart[p] … edgeStart[p + 1] − 1].
 */
function groupByParent(n: number, parentOf: Int32Array, codeOf: Uint16Array): { edgeStart: Int32Array; edgeChild: Int32Array } {
  const byCode = new Int32Array(n - 1);
  const codeStart = new Int32Array(65537);
  for (let k = 1; k < n; k++) codeStart[codeOf[k]! + 1]!++;
  for (let c = 0; c < 65536; c++) codeStart[c + 1]! += codeStart[c]!;
  for (let k = 1; k < n; k++) byCode[codeStart[codeOf[k]!]!++] = k;
  const edgeStart = new Int32Array(n + 1);
  for (let k = 1; k < n; k++) edgeStart[parentOf[k]! + 1]!++;
  for (let k = 0; k < n; k++) edgeStart[k + 1]! += edgeStart[k]!;
  const fill = edgeStart.slice(0, n);
  const edgeChild = new Int32Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    const v = byCode[k]!;
    edgeChild[fill[parentOf[v]!]!++] = v;
  }
  return { edgeStart, edgeChild };
}

/**
 * The dictionary being read: a trie over UTF-16 code units, the root's children in a direct table, the
 * others in an open-addressing hash of (node, code) → child. Per node: the frequency and tag of the word
 * ending there. `finish()` turns it into the compact Dict the route walks, and it is dropped.
 */
class DictBuilder {
  private readonly rootChild = new Int32Array(65536).fill(-1);
  /** Slots of (node, code, child, unused). */
  private table: Int32Array;
  private mask: number;
  private used = 0;
  private nodes = 1;
  private freqOf: Float64Array;
  /** Per node: the index of its word's tag in `tags`, -1 where no word ends. */
  private tagOf: Int32Array;
  /** Per node: its parent and the code that leads to it. */
  private parentOf = new Int32Array(1 << 16);
  private codeOf = new Uint16Array(1 << 16);
  readonly tags: string[] = [];
  private tagIds = new Map<string, number>();

  constructor(slots: number) {
    this.mask = slots - 1;
    this.table = new Int32Array(slots * 4).fill(-1);
    this.freqOf = new Float64Array(1 << 16);
    this.tagOf = new Int32Array(1 << 16).fill(-1);
  }

  private slot(node: number, code: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) & this.mask;
  }

  private next(node: number, code: number): number {
    const t = this.table;
    let s = this.slot(node, code);
    for (;;) {
      const k = t[s * 4]!;
      if (k === -1) return -1;
      if (k === node && t[s * 4 + 1] === code) return t[s * 4 + 2]!;
      s = (s + 1) & this.mask;
    }
  }

  private newNode(parent: number, code: number): number {
    const n = this.nodes++;
    if (n >= this.tagOf.length) {
      const f = new Float64Array(this.tagOf.length * 2);
      f.set(this.freqOf);
      this.freqOf = f;
      const g = new Int32Array(this.tagOf.length * 2).fill(-1);
      g.set(this.tagOf);
      this.tagOf = g;
      const p = new Int32Array(this.tagOf.length);
      p.set(this.parentOf);
      this.parentOf = p;
      const c = new Uint16Array(this.tagOf.length);
      c.set(this.codeOf);
      this.codeOf = c;
    }
    this.parentOf[n] = parent;
    this.codeOf[n] = code;
    return n;
  }

  private addChild(node: number, code: number): number {
    if (node === 0) {
      const c = this.rootChild[code]!;
      if (c >= 0) return c;
      return (this.rootChild[code] = this.newNode(0, code));
    }
    const c = this.next(node, code);
    if (c >= 0) return c;
    if ((this.used + 1) * 2 > this.mask) this.grow();
    const t = this.table;
    let s = this.slot(node, code);
    while (t[s * 4] !== -1) s = (s + 1) & this.mask;
    this.used++;
    t[s * 4] = node;
    t[s * 4 + 1] = code;
    return (t[s * 4 + 2] = this.newNode(node, code));
  }

  private grow(): void {
    const old = this.table;
    this.mask = this.mask * 2 + 1;
    this.table = new Int32Array((this.mask + 1) * 4).fill(-1);
    for (let i = 0; i < old.length; i += 4) {
      if (old[i] === -1) continue;
      let s = this.slot(old[i]!, old[i + 1]!);
      while (this.table[s * 4] !== -1) s = (s + 1) & this.mask;
      this.table.set(old.subarray(i, i + 4), s * 4);
    }
  }

  /** jieba-rs's load_dict: a word seen again keeps its first tag and takes the later frequency. */
  add(text: string, s: number, e: number, freq: number, tag: string): void {
    let n = 0;
    for (let i = s; i < e; i++) n = this.addChild(n, text.charCodeAt(i));
    this.freqOf[n] = freq;
    if (this.tagOf[n]! >= 0) return;
    let t = this.tagIds.get(tag);
    if (t === undefined) {
      t = this.tags.length;
      this.tags.push(tag);
      this.tagIds.set(tag, t);
    }
    this.tagOf[n] = t;
  }

  /**
   * The compact trie: nodes renumbered breadth first, so that the children of a node are consecutive
   * nodes, in the order of their codes; a child is then found by a short search of their codes (no hash).
   */
  finish(): Dict {
    const N = this.nodes;
    let total = 0;
    for (let n = 0; n < N; n++) if (this.tagOf[n]! >= 0) total += this.freqOf[n]!;
    const logTotal = Math.log(total);
    // each node's parent and code were noted when it was made: the nodes grouped by parent, in the order of
    // their codes
    const { edgeStart, edgeChild } = groupByParent(N, this.parentOf, this.codeOf);
    // breadth first: a node's new number is its place in the queue
    const order = new Int32Array(N);
    const first = new Int32Array(N + 1);
    const code = new Uint16Array(N);
    let tail = 1;
    for (let head = 0; head < N; head++) {
      const u = order[head]!;
      first[head] = tail;
      for (let k = edgeStart[u]!; k < edgeStart[u + 1]!; k++) {
        const v = edgeChild[k]!;
        order[tail] = v;
        code[tail++] = this.codeOf[v]!;
      }
    }
    first[N] = tail;
    const logOf = new Float64Array(N).fill(NaN);
    const tagOf = new Int16Array(N).fill(-1);
    for (let i = 0; i < N; i++) {
      const o = order[i]!;
      const tg = this.tagOf[o]!;
      if (tg < 0) continue;
      tagOf[i] = tg;
      logOf[i] = Math.log(this.freqOf[o]!) - logTotal;
    }
    if (this.tags.length > 32767) throw new Error('zh-dag: too many tags');
    return new Dict(first, code, logOf, tagOf, this.tags, Math.log(1) - logTotal);
  }
}

/**
 * The dictionary as a compact trie over UTF-16 code units (about 8 MB for jieba's 350,000 words): the
 * root's children in a direct table; below it, the children of node n are the nodes first[n] … first[n+1] − 1,
 * with the codes code[…] in ascending order. Per node: ln(freq) − ln(total) of the word ending there (NaN:
 * none) and its tag.
 */
class Dict {
  readonly rootChild = new Int32Array(65536).fill(-1);

  constructor(
    readonly first: Int32Array,
    readonly code: Uint16Array,
    /** Per node: ln(freq) − ln(total) of the word ending there, NaN where no word ends. */
    readonly logOf: Float64Array,
    /** Per node: the index of its word's tag in `tags`, -1 where no word ends. */
    private readonly tagOf: Int16Array,
    readonly tags: readonly string[],
    readonly negLogTotal: number,
  ) {
    for (let k = first[0]!; k < first[1]!; k++) this.rootChild[code[k]!] = k;
  }

  /** The child of `node` by `code`, or -1. */
  next(node: number, c: number): number {
    if (node === 0) return this.rootChild[c]!;
    const code = this.code;
    let lo = this.first[node]!;
    const end = this.first[node + 1]!;
    // many children (below a first character): halve while more than 8 codes are left, then scan
    let hi = end;
    while (hi - lo > 8) {
      const mid = (lo + hi) >> 1;
      if (code[mid]! < c) lo = mid + 1;
      else hi = mid + 1;
    }
    for (; lo < end; lo++) {
      const x = code[lo]!;
      if (x === c) return lo;
      if (x > c) return -1;
    }
    return -1;
  }

  /** True when a word ends at `node`. */
  isWord(node: number): boolean {
    return this.tagOf[node]! >= 0;
  }

  tagOfNode(node: number): string {
    return this.tags[this.tagOf[node]!]!;
  }

  /** The node of text[s, e) when it is one dictionary word, or -1. */
  lookup(text: string, s: number, e: number): number {
    let n = 0;
    for (let i = s; i < e; i++) {
      n = this.next(n, text.charCodeAt(i));
      if (n < 0) return -1;
    }
    return this.isWord(n) ? n : -1;
  }
}

/** Where the .wasm of jieba-wasm is: beside the bundle (dist/), else in the installed package. */
function wasmPath(): string | undefined {
  const beside = join(__dirname, 'jieba_rs_wasm_bg.wasm');
  if (existsSync(beside)) return beside;
  try {
    const p = join(dirname(require.resolve('jieba-wasm')), 'jieba_rs_wasm_bg.wasm');
    return existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
}

/** The .wasm's data segments laid out at their addresses (its initial memory), and its largest segment. */
function wasmData(wasm: Buffer): { mem: Buffer; largest: Buffer } | undefined {
  let p = 8;
  const leb = (): number => {
    let r = 0;
    let s = 0;
    let x: number;
    do {
      x = wasm[p++]!;
      r += (x & 0x7f) * 2 ** s;
      s += 7;
    } while (x & 0x80);
    return r;
  };
  const sleb = (): number => {
    let r = 0;
    let s = 0;
    let x: number;
    do {
      x = wasm[p++]!;
      r |= (x & 0x7f) << s;
      s += 7;
    } while (x & 0x80);
    if (s < 32 && x & 0x40) r |= ~0 << s;
    return r;
  };
  const segs: Array<{ addr: number; off: number; len: number }> = [];
  while (p < wasm.length) {
    const id = wasm[p++]!;
    const size = leb();
    const next = p + size;
    if (id === 11) {
      const n = leb();
      for (let k = 0; k < n; k++) {
        const flag = leb();
        let addr = -1;
        if (flag === 2) leb();
        if (flag !== 1) {
          if (wasm[p] === 0x41) {
            p++;
            addr = sleb();
          }
          while (wasm[p] !== 0x0b) p++;
          p++;
        }
        const len = leb();
        segs.push({ addr, off: p, len });
        p += len;
      }
    }
    p = next;
  }
  if (!segs.length) return undefined;
  let size = 0;
  for (const g of segs) if (g.addr >= 0) size = Math.max(size, g.addr + g.len);
  const mem = Buffer.alloc(size);
  let largest = segs[0]!;
  for (const g of segs) {
    if (g.addr >= 0) wasm.copy(mem, g.addr, g.off, g.off + g.len);
    if (g.len > largest.len) largest = g;
  }
  return { mem, largest: wasm.subarray(largest.off, largest.off + largest.len) };
}

/** The text of dict.txt in the .wasm's data: the raw-deflate stream whose first line reads "word freq tag". */
function dictText(seg: Buffer): string | undefined {
  const line = /^[^\s]+ \d+ [a-z]+\n/;
  const at = (o: number): string | undefined => {
    try {
      const head = inflateRawSync(seg.subarray(o, o + 256), { finishFlush: zconst.Z_SYNC_FLUSH });
      if (head.length < 40 || !line.test(head.toString('utf8'))) return undefined;
      const all = inflateRawSync(seg.subarray(o)).toString('utf8');
      return all.length > 1_000_000 ? all : undefined;
    } catch {
      return undefined;
    }
  };
  const hinted = at(HINT.dict);
  if (hinted) return hinted;
  for (let o = 0; o < Math.min(seg.length, 1 << 20); o++) {
    const t = o === HINT.dict ? undefined : at(o);
    if (t) return t;
  }
  return undefined;
}

/** jieba's HMM (states B, E, M, S): start and transition log probabilities and, per state, each character's emission. */
interface Hmm {
  start: Float64Array;
  trans: Float64Array;
  emit: Float64Array[];
}

const MIN_FLOAT = -3.14e100;

/**
 * jieba-rs's HMM model in the .wasm's memory: the start probabilities [x, MIN, MIN, x], the 4×4
 * transitions with MIN where jieba forbids a move, and four maps of (character, log probability)
 * entries (pointer, length, f64), in the order B, E, M, S.
 */
function hmmModel(mem: Buffer): Hmm | undefined {
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.length);
  const f = (o: number) => dv.getFloat64(o, true);
  const ok = (x: number) => x < 0 && x > -50;
  const forbidden = [true, false, false, true, false, true, true, false, true, false, false, true, false, true, true, false];
  const isStart = (o: number) => o >= 0 && o + 32 <= mem.length && ok(f(o)) && f(o + 8) === MIN_FLOAT && f(o + 16) === MIN_FLOAT && ok(f(o + 24));
  const isTrans = (o: number) => {
    if (o < 0 || o + 128 > mem.length) return false;
    for (let i = 0; i < 16; i++) if (forbidden[i] ? f(o + 8 * i) !== MIN_FLOAT : !ok(f(o + 8 * i))) return false;
    return true;
  };
  /** True when o holds an entry (pointer, length, f64) whose key is one character. */
  const isEntry = (o: number) => {
    if (o + 16 > mem.length) return false;
    const ptr = dv.getUint32(o, true);
    const len = dv.getUint32(o + 4, true);
    if (len < 1 || len > 4 || ptr + len > mem.length || !ok(f(o + 8))) return false;
    const key = mem.toString('utf8', ptr, ptr + len);
    return [...key].length === 1 && key !== '\ufffd';
  };
  const runFrom = (o: number) => {
    let n = 0;
    while (isEntry(o + 16 * n)) n++;
    return n;
  };
  // where jieba-wasm 2.4.0 keeps them (checked, then searched for when another build moved them)
  let start = HINT.start;
  let trans = HINT.trans;
  let runs: Array<[number, number]> = HINT.emit.map(([o]) => [o, runFrom(o)]);
  const hintsHold = isStart(start) && isTrans(trans) && runs.every(([o, n], k) => n === HINT.emit[k]![1] && !isEntry(o - 16));
  if (!hintsHold) {
    start = -1;
    trans = -1;
    runs = [];
    for (let o = 0; o + 32 <= mem.length; o += 8) {
      if (start < 0 && isStart(o)) start = o;
      if (trans < 0 && isTrans(o)) trans = o;
    }
    for (let o = 0; o + 16 <= mem.length; o += 8) {
      if (!isEntry(o)) continue;
      const n = runFrom(o);
      if (n >= 1000) runs.push([o, n]);
      o += 16 * n;
    }
  }
  if (start < 0 || trans < 0 || runs.length !== 4) return undefined;
  const emit = runs.map(([o0, n]) => {
    const e = new Float64Array(65536).fill(MIN_FLOAT);
    for (let i = 0; i < n; i++) {
      const o = o0 + 16 * i;
      const key = mem.toString('utf8', dv.getUint32(o, true), dv.getUint32(o, true) + dv.getUint32(o + 4, true));
      if (key.length === 1) e[key.charCodeAt(0)] = f(o + 8);
    }
    return e;
  });
  return { start: Float64Array.from({ length: 4 }, (_, i) => f(start + 8 * i)), trans: Float64Array.from({ length: 16 }, (_, i) => f(trans + 8 * i)), emit };
}

/** Where jieba-wasm 2.4.0's .wasm keeps its dictionary stream (offset in its largest data segment) and HMM tables (addresses). */
const HINT = {
  dict: 2191,
  start: 3109992,
  trans: 3773992,
  emit: [
    [3141576, 6857],
    [3267856, 7439],
    [3397560, 6409],
    [3541648, 14519],
  ] as Array<[number, number]>,
};

function buildDict(text: string): Dict {
  const d = new DictBuilder(1 << 20);
  let i = 0;
  const n = text.length;
  while (i < n) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = n;
    // the usual line: "word freq tag", one space apart (read without splitting); anything else is split as jieba-rs does
    const a = text.indexOf(' ', i);
    const b = a >= 0 && a < j ? text.indexOf(' ', a + 1) : -1;
    let freq = 0;
    let simple = a > i && b > a + 1 && b < j - 1;
    if (simple) {
      for (let k = a + 1; k < b && simple; k++) {
        const c = text.charCodeAt(k) - 48;
        if (c < 0 || c > 9) simple = false;
        else freq = freq * 10 + c;
      }
      for (let k = i; k < a && simple; k++) if (text.charCodeAt(k) <= 32) simple = false;
      for (let k = b + 1; k < j && simple; k++) if (text.charCodeAt(k) <= 32) simple = false;
    }
    if (simple) d.add(text, i, a, freq, text.slice(b + 1, j));
    else {
      const fields = text.slice(i, j).trim().split(/\s+/);
      if (fields[0]) {
        const f = fields[1] === undefined ? 0 : Number(fields[1]);
        if (!Number.isInteger(f) || f < 0) throw new Error(`zh-dag: unreadable dictionary line ${text.slice(i, j)}`);
        d.add(fields[0], 0, fields[0].length, f, fields[2] ?? '');
      }
    }
    i = j + 1;
  }
  return d.finish();
}

const isBlockCode = (c: number): boolean =>
  (c >= 0x4e00 && c <= 0x9fff) ||
  (c >= 0x3400 && c <= 0x4dbf) ||
  (c >= 0xf900 && c <= 0xfaff) ||
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x2b || c === 0x23 || c === 0x26 || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2d;

/** The states a state may follow (B ← E, S; E ← B, M; M ← M, B; S ← S, E), two by two, in jieba's order. */
const PREV = Uint8Array.of(1, 3, 0, 2, 2, 0, 3, 1);

const isAsciiAlnum = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** jieba's HMM splits what is not Han (U+4E00–U+9FD5) into these runs and the text between them. */
const HMM_SKIP = /[a-zA-Z0-9]+(?:.\d+)?%?/g;

const isHmmHan = (c: number): boolean => c >= 0x4e00 && c <= 0x9fd5;

export class ZhDag {
  private route = new Int32Array(0);
  /** The dictionary record of the word the route takes at each position (-1: a character not in the dictionary). */
  private routeRecord = new Int32Array(0);
  private score = new Float64Array(0);
  private vit = new Float64Array(0);
  private back = new Uint8Array(0);
  private path = new Uint8Array(0);

  constructor(
    private readonly dict: Dict,
    private readonly hmm: Hmm,
  ) {}

  /** jieba-rs's tag for a word that is not in the dictionary. */
  private static ruleTag(text: string, s: number, e: number): string {
    let eng = 0;
    let m = 0;
    for (let i = s; i < e; i++) {
      const c = text.charCodeAt(i);
      if (isAsciiAlnum(c)) {
        eng++;
        if (c <= 0x39) m++;
      }
    }
    return eng === 0 ? 'x' : eng === m ? 'm' : 'eng';
  }

  private tagOf(text: string, s: number, e: number): string {
    const r = this.dict.lookup(text, s, e);
    return r >= 0 ? this.dict.tagOfNode(r) : ZhDag.ruleTag(text, s, e);
  }

  /**
   * The string of each dictionary word met so far, by its node, and of each one-character word, by its code:
   * made once and shared by every text segmented after (a text's words are mostly words met before). A
   * review holds the words of both its texts while it runs, so each string not made is one the young
   * generation's collections need not copy, and its hash, once computed by a set look-up, is kept.
   */
  private readonly charWord: Array<string | undefined> = new Array<string | undefined>(65536).fill(undefined);
  /** By node: 1 + the index in `nodeWords` of its word's string, 0 while none is made (made on first need). */
  private nodeWordAt: Int32Array | undefined;
  private readonly nodeWords: string[] = [];

  /** text[s, e) as a string, shared when it is one character or the dictionary word of `node` (-1: none). */
  private wordOf(text: string, s: number, e: number, node: number): string {
    if (e - s === 1) {
      const c = text.charCodeAt(s);
      return (this.charWord[c] ??= text.slice(s, e));
    }
    // (a slice of 13 characters or more may be a view into the text: not kept, so no text is kept alive by it)
    if (node < 0 || e - s >= 13) return text.slice(s, e);
    const at = (this.nodeWordAt ??= new Int32Array(this.dict.logOf.length));
    const k = at[node]!;
    if (k > 0) return this.nodeWords[k - 1]!;
    const w = text.slice(s, e);
    at[node] = this.nodeWords.push(w);
    return w;
  }

  private pushWord(text: string, s: number, e: number, out: DagWord[]): void {
    const r = this.dict.lookup(text, s, e);
    out.push({ word: this.wordOf(text, s, e, r), tag: r >= 0 ? this.dict.tagOfNode(r) : ZhDag.ruleTag(text, s, e), start: s, end: e });
  }

  /** The most probable route through text[s, e) (jieba-rs's calc): route[i - s] = end of the word at i, relative to s. */
  private calc(text: string, s: number, e: number): void {
    const len = e - s;
    if (this.route.length < len + 1) {
      this.route = new Int32Array(len * 2 + 16);
      this.routeRecord = new Int32Array(len * 2 + 16);
      this.score = new Float64Array(len * 2 + 16);
    }
    const route = this.route;
    const routeRecord = this.routeRecord;
    const score = this.score;
    const d = this.dict;
    // the trie's arrays in locals (its next() inlined: the walk is most of a segmentation)
    const rootChild = d.rootChild;
    const first = d.first;
    const code = d.code;
    const logOf = d.logOf;
    score[len] = 0;
    for (let i = len - 1; i >= 0; i--) {
      let best = -Infinity;
      let bestEnd = -1;
      let bestRecord = -1;
      let n = rootChild[text.charCodeAt(s + i)]!;
      for (let k = s + i; n >= 0; ) {
        const lg = logOf[n]!;
        // (NaN: no word ends here)
        if (lg === lg) {
          const v = lg + score[k + 1 - s]!;
          // edges come shortest first; a tie goes to the longer word (jieba-rs compares (score, end))
          if (v >= best) {
            best = v;
            bestEnd = k + 1 - s;
            bestRecord = n;
          }
        }
        if (++k >= e) break;
        // the child by the next code: halve a long list of children while more than 8 codes are left, then scan
        const c = text.charCodeAt(k);
        let lo = first[n]!;
        const end = first[n + 1]!;
        let hi = end;
        while (hi - lo > 8) {
          const mid = (lo + hi) >> 1;
          if (code[mid]! < c) lo = mid + 1;
          else hi = mid + 1;
        }
        n = -1;
        for (; lo < end; lo++) {
          const x = code[lo]!;
          if (x >= c) {
            if (x === c) n = lo;
            break;
          }
        }
      }
      if (bestEnd < 0) {
        // no dictionary word starts here: the character alone, with frequency 1
        bestEnd = i + 1;
        best = d.negLogTotal + score[i + 1]!;
      }
      score[i] = best;
      route[i] = bestEnd;
      routeRecord[i] = bestRecord;
    }
  }

  /**
   * jieba's HMM on a run of Han characters (U+4E00–U+9FD5), jieba-rs's hmm::cut_internal: Viterbi over
   * the states B, E, M, S; of equal probabilities the later state wins, as jieba-rs compares (probability, state).
   */
  private viterbi(text: string, s: number, e: number, out: DagWord[]): void {
    const h = this.hmm;
    const n = e - s;
    if (this.vit.length < n * 4) {
      this.vit = new Float64Array(n * 8);
      this.back = new Uint8Array(n * 8);
      this.path = new Uint8Array(n * 2);
    }
    const V = this.vit;
    const back = this.back;
    const c0 = text.charCodeAt(s);
    for (let y = 0; y < 4; y++) V[y] = h.start[y]! + h.emit[y]![c0]!;
    for (let t = 1; t < n; t++) {
      const c = text.charCodeAt(s + t);
      for (let y = 0; y < 4; y++) {
        const em = h.emit[y]![c]!;
        const a = PREV[2 * y]!;
        const b = PREV[2 * y + 1]!;
        const pa = V[(t - 1) * 4 + a]! + h.trans[a * 4 + y]! + em;
        const pb = V[(t - 1) * 4 + b]! + h.trans[b * 4 + y]! + em;
        const takeB = pb > pa || (pb === pa && b > a);
        V[t * 4 + y] = takeB ? pb : pa;
        back[t * 4 + y] = takeB ? b : a;
      }
    }
    const last = (n - 1) * 4;
    // the last state is E or S; S (the later) on a tie
    let state = V[last + 3]! >= V[last + 1]! ? 3 : 1;
    const path = this.path;
    for (let t = n - 1; t >= 0; t--) {
      path[t] = state;
      state = back[t * 4 + state]!;
    }
    let begin = 0;
    let nextI = 0;
    for (let i = 0; i < n; i++) {
      const st = path[i]!;
      if (st === 0) begin = i;
      else if (st === 1 || st === 3) {
        this.pushWord(text, s + (st === 1 ? begin : i), s + i + 1, out);
        nextI = i + 1;
      }
    }
    if (nextI < n) this.pushWord(text, s + nextI, e, out);
  }

  /**
   * jieba's HMM on a run of single characters of the route (jieba-rs's hmm::cut): Han stretches
   * (U+4E00–U+9FD5) by Viterbi (one character alone as it is); between them, runs of letters and digits
   * (with a decimal part and %) and the text between those, each as one word.
   */
  private hmmCut(text: string, s: number, e: number, out: DagWord[]): void {
    let i = s;
    while (i < e) {
      let j = i + 1;
      if (isHmmHan(text.charCodeAt(i))) {
        while (j < e && isHmmHan(text.charCodeAt(j))) j++;
        if (j - i > 1) this.viterbi(text, i, j, out);
        else this.pushWord(text, i, j, out);
      } else {
        while (j < e && !isHmmHan(text.charCodeAt(j))) j++;
        const part = text.slice(i, j);
        HMM_SKIP.lastIndex = 0;
        let at = 0;
        for (let m = HMM_SKIP.exec(part); m; m = HMM_SKIP.exec(part)) {
          if (m.index > at) this.pushWord(text, i + at, i + m.index, out);
          this.pushWord(text, i + m.index, i + m.index + m[0].length, out);
          at = m.index + m[0].length;
        }
        if (at < part.length) this.pushWord(text, i + at, j, out);
      }
      i = j;
    }
  }

  /** The words of one block text[s, e) of Han characters, letters, digits and +#&._%- (jieba-rs's cut_dag_hmm). */
  private block(text: string, s: number, e: number, out: DagWord[]): void {
    this.calc(text, s, e);
    const route = this.route;
    const len = e - s;
    let x = 0;
    let left = -1;
    while (x < len) {
      const y = route[x]!;
      if (y - x === 1) {
        if (left < 0) left = x;
      } else {
        if (left >= 0) {
          this.flush(text, s + left, s + x, out);
          left = -1;
        }
        // a word of two characters or more on the route is a dictionary word
        const node = this.routeRecord[x]!;
        out.push({ word: this.wordOf(text, s + x, s + y, node), tag: this.dict.tagOfNode(node), start: s + x, end: s + y });
      }
      x = y;
    }
    if (left >= 0) this.flush(text, s + left, e, out);
  }

  /**
   * Single characters of the route waiting in text[s, e): one alone as it is; a run that is one dictionary
   * word, character by character; any other run goes to the HMM (jieba-rs's cut_dag_hmm).
   */
  private flush(text: string, s: number, e: number, out: DagWord[]): void {
    if (e - s === 1) this.pushWord(text, s, e, out);
    else if (this.dict.lookup(text, s, e) >= 0) for (let k = s; k < e; k++) this.pushWord(text, k, k + 1, out);
    else this.hmmCut(text, s, e, out);
  }

  /**
   * Every non-blank word of text[s, e) with its tag and offsets, as jieba-wasm's tag(text.slice(s, e), true)
   * gives them. The text must hold no surrogate pair (jieba counts one as a character).
   */
  segment(text: string, s: number, e: number, out: DagWord[]): void {
    let i = s;
    while (i < e) {
      if (isBlockCode(text.charCodeAt(i))) {
        let j = i + 1;
        while (j < e && isBlockCode(text.charCodeAt(j))) j++;
        this.block(text, i, j, out);
        i = j;
      } else {
        // anything else is a word of its own (white space, left out)
        const w = this.wordOf(text, i, i + 1, -1);
        if (w.trim()) out.push({ word: w, tag: this.tagOf(text, i, i + 1), start: i, end: i + 1 });
        i++;
      }
    }
  }

  /**
   * The tag jieba-wasm's tag(word, false) gives when it keeps `word` (Han characters of the BMP only) as
   * one word, or undefined when it cuts it.
   */
  wholeWordTag(word: string): string | undefined {
    if (!/^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/.test(word)) throw new Error('zh-dag: wholeWordTag takes Han characters only');
    this.calc(word, 0, word.length);
    if (this.route[0] !== word.length) return undefined;
    return this.tagOf(word, 0, word.length);
  }
}

/**
 * Fixed sentences and jieba-wasm 2.4.0's tag(sentence, true) of them: dictionary words and their tags,
 * words that the HMM joins (小明, 杭研, 武田信, 线于) and runs of letters, digits and % inside Han text. A
 * route that does not give exactly these (a table read wrongly, another jieba-wasm with other data) is not used.
 */
const SELF_CHECK: Array<[string, string]> = [
  ['小明硕士毕业于中国科学院计算所，后在日本京都大学深造', '小明/x 硕士/n 毕业/n 于/p 中国科学院/nt 计算所/n ，/x 后/f 在/p 日本京都大学/nt 深造/v'],
  ['他来到了网易杭研大厦', '他/r 来到/v 了/ul 网易/n 杭研/x 大厦/n'],
  ['武田信玄与织田信长、石田三成都是战国时代的武将', '武田信/x 玄/zg 与/p 织田信长/n 、/x 石田/x 三/m 成都/ns 是/v 战国时代/n 的/uj 武将/n'],
  ['港铁40M线于1988年开通，票价上涨12.5%，AT&T与A股', '港铁/x 40M/eng 线于/x 1988/m 年/m 开通/v ，/x 票价/n 上涨/v 12.5%/m ，/x AT&T/nz 与/p A股/n'],
];

function passesSelfCheck(d: ZhDag): boolean {
  return SELF_CHECK.every(([text, want]) => {
    const out: DagWord[] = [];
    d.segment(text, 0, text.length, out);
    return out.map((w) => `${w.word}/${w.tag}`).join(' ') === want;
  });
}

/**
 * The route over the dictionary and HMM read from the bytes of jieba-wasm's .wasm, or null when they are
 * not found there or do not give the self-check's words and tags (callers then use jieba-wasm's own calls).
 */
export function zhDagFrom(wasm: Buffer): ZhDag | null {
  try {
    const data = wasmData(wasm);
    const text = data ? dictText(data.largest) : undefined;
    const hmm = data ? hmmModel(data.mem) : undefined;
    const d = text && hmm ? new ZhDag(buildDict(text), hmm) : null;
    return d && passesSelfCheck(d) ? d : null;
  } catch {
    return null;
  }
}

let dag: ZhDag | null | undefined;

/** The JavaScript route over jieba-wasm's dictionary and HMM (read once per thread), or null when they cannot be read here. */
export function zhDag(): ZhDag | null {
  if (dag !== undefined) return dag;
  const path = wasmPath();
  dag = path ? zhDagFrom(readFileSync(path)) : null;
  return dag;
}

/** Tests only: use `d` (null: jieba-wasm's own calls) until called again with undefined. */
export function setZhDagForTesting(d: ZhDag | null | undefined): void {
  dag = d;
}
