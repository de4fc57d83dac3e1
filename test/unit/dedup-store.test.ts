// The near-duplicate index keeps its fingerprints as binary records (dedup/fp-store.ts): in memory, spilled to a
// temporary file past a memory budget, or read from the index's signature file. Wherever they are, the clusters,
// links and shared passages are the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DedupIndex } from '../../src/core/corpus/dedup/lsh';
import { dedupFileChunks, openDedupFile, type DedupLayout } from '../../src/core/corpus/dedup/dedup-file';
import { writeFileAtomic } from '../../src/core/corpus/index/atomic';
import { sha256 } from '../../src/core/text/hash';

function words(seed: number, n: number): string {
  let x = (seed * 2654435761) >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out.push('w' + (x % 5000).toString(36));
  }
  return out.join(' ');
}

/** 300 texts: unique ones, exact copies, near copies (a word changed in ten), excerpts, and a shared line. */
function corpus(): { id: string; text: string }[] {
  const docs: { id: string; text: string }[] = [];
  const shared = 'this line of boilerplate text is found in many of the documents here today';
  for (let i = 0; i < 200; i++) docs.push({ id: `u${String(i).padStart(3, '0')}`, text: words(i + 1, 150 + (i % 7) * 40) + (i % 9 === 0 ? '\n' + shared : '') });
  for (let i = 0; i < 40; i++) docs.push({ id: `x${i}`, text: docs[i * 5]!.text });
  for (let i = 0; i < 40; i++) {
    const w = docs[i * 3 + 1]!.text.split(' ');
    for (let j = 0; j < w.length; j += 10) w[j] = 'changed';
    docs.push({ id: `n${i}`, text: w.join(' ') });
  }
  for (let i = 0; i < 20; i++) docs.push({ id: `e${i}`, text: docs[i * 7 + 2]!.text.slice(0, 400) });
  return docs;
}

function snapshot(idx: DedupIndex) {
  const clusters = [...idx.clusters()].sort();
  return { clusters, links: clusters.map(([id]) => [id, idx.linkOf(id)]), shared: idx.sharedPassages(), every: idx.sharedPassages(1).length };
}

test('fingerprints spilled to a temporary file past the memory budget, or read from the signature file, cluster as in memory', () => {
  const docs = corpus();
  const inMemory = new DedupIndex();
  const spilled = new DedupIndex({ memoryBudget: 1 });
  for (const d of docs) {
    const fp = inMemory.addText(d.id, d.text, 'en', sha256(d.text));
    spilled.addFingerprint(d.id, fp, sha256(d.text));
  }
  assert.ok(spilled.memoryBytes < inMemory.memoryBytes / 10, `held in memory: ${spilled.memoryBytes} bytes spilled, ${inMemory.memoryBytes} not`);
  const want = snapshot(inMemory);
  assert.ok(want.clusters.length > 60, `clusters found: ${want.clusters.length}`);
  assert.ok(want.links.some(([, l]) => (l as { how: string } | undefined)?.how === 'exact'));
  assert.ok(want.links.some(([, l]) => (l as { how: string } | undefined)?.how === 'containment'));
  assert.ok(want.shared.length > 0);
  assert.deepEqual(snapshot(spilled), want);

  // Written to a signature file and opened from it (records read when needed), then re-based on a new file.
  const dir = mkdtempSync(join(tmpdir(), 'dedup-store-'));
  try {
    const layout: DedupLayout = [];
    writeFileAtomic(join(dir, 'a.bin'), dedupFileChunks(spilled, layout));
    spilled.useFile(join(dir, 'a.bin'), layout);
    assert.deepEqual(snapshot(spilled), want);
    const opened = openDedupFile(join(dir, 'a.bin'));
    assert.equal(opened.size, docs.length);
    assert.deepEqual(snapshot(opened), want);
    // Changed after opening: one copy removed, one text added; the same as the same change in memory.
    for (const idx of [opened, inMemory]) {
      idx.remove('x0');
      idx.addText('late', docs[10]!.text + ' and a few more words', 'en', sha256(docs[10]!.text + ' and a few more words'));
    }
    assert.deepEqual(snapshot(opened), snapshot(inMemory));
    const layout2: DedupLayout = [];
    writeFileAtomic(join(dir, 'b.bin'), dedupFileChunks(opened, layout2));
    opened.useFile(join(dir, 'b.bin'), layout2);
    rmSync(join(dir, 'a.bin'));
    assert.deepEqual(snapshot(opened), snapshot(inMemory));
    assert.deepEqual(snapshot(openDedupFile(join(dir, 'b.bin'))), snapshot(inMemory));
    opened.close();
    spilled.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
