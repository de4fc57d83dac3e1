// Counting byte-pair-encoding tokens, fast: the text is split into pieces by the tokenizer's regular
// expression; each distinct piece is merged once and its count cached (words repeat: most pieces of running
// text are cache hits). Merging works on token ids: the rank of merging two adjacent parts is one probe of an
// integer-keyed table (a dense table for two single bytes, open addressing in typed arrays for the rest),
// not a string lookup in a Map of 200,000 byte strings (three to ten times slower here, all cache misses).
// Short pieces are merged by scanning for the lowest rank; long ones (runs of spaces, unbroken Chinese,
// base64) through a heap, O(n log n).
//
// Two merge rules:
//  - 'tiktoken' (OpenAI's cl100k_base, o200k_base): a piece that is itself a token counts 1; otherwise
//    adjacent parts merge, lowest rank (= id) of their concatenation first, leftmost on ties. The pair table
//    holds every split of every token into two tokens.
//  - 'merges' (Hugging Face BPE as Qwen uses it): adjacent parts merge by the rank of the PAIR in the merges
//    list, lowest first, leftmost on ties.
// Only counts are computed, never token ids of the output; they equal the length of the reference encoders'
// output (js-tiktoken; the Hugging Face tokenizer for Qwen), which the unit tests and the bench check.

const NONE = 0x7fffffff;

export interface BpeSpec {
  /** The pre-tokenizer: every match is a piece (global and unicode flags). */
  pattern: RegExp;
  mode: 'tiktoken' | 'merges';
  /** Token bytes (a latin1 string of the UTF-8 bytes) → token id; for tiktoken the id is the rank. */
  vocab: Map<string, number>;
  /** 'merges' mode: the merges in rank order, as [left bytes, right bytes] (latin1 strings). */
  merges?: readonly (readonly [string, string])[];
  /** Unicode normalisation applied before splitting (Qwen: NFC). */
  normalize?: 'NFC';
  /** Strings that are one token wherever they occur, matched before splitting (Hugging Face added tokens). */
  atomic?: readonly string[];
}

/** (left id, right id) → (merged id, rank), open addressing with linear probing in typed arrays. */
class PairTable {
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  readonly merged: Int32Array;
  readonly rank: Int32Array;
  private readonly mask: number;

  constructor(entries: number) {
    let cap = 1024;
    while (cap < entries * 2) cap *= 2;
    this.left = new Int32Array(cap).fill(-1);
    this.right = new Int32Array(cap);
    this.merged = new Int32Array(cap);
    this.rank = new Int32Array(cap);
    this.mask = cap - 1;
  }

  private hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    return h & this.mask;
  }

  /** Adds a pair unless present (the first rank wins). */
  add(a: number, b: number, merged: number, rank: number): void {
    let h = this.hash(a, b);
    while (this.left[h] !== -1) {
      if (this.left[h] === a && this.right[h] === b) return;
      h = (h + 1) & this.mask;
    }
    this.left[h] = a;
    this.right[h] = b;
    this.merged[h] = merged;
    this.rank[h] = rank;
  }

  /** The slot of a pair, or -1. */
  find(a: number, b: number): number {
    let h = this.hash(a, b);
    for (;;) {
      const l = this.left[h]!;
      if (l === -1) return -1;
      if (l === a && this.right[h] === b) return h;
      h = (h + 1) & this.mask;
    }
  }
}

const CACHE_LIMIT = 200_000;
const HEAP_FROM = 96;

function latin1Bytes(piece: string): string {
  for (let i = 0; i < piece.length; i++) if (piece.charCodeAt(i) > 0x7f) return Buffer.from(piece, 'utf8').toString('latin1');
  return piece;
}

export class BpeCounter {
  private readonly cache = new Map<string, number>();
  private readonly pattern: RegExp;
  private readonly atomic: RegExp | undefined;
  private readonly table: PairTable;
  /** Token id of each single byte. */
  private readonly byteId = new Int32Array(256);
  /** Slot in `table` of each pair of single bytes (hi << 8 | lo), or -1. */
  private readonly byteSlot = new Int32Array(65536).fill(-1);
  private ids = new Int32Array(256);
  private pairRank = new Int32Array(256);
  private pairMerged = new Int32Array(256);

