/**
 * A string → non-negative integer map in one Int32Array (open addressing, linear probing), for the maps
 * with one entry per document (a million at scale). The keys are not stored: the owner gives `keyAt(value)`,
 * the key of an entry from its value (a document's id from its location or its row), which is compared on
 * every probe. About 8 bytes an entry at most, against ~90 for a JavaScript Map<string, number>.
 */
const EMPTY = -1;
const GONE = -2;

/** FNV-1a over the UTF-16 code units. */
function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class IdIndex {
  private table: Int32Array;
  private mask: number;
  /** Live entries. */
  private live = 0;
  /** Live and deleted slots (a probe sequence ends only at an empty slot). */
  private taken = 0;

  constructor(
    private readonly keyAt: (value: number) => string,
    expected = 0,
  ) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.table = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  get size(): number {
    return this.live;
  }

  /** The value of `key`, or -1. */
  get(key: string): number {
    const t = this.table;
    for (let i = hashOf(key) & this.mask; ; i = (i + 1) & this.mask) {
      const v = t[i]!;
      if (v === EMPTY) return -1;
      if (v !== GONE && this.keyAt(v) === key) return v;
    }
  }

  has(key: string): boolean {
    return this.get(key) >= 0;
  }

  /** Sets the value of `key` (0 ≤ value < 2^31); `keyAt(value)` must already give `key`. */
  set(key: string, value: number): void {
    if ((this.taken + 1) * 2 > this.table.length) this.rehash();
    const t = this.table;
    let free = -1;
    for (let i = hashOf(key) & this.mask; ; i = (i + 1) & this.mask) {
      const v = t[i]!;
      if (v === EMPTY) {
        if (free < 0) {
          free = i;
          this.taken++;
        }
        t[free] = value;
        this.live++;
        return;
      }
      if (v === GONE) {
        if (free < 0) free = i;
      } else if (this.keyAt(v) === key) {
        t[i] = value;
        return;
      }
    }
  }

  /** Removes `key`; returns its value, or -1 when absent. */
  delete(key: string): number {
    const t = this.table;
    for (let i = hashOf(key) & this.mask; ; i = (i + 1) & this.mask) {
      const v = t[i]!;
      if (v === EMPTY) return -1;
      if (v !== GONE && this.keyAt(v) === key) {
        t[i] = GONE;
        this.live--;
        return v;
      }
    }
  }

  clear(): void {
    this.table = new Int32Array(16).fill(EMPTY);
    this.mask = 15;
    this.live = 0;
    this.taken = 0;
  }

  /** Every live value, in table order. */
  *values(): Generator<number> {
    for (const v of this.table) if (v >= 0) yield v;
  }

  /** A table sized for the live entries, without deleted slots (keys from `keyAt`: values must still resolve). */
  private rehash(): void {
    const old = this.table;
    let cap = 16;
    while (cap < (this.live + 1) * 4) cap *= 2;
    this.table = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
    this.taken = 0;
    this.live = 0;
    for (const v of old) {
      if (v < 0) continue;
      const t = this.table;
      let i = hashOf(this.keyAt(v)) & this.mask;
      while (t[i] !== EMPTY) i = (i + 1) & this.mask;
      t[i] = v;
      this.taken++;
      this.live++;
    }
  }
}
