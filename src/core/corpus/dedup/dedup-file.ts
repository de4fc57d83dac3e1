// The near-duplicate fingerprints of an index (dedup/lsh.ts DedupIndex) as one binary file, written in chunks:
// at a million documents the JSON form (base64 sketches of up to 1,024 ranks a document) would be gigabytes of
// string, past what one JavaScript string can hold. An index opened from `.curator/` reads its records from the
// file when it needs them (fp-store.ts) instead of loading them all.
//
//   "CCD1" u32 headerLength, header JSON (params, count), padding to 8, then one record per document (fp-store.ts),
//   then, when the index's last clustering is current, its links (lsh.ts compute reuses them after a change):
//   "CCL1" u32 linkCount, the representatives as a bitset over the records (padded to 4 bytes), and per link
//   u32 from-record, u32 to-record, u32 how (0 jaccard, 1 containment), u32 0, f64 jaccard, f64 containment.
//   A file without them (written by older code) opens the same; its first clustering compares everything.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { DedupIndex, type DedupIndexJson } from './lsh';
import { decodeRecord, recordSizeAt } from './fp-store';

export const DEDUP_MAGIC = 0x31444343; // "CCD1" little-endian
export const LINKS_MAGIC = 0x314c4343; // "CCL1" little-endian
const CHUNK = 4 << 20;

const pad8 = (n: number) => (8 - (n % 8)) % 8;

type Head = { params: DedupIndexJson['params']; count: number; sigLen: number };

/** Where each document's record landed in the file, filled while the chunks are written. */
export type DedupLayout = { id: string; offset: number; size: number }[];

/** The file's bytes, in chunks of about 4 MB (never the whole file in one buffer); `layout` gets each record's place. */
export function* dedupFileChunks(idx: DedupIndex, layout?: DedupLayout): Generator<Uint8Array> {
  const params = { ...idx.params, threshold: idx.threshold, containment: idx.containment, minShingles: idx.minShingles, sketchSize: idx.sketchSize };
  const sigLen = idx.params.bands * idx.params.rows;
  const head = Buffer.from(JSON.stringify({ params, count: idx.size, sigLen }), 'utf8');
  const first = Buffer.alloc(8 + head.length + pad8(8 + head.length));
  first.writeUInt32LE(DEDUP_MAGIC, 0);
  first.writeUInt32LE(head.length, 4);
  head.copy(first, 8);
  yield first;
  let written = first.length;
  let buf = Buffer.alloc(CHUNK);
  let at = 0;
  const state = idx.linkState();
  const slots: number[] = [];
  for (const { id, slot, bytes } of idx.recordBytes()) {
    if (state) slots.push(slot);
    if (at + bytes.length > buf.length) {
      if (at > 0) yield buf.subarray(0, at);
      buf = Buffer.alloc(Math.max(CHUNK, bytes.length));
      at = 0;
    }
    bytes.copy(buf, at);
    layout?.push({ id, offset: written, size: bytes.length });
    at += bytes.length;
    written += bytes.length;
  }
  if (at > 0) yield buf.subarray(0, at);
  if (!state) return;
  // The links' records by number, and the representatives' bitset.
  const wanted = new Map<string, number>();
  for (const [from, list] of state.links) {
    wanted.set(from, -1);
    for (const l of list) wanted.set(l.to, -1);
  }
  const bits = Buffer.alloc(Math.ceil(slots.length / 32) * 4);
  slots.forEach((slot, n) => {
    if (state.isRep(slot)) bits[n >> 3]! |= 1 << (n & 7);
  });
  let n = 0;
  for (const [id] of idx.slotsInOrder()) {
    if (wanted.has(id)) wanted.set(id, n);
    n++;
  }
  let count = 0;
  for (const list of state.links.values()) count += list.length;
  const head2 = Buffer.alloc(8);
  head2.writeUInt32LE(LINKS_MAGIC, 0);
  head2.writeUInt32LE(count, 4);
  yield head2;
  yield bits;
  const body = Buffer.alloc(count * 32);
  let p = 0;
  for (const [from, list] of state.links) {
    for (const l of list) {
      body.writeUInt32LE(wanted.get(from)!, p);
      body.writeUInt32LE(wanted.get(l.to)!, p + 4);
      body.writeUInt32LE(l.link.how === 'containment' ? 1 : 0, p + 8);
      body.writeDoubleLE(l.link.jaccard, p + 16);
      body.writeDoubleLE(l.link.containment, p + 24);
      p += 32;
    }
  }
  yield body;
}

