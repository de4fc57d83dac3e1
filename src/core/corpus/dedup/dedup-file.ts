// The near-duplicate fingerprints of an index (dedup/lsh.ts DedupIndex) as one binary file, written in chunks
// and read with one file read: at a million documents the JSON form (base64 sketches of up to 1,024 ranks a
// document) would be gigabytes of string, past what one JavaScript string can hold.
//
//   "CCD1" u32 headerLength, header JSON (params, count), padding to 8, then per document:
//   u32 idBytes, id (UTF-8), u32 shaBytes, sha256 (its hex, UTF-8), u32 shingles, u32 rankCount, u32 passageCount, padding to 8,
//   f64 limit, u32 × (bands×rows) signature, u32 × rankCount ranks, padding to 8, f64 × passageCount passage
//   hashes, u32 × passageCount passage shingles, padding to 8.
import { DedupIndex, type DedupIndexJson } from './lsh';

export const DEDUP_MAGIC = 0x31444343; // "CCD1" little-endian
const CHUNK = 4 << 20;

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/** The file's bytes, in chunks of about 4 MB (never the whole file in one buffer). */
export function* dedupFileChunks(idx: DedupIndex): Generator<Uint8Array> {
  const params = { ...idx.params, threshold: idx.threshold, containment: idx.containment, minShingles: idx.minShingles, sketchSize: idx.sketchSize };
  const sigLen = idx.params.bands * idx.params.rows;
  const head = Buffer.from(JSON.stringify({ params, count: idx.size, sigLen }), 'utf8');
  const first = Buffer.alloc(8 + head.length + pad8(8 + head.length));
  first.writeUInt32LE(DEDUP_MAGIC, 0);
  first.writeUInt32LE(head.length, 4);
  head.copy(first, 8);
  yield first;
  let buf = Buffer.alloc(CHUNK);
  let at = 0;
  for (const e of idx.fingerprints()) {
    const id = Buffer.from(e.id, 'utf8');
    const sha = Buffer.from(e.sha256, 'utf8');
    const a = 4 + id.length + 4 + sha.length + 12;
    const size = a + pad8(a) + 8 + sigLen * 4 + e.sketch.ranks.length * 4;
    const b = size + pad8(size) + e.passages.length * 12;
    const total = b + pad8(b);
    if (at + total > buf.length) {
      if (at > 0) yield buf.subarray(0, at);
      buf = Buffer.alloc(Math.max(CHUNK, total));
      at = 0;
    }
    let p = at;
    buf.writeUInt32LE(id.length, p);
    id.copy(buf, p + 4);
    p += 4 + id.length;
    buf.writeUInt32LE(sha.length, p);
    sha.copy(buf, p + 4);
    p += 4 + sha.length;
    buf.writeUInt32LE(e.sig.shingles, p);
    buf.writeUInt32LE(e.sketch.ranks.length, p + 4);
    buf.writeUInt32LE(e.passages.length, p + 8);
    p += 12;
    p += pad8(p - at);
    buf.writeDoubleLE(e.sketch.limit, p);
    p += 8;
    if (e.sig.sig.length !== sigLen) throw new Error(`document ${e.id} has a signature of ${e.sig.sig.length} hashes`);
    Buffer.from(e.sig.sig.buffer, e.sig.sig.byteOffset, e.sig.sig.byteLength).copy(buf, p);
    p += sigLen * 4;
    Buffer.from(e.sketch.ranks.buffer, e.sketch.ranks.byteOffset, e.sketch.ranks.byteLength).copy(buf, p);
    p += e.sketch.ranks.byteLength;
    p += pad8(p - at);
    for (const h of e.passages) {
      buf.writeDoubleLE(h, p);
      p += 8;
    }
    for (const n of e.passageShingles) {
      buf.writeUInt32LE(n, p);
      p += 4;
    }
    p += pad8(p - at);
    at = p;
  }
  if (at > 0) yield buf.subarray(0, at);
}

/** Parses a file written by dedupFileChunks; throws on any inconsistency (the owner then rebuilds). */
export function readDedupFile(buf: Buffer): DedupIndex {
  if (buf.length < 8 || buf.readUInt32LE(0) !== DEDUP_MAGIC) throw new Error('not a near-duplicate signature file');
  const hl = buf.readUInt32LE(4);
  if (8 + hl > buf.length) throw new Error('truncated near-duplicate signature file');
  const head = JSON.parse(buf.toString('utf8', 8, 8 + hl)) as { params: DedupIndexJson['params']; count: number; sigLen: number };
  const idx = new DedupIndex(head.params);
  const sigLen = head.sigLen;
  if (sigLen !== idx.params.bands * idx.params.rows) throw new Error('near-duplicate signature file of other parameters');
  // Typed arrays are copied out so that the file's buffer can be freed.
  const bytes = buf.byteOffset % 8 === 0 ? buf : Buffer.from(buf);
  let p = 8 + hl;
  p += pad8(p);
  for (let n = 0; n < head.count; n++) {
    const start = p;
    if (p + 4 > bytes.length) throw new Error('truncated near-duplicate signature file');
    const idLen = bytes.readUInt32LE(p);
    const id = bytes.toString('utf8', p + 4, p + 4 + idLen);
    p += 4 + idLen;
    const shaLen = bytes.readUInt32LE(p);
    const sha256 = bytes.toString('utf8', p + 4, p + 4 + shaLen);
    p += 4 + shaLen;
    const shingles = bytes.readUInt32LE(p);
    const nRanks = bytes.readUInt32LE(p + 4);
    const nPass = bytes.readUInt32LE(p + 8);
    p += 12;
    p += pad8(p - start);
    const end = p + 8 + sigLen * 4 + nRanks * 4;
    if (end + nPass * 12 > bytes.length) throw new Error('truncated near-duplicate signature file');
    const limit = bytes.readDoubleLE(p);
    p += 8;
    const sig = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + p, bytes.byteOffset + p + sigLen * 4));
    p += sigLen * 4;
    const ranks = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + p, bytes.byteOffset + p + nRanks * 4));
    p += nRanks * 4;
    p += pad8(p - start);
    const passages: number[] = new Array<number>(nPass);
    for (let i = 0; i < nPass; i++) passages[i] = bytes.readDoubleLE(p + i * 8);
    p += nPass * 8;
    const passageShingles: number[] = new Array<number>(nPass);
    for (let i = 0; i < nPass; i++) passageShingles[i] = bytes.readUInt32LE(p + i * 4);
    p += nPass * 4;
    p += pad8(p - start);
    idx.addFingerprint(id, { sig: { sig, shingles }, sketch: { limit, ranks }, passages, passageShingles }, sha256);
  }
  if (p !== bytes.length) throw new Error('near-duplicate signature file has trailing bytes');
  return idx;
}