  constructor(private readonly spec: BpeSpec) {
    if (!spec.pattern.global || !spec.pattern.unicode) throw new Error('the BPE pattern must have the g and u flags');
    this.pattern = spec.pattern;
    const atomic = (spec.atomic ?? []).filter(Boolean);
    this.atomic = atomic.length ? new RegExp([...atomic].sort((a, b) => b.length - a.length).map((a) => a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g') : undefined;
    const { vocab } = spec;
    for (let b = 0; b < 256; b++) {
      const id = vocab.get(String.fromCharCode(b));
      if (id === undefined) throw new Error(`the vocabulary has no token for byte ${b}`);
      this.byteId[b] = id;
    }
    if (spec.mode === 'tiktoken') {
      // Every split of a token into two tokens is a pair that merges into it, at the token's rank.
      const pairs: number[] = [];
      for (const [s, id] of vocab) {
        for (let k = 1; k < s.length; k++) {
          const a = vocab.get(s.slice(0, k));
          if (a === undefined) continue;
          const b = vocab.get(s.slice(k));
          if (b !== undefined) pairs.push(a, b, id);
        }
      }
      this.table = new PairTable(pairs.length / 3);
      for (let i = 0; i < pairs.length; i += 3) this.table.add(pairs[i]!, pairs[i + 1]!, pairs[i + 2]!, pairs[i + 2]!);
    } else {
      const merges = spec.merges ?? [];
      this.table = new PairTable(merges.length);
      merges.forEach(([l, r], rank) => {
        const a = vocab.get(l);
        const b = vocab.get(r);
        const m = vocab.get(l + r);
        if (a !== undefined && b !== undefined && m !== undefined) this.table.add(a, b, m, rank);
      });
    }
    for (let hi = 0; hi < 256; hi++) for (let lo = 0; lo < 256; lo++) this.byteSlot[(hi << 8) | lo] = this.table.find(this.byteId[hi]!, this.byteId[lo]!);
  }

  /** Number of tokens of `text` (special-token strings count as ordinary text unless `atomic`). */
  count(text: string): number {
    if (!text) return 0;
    const a = this.atomic;
    if (a) {
      a.lastIndex = 0;
      if (a.test(text)) {
        // Added tokens count one each; the text between them is counted as usual.
        let n = 0;
        let from = 0;
        a.lastIndex = 0;
        for (let m = a.exec(text); m !== null; m = a.exec(text)) {
          n += this.countRun(text.slice(from, m.index)) + 1;
          from = m.index + m[0].length;
        }
        return n + this.countRun(text.slice(from));
      }
    }
    return this.countRun(text);
  }

  private countRun(text: string): number {
    if (!text) return 0;
    const t = this.spec.normalize ? text.normalize(this.spec.normalize) : text;
    const re = this.pattern;
    re.lastIndex = 0;
    const cache = this.cache;
    let total = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      const piece = m[0];
      if (piece.length === 0) {
        re.lastIndex++;
        continue;
      }
      let n = cache.get(piece);
      if (n === undefined) {
        n = this.countPiece(latin1Bytes(piece));
        if (cache.size >= CACHE_LIMIT) cache.clear();
        cache.set(piece, n);
      }
      total += n;
    }
    return total;
  }

  /** Tokens of one piece given as a latin1 string of its UTF-8 bytes. */
  countPiece(p: string): number {
    const n = p.length;
    if (n <= 1) return n;
    if (this.spec.mode === 'tiktoken' && this.spec.vocab.has(p)) return 1;
    return n >= HEAP_FROM ? this.mergeHeap(p) : this.mergeScan(p);
  }

  /** Lowest-rank-first merging by scanning (short pieces). */
  private mergeScan(p: string): number {
    const n = p.length;
    if (this.ids.length < n) {
      this.ids = new Int32Array(n * 2);
      this.pairRank = new Int32Array(n * 2);
      this.pairMerged = new Int32Array(n * 2);
    }
    const ids = this.ids;
    const rank = this.pairRank;
    const merged = this.pairMerged;
    const table = this.table;
    for (let i = 0; i < n; i++) ids[i] = this.byteId[p.charCodeAt(i)]!;
    for (let i = 0; i < n - 1; i++) {
      const slot = this.byteSlot[(p.charCodeAt(i) << 8) | p.charCodeAt(i + 1)]!;
      rank[i] = slot < 0 ? NONE : table.rank[slot]!;
      merged[i] = slot < 0 ? 0 : table.merged[slot]!;
    }
    let m = n;
    for (;;) {
      let best = NONE;
      let at = -1;
      for (let i = 0; i < m - 1; i++) {
        if (rank[i]! < best) {
          best = rank[i]!;
          at = i;
        }
      }
      if (at < 0) break;
      ids[at] = merged[at]!;
      for (let i = at + 1; i < m - 1; i++) {
        ids[i] = ids[i + 1]!;
        rank[i] = rank[i + 1]!;
        merged[i] = merged[i + 1]!;
      }
      m--;
      for (const i of [at - 1, at]) {
        if (i < 0 || i >= m - 1) continue;
        const slot = table.find(ids[i]!, ids[i + 1]!);
        rank[i] = slot < 0 ? NONE : table.rank[slot]!;
        merged[i] = slot < 0 ? 0 : table.merged[slot]!;
      }
    }
    return m;
  }

  /** The same merging with a linked list and a binary heap keyed by (rank, position): long pieces. */
  private mergeHeap(p: string): number {
    const n = p.length;
    const table = this.table;
    const ids = new Int32Array(n);
    const next = new Int32Array(n);
    const prev = new Int32Array(n);
    const stamp = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      ids[i] = this.byteId[p.charCodeAt(i)]!;
      next[i] = i + 1 < n ? i + 1 : -1;
      prev[i] = i - 1;
    }
    // Heap entries: key = rank * 2^24 + position (exact in a double), with the node's stamp when pushed.
    let keys = new Float64Array(n);
    let stamps = new Int32Array(n);
    let size = 0;
    const push = (key: number, st: number) => {
      if (size === keys.length) {
        const k2 = new Float64Array(size * 2);
        k2.set(keys);
        keys = k2;
        const s2 = new Int32Array(size * 2);
        s2.set(stamps);
        stamps = s2;
      }
      let i = size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (keys[parent]! <= key) break;
        keys[i] = keys[parent]!;
        stamps[i] = stamps[parent]!;
        i = parent;
      }
      keys[i] = key;
      stamps[i] = st;
    };
    let topKey = 0;
    let topStamp = 0;
    const pop = () => {
      topKey = keys[0]!;
      topStamp = stamps[0]!;
      size--;
      if (size === 0) return;
      const key = keys[size]!;
      const st = stamps[size]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= size) break;
        if (c + 1 < size && keys[c + 1]! < keys[c]!) c++;
        if (keys[c]! >= key) break;
        keys[i] = keys[c]!;
        stamps[i] = stamps[c]!;
        i = c;
      }
      keys[i] = key;
      stamps[i] = st;
    };
    const SCALE = 16777216;
    const pushPair = (i: number) => {
      stamp[i]!++;
      const j = next[i]!;
      if (j < 0) return;
      const slot = table.find(ids[i]!, ids[j]!);
      if (slot >= 0) push(table.rank[slot]! * SCALE + i, stamp[i]!);
    };
    for (let i = 0; i < n - 1; i++) pushPair(i);
    let parts = n;
    while (size > 0) {
      pop();
      const i = topKey % SCALE;
      if (stamp[i] !== topStamp) continue; // stale: node i's pair changed since
      const j = next[i]!;
      const slot = table.find(ids[i]!, ids[j]!);
      ids[i] = table.merged[slot]!;
      next[i] = next[j]!;
      if (next[j]! >= 0) prev[next[j]!] = i;
      stamp[j]!++;
      parts--;
      pushPair(i);
      if (prev[i]! >= 0) pushPair(prev[i]!);
    }
    return parts;
  }
}
