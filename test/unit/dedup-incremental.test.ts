// The near-duplicate clustering is incremental (dedup/lsh.ts compute): after documents are added, changed or
// removed, only pairs with a changed side are compared again, the other links are taken from the last
// clustering (kept in memory, or in the signature file's trailer: dedup-file.ts). The clusters and links must be
// exactly those of a clustering from scratch over the same documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DedupIndex, POSTING_CAP } from '../../src/core/corpus/dedup/lsh';
import { dedupFileChunks, openDedupFile, readDedupFile, type DedupLayout } from '../../src/core/corpus/dedup/dedup-file';
import { writeFileAtomic } from '../../src/core/corpus/index/atomic';
import { sha256 } from '../../src/core/text/hash';

function rng(seed: number): () => number {
  let x = (seed * 2654435761) >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const POOL = Array.from({ length: 70 }, (_, s) => {
  const r = rng(1000 + s);
  return Array.from({ length: 12 }, () => 'p' + Math.floor(r() * 3000).toString(36)).join(' ');
});

/** A text: sentences drawn from a small pool (so sampled ranks are in more than POSTING_CAP documents), or random words. */
function text(seed: number): string {
  const r = rng(seed);
  if (seed % 3 === 0) return Array.from({ length: 150 + Math.floor(r() * 200) }, () => 'w' + Math.floor(r() * 5000).toString(36)).join(' ');
  const n = 6 + Math.floor(r() * 14);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(POOL[Math.floor(r() * POOL.length)]!);
  return lines.join(r() < 0.5 ? '\n' : ' ');
}

type Doc = { id: string; text: string };

function corpus(n: number, salt = 0): Doc[] {
  const docs: Doc[] = [];
  for (let i = 0; i < n; i++) docs.push({ id: `d${String(i).padStart(4, '0')}`, text: text(i + 1 + salt) });
  for (let i = 0; i < n / 10; i++) docs.push({ id: `x${i}`, text: docs[i * 7]!.text });
  for (let i = 0; i < n / 10; i++) {
    const w = docs[i * 3 + 1]!.text.split(' ');
    for (let j = 0; j < w.length; j += 9) w[j] = 'changed';
    docs.push({ id: `n${i}`, text: w.join(' ') });
  }
  for (let i = 0; i < n / 20; i++) docs.push({ id: `e${i}`, text: docs[i * 5 + 2]!.text.slice(0, 300) });
  return docs;
}

function add(idx: DedupIndex, docs: Doc[]): void {
  for (const d of docs) idx.addText(d.id, d.text, 'en', sha256(d.text));
}

function fromScratch(docs: Doc[]): DedupIndex {
  const idx = new DedupIndex();
  add(idx, docs);
  return idx;
}

function decisions(idx: DedupIndex, ids: string[]): string {
  const clusters = [...idx.clusters()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return JSON.stringify({ clusters, links: ids.map((id) => idx.linkOf(id) ?? null) });
}

/** A "shard" change: some documents removed, some changed, new ones (some with ids before every other). */
function change(docs: Doc[], seed: number): { removed: string[]; added: Doc[]; final: Doc[] } {
  const r = rng(seed);
  const removed: string[] = [];
  const added: Doc[] = [];
  const keep: Doc[] = [];
  for (const d of docs) {
    const x = r();
    if (x < 0.08) removed.push(d.id);
    else if (x < 0.14) {
      removed.push(d.id);
      added.push({ id: d.id, text: text(seed * 977 + keep.length) });
    } else keep.push(d);
  }
  for (let i = 0; i < 25; i++) added.push({ id: `a${String(i).padStart(3, '0')}`, text: i % 5 === 0 ? docs[i]!.text : text(seed * 131 + i) });
  for (let i = 0; i < 5; i++) added.push({ id: `d${String(i).padStart(4, '0')}b`, text: docs[i * 11]!.text.slice(0, 500) });
  return { removed, added, final: [...keep, ...added] };
}

test('the corpus exercises the capped posting lists (a sampled rank in more than POSTING_CAP documents)', () => {
  const idx = fromScratch(corpus(400));
  const per = new Map<number, number>();
  for (const f of idx.fingerprints()) for (const r of f.sketch.ranks) if ((r & 7) === 0) per.set(r, (per.get(r) ?? 0) + 1);
  assert.ok([...per.values()].some((c) => c > POSTING_CAP));
  assert.ok(idx.clusters().size > 50);
});

test('after a changed shard, the clustering reusing its last links equals a clustering from scratch', () => {
  for (const seed of [3, 7, 11]) {
    const docs = corpus(400, seed);
    const idx = fromScratch(docs);
    idx.clusters();
    const { removed, added, final } = change(docs, seed);
    for (const id of removed) idx.remove(id);
    add(idx, added);
    const ids = final.map((d) => d.id).sort();
    const scratch = fromScratch(final);
    assert.equal(decisions(idx, ids), decisions(scratch, ids), `seed ${seed}`);
    assert.ok(idx.compared < scratch.compared / 2, `seed ${seed}: ${idx.compared} pairs compared again, ${scratch.compared} from scratch`);
    // and again, on top of the incremental one
    const second = change(final, seed + 100);
    for (const id of second.removed) idx.remove(id);
    add(idx, second.added);
    const ids2 = second.final.map((d) => d.id).sort();
    assert.equal(decisions(idx, ids2), decisions(fromScratch(second.final), ids2), `seed ${seed}, second change`);
  }
});

test('a removed document that was the first of its exact copies hands the cluster to the next copy, as from scratch', () => {
  const docs = corpus(300, 5);
  const idx = fromScratch(docs);
  idx.clusters();
  // x0 is an exact copy of d0000: remove d0000, x0 becomes its text's representative.
  idx.remove('d0000');
  const final = docs.filter((d) => d.id !== 'd0000');
  const ids = final.map((d) => d.id).sort();
  assert.equal(decisions(idx, ids), decisions(fromScratch(final), ids));
});

test('the links kept in the signature file make a reopened index cluster a changed shard as from scratch', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedup-incr-'));
  try {
    const docs = corpus(400, 9);
    const built = fromScratch(docs);
    built.clusters();
    const file = join(dir, 'dedup-1.bin');
    const layout: DedupLayout = [];
    writeFileAtomic(file, dedupFileChunks(built, layout));
    built.useFile(file, layout);
    // The records are the bytes a file without the trailer has; the trailer follows them.
    const plain = fromScratch(docs);
    const plainBytes = Buffer.concat([...dedupFileChunks(plain)]);
    const bytes = readFileSync(file);
    assert.ok(bytes.length > plainBytes.length);
    assert.ok(bytes.subarray(0, plainBytes.length).equals(plainBytes));
    for (const opened of [openDedupFile(file), readDedupFile(bytes)]) {
      const { removed, added, final } = change(docs, 21);
      for (const id of removed) opened.remove(id);
      add(opened, added);
      const ids = final.map((d) => d.id).sort();
      const scratch = fromScratch(final);
      assert.equal(decisions(opened, ids), decisions(scratch, ids));
      assert.ok(opened.compared < scratch.compared / 2, `${opened.compared} pairs compared again, ${scratch.compared} from scratch`);
      opened.close();
    }
    // A file without the trailer (written before the clustering) still opens, and clusters from scratch.
    const old = join(dir, 'dedup-0.bin');
    writeFileAtomic(old, dedupFileChunks(fromScratch(docs)));
    const reopened = openDedupFile(old);
    const ids = docs.map((d) => d.id).sort();
    assert.equal(decisions(reopened, ids), decisions(fromScratch(docs), ids));
    reopened.close();
    built.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('spilled to a temporary file, the incremental clustering is the same as in memory', () => {
  const docs = corpus(300, 13);
  const spilled = new DedupIndex({ memoryBudget: 64 * 1024 });
  add(spilled, docs);
  spilled.clusters();
  const { removed, added, final } = change(docs, 17);
  for (const id of removed) spilled.remove(id);
  add(spilled, added);
  const ids = final.map((d) => d.id).sort();
  assert.equal(decisions(spilled, ids), decisions(fromScratch(final), ids));
  spilled.close();
});

test('a document pushed past (or back within) the cap of a sampled rank list by a new (or removed) earlier one is compared again', () => {
  // One paragraph S in a family of documents: each member has S and 700 words of its own (no two members are near
  // copies), and "fz" is S with a few words (a near copy, by containment, of every member). With POSTING_CAP
  // members before it in id order, fz is past the cap of S's sampled ranks and found only through bands.
  const r = rng(77);
  const w = (n: number) => Array.from({ length: n }, () => 'q' + Math.floor(r() * 1e6).toString(36)).join(' ');
  const S = w(60);
  const docs: Doc[] = [];
  for (let i = 0; i < POSTING_CAP - 1; i++) docs.push({ id: `f${String(i).padStart(3, '0')}`, text: `${S} ${w(700)}` });
  docs.push({ id: 'fz', text: `${S} ${w(6)}` });
  const idx = fromScratch(docs);
  const ids = () => [...docs.map((d) => d.id), 'f000a'].sort();
  assert.equal(decisions(idx, ids()), decisions(fromScratch(docs), ids()));
  // fz is the 64th in id order: in every list. A new member before it pushes it out.
  const extra = { id: 'f000a', text: `${S} ${w(700)}` };
  idx.addText(extra.id, extra.text, 'en', sha256(extra.text));
  const withExtra = [...docs, extra];
  const expected = decisions(fromScratch(withExtra), ids());
  assert.notEqual(expected, decisions(fromScratch(docs), ids()), 'the new member changes the decisions from scratch');
  assert.equal(decisions(idx, ids()), expected);
  // Removed again: fz is back within the cap.
  idx.remove(extra.id);
  assert.equal(decisions(idx, ids()), decisions(fromScratch(docs), ids()));
});

test('a shard read again with most of its documents unchanged compares only the changed ones again', () => {
  const docs = corpus(400, 31);
  const idx = fromScratch(docs);
  idx.clusters();
  // Every document removed and added again (the whole file re-read); three texts really changed.
  const final = docs.map((d, i) => (i % 150 === 1 ? { id: d.id, text: text(5000 + i) } : d));
  for (const d of docs) idx.remove(d.id);
  add(idx, final);
  const ids = final.map((d) => d.id).sort();
  const scratch = fromScratch(final);
  assert.equal(decisions(idx, ids), decisions(scratch, ids));
  assert.ok(idx.compared < scratch.compared / 4, `${idx.compared} pairs compared again, ${scratch.compared} from scratch`);
});