/** Reads the links trailer at `p` (see the file's layout) into the index; throws when it is not one. */
function readLinks(read: (pos: number, len: number) => Buffer, p: number, total: number, count: number, idx: DedupIndex): void {
  if (p + 8 > total) throw new Error('near-duplicate signature file has trailing bytes');
  const h = read(p, 8);
  if (h.readUInt32LE(0) !== LINKS_MAGIC) throw new Error('near-duplicate signature file has trailing bytes');
  const links = h.readUInt32LE(4);
  const bitBytes = Math.ceil(count / 32) * 4;
  if (p + 8 + bitBytes + links * 32 !== total) throw new Error('near-duplicate links of the wrong size');
  const bits = Buffer.from(read(p + 8, bitBytes));
  const body = Buffer.from(read(p + 8 + bitBytes, links * 32));
  const list: { from: number; to: number; link: { how: 'jaccard' | 'containment'; jaccard: number; containment: number } }[] = [];
  for (let q = 0; q < body.length; q += 32) {
    const from = body.readUInt32LE(q);
    const to = body.readUInt32LE(q + 4);
    if (from >= count || to >= count) throw new Error('near-duplicate links name a record that is not there');
    list.push({ from, to, link: { how: body.readUInt32LE(q + 8) === 1 ? 'containment' : 'jaccard', jaccard: body.readDoubleLE(q + 16), containment: body.readDoubleLE(q + 24) } });
  }
  idx.restoreLinks((n) => (bits[n >> 3]! & (1 << (n & 7))) !== 0, list);
}

function parseHead(buf: Buffer): { head: Head; start: number } {
  if (buf.length < 8 || buf.readUInt32LE(0) !== DEDUP_MAGIC) throw new Error('not a near-duplicate signature file');
  const hl = buf.readUInt32LE(4);
  if (8 + hl > buf.length) throw new Error('truncated near-duplicate signature file');
  const head = JSON.parse(buf.toString('utf8', 8, 8 + hl)) as Head;
  return { head, start: 8 + hl + pad8(8 + hl) };
}

function indexFor(head: Head, opts: { memoryBudget?: number } = {}): DedupIndex {
  const idx = new DedupIndex({ ...head.params, ...opts });
  if (head.sigLen !== idx.params.bands * idx.params.rows) throw new Error('near-duplicate signature file of other parameters');
  return idx;
}

/** Parses a file's bytes written by dedupFileChunks into an index held in memory; throws on any inconsistency (the owner then rebuilds). */
export function readDedupFile(buf: Buffer): DedupIndex {
  const { head, start } = parseHead(buf);
  const idx = indexFor(head);
  let p = start;
  for (let n = 0; n < head.count; n++) {
    const r = decodeRecord(buf, p, head.sigLen);
    idx.addFingerprint(r.id, r.fp, r.sha256);
    p += r.size;
  }
  if (p !== buf.length) readLinks((pos, len) => buf.subarray(pos, pos + len), p, buf.length, head.count, idx);
  return idx;
}

/**
 * Opens a signature file: only each record's place is read (its head), the records themselves when the index
 * needs them. Throws on any inconsistency (the owner then rebuilds).
 */
export function openDedupFile(path: string): DedupIndex {
  const fd = openSync(path, 'r');
  try {
    const total = fstatSync(fd).size;
    const first = Buffer.alloc(Math.min(total, 1 << 16));
    readSync(fd, first, 0, first.length, 0);
    const hl = first.length >= 8 ? first.readUInt32LE(4) : 0;
    const headBuf = 8 + hl > first.length ? Buffer.alloc(8 + hl) : first;
    if (headBuf !== first) readSync(fd, headBuf, 0, headBuf.length, 0);
    const { head, start } = parseHead(headBuf);
    const idx = indexFor(head);
    const layout: DedupLayout = [];
    // Record heads read through a window of the file.
    const win = Buffer.alloc(1 << 20);
    let winAt = -1;
    let winLen = 0;
    let p = start;
    for (let n = 0; n < head.count; n++) {
      if (p + 4 > total) throw new Error('truncated near-duplicate signature file');
      if (winAt < 0 || p < winAt || p + 8192 > winAt + winLen) {
        winAt = p;
        winLen = readSync(fd, win, 0, Math.min(win.length, total - p), p);
      }
      const local = win.subarray(0, winLen);
      const size = recordSizeAt(local, p - winAt, head.sigLen);
      const idLen = local.readUInt32LE(p - winAt);
      const id = local.toString('utf8', p - winAt + 4, p - winAt + 4 + idLen);
      if (p + size > total) throw new Error('truncated near-duplicate signature file');
      layout.push({ id, offset: p, size });
      p += size;
    }
    idx.useFile(path, layout);
    if (p !== total) {
      readLinks(
        (pos, len) => {
          const b = Buffer.alloc(len);
          let got = 0;
          while (got < len) {
            const k = readSync(fd, b, got, len - got, pos + got);
            if (k === 0) throw new Error('truncated near-duplicate signature file');
            got += k;
          }
          return b;
        },
        p,
        total,
        head.count,
        idx,
      );
    }
    return idx;
  } finally {
    closeSync(fd);
  }
}
