// Closing a search shard: buildShard (one scatter by the top bits, then each bucket by the low bits) gives the
// same shard as sorting the (key, document) pairs outright, whatever the chunking of the keys; and a shard
// closed in the worker thread (shard-pool.ts) is the same file as one closed inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildShard, DiskShard, SearchIndexBuilder, Shard, type ShardParts } from '../../src/core/corpus/search/search-index';
import { ShardCloser } from '../../src/core/corpus/index/shard-pool';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Documents' distinct keys: some shared by many documents (crowded buckets), some rare, some documents empty. */
function docKeys(n: number, seed: number): Uint32Array[] {
  const r = rng(seed);
  const common = Array.from({ length: 300 }, () => (r() * 2 ** 32) >>> 0);
  // Many keys in one top bucket, differing only in their low bits.
  const crowded = Array.from({ length: 200 }, (_, i) => (0xabc00000 | (i * 7919)) >>> 0);
  return Array.from({ length: n }, (_, d) => {
    if (d % 17 === 5) return new Uint32Array(0);
    const set = new Set<number>();
    const len = Math.floor(r() * 120);
    for (let i = 0; i < len; i++) {
      const x = r();
      set.add(x < 0.4 ? common[Math.floor(r() * common.length)]! : x < 0.6 ? crowded[Math.floor(r() * crowded.length)]! : (r() * 2 ** 32) >>> 0);
    }
    return Uint32Array.from(set);
  });
}

/** The shard by a plain stable sort of the pairs. */
function reference(ids: string[], keys: Uint32Array[]): Shard {
  const pairs: [number, number][] = [];
  keys.forEach((ks, d) => ks.forEach((k) => pairs.push([k, d])));
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const outKeys: number[] = [];
  const offsets: number[] = [];
  pairs.forEach(([k], i) => {
    if (i === 0 || k !== pairs[i - 1]![0]) {
      outKeys.push(k);
      offsets.push(i);
    }
  });
  offsets.push(pairs.length);
  return new Shard(ids, Uint32Array.from(outKeys), Uint32Array.from(offsets), Uint16Array.from(pairs.map((p) => p[1])), Uint32Array.from(keys.map((k) => k.length)));
}

function chunked(keys: Uint32Array[], size: number): ShardParts {
  const all: number[] = [];
  for (const k of keys) all.push(...k);
  const chunks: Uint32Array[] = [];
  for (let i = 0; i < all.length; i += size) {
    const c = new Uint32Array(size);
    c.set(all.slice(i, i + size));
    chunks.push(c);
  }
  const used = all.length - (chunks.length - 1) * size;
  return { ids: keys.map((_, d) => `d${d}`), chunks, used, lens: Uint32Array.from(keys.map((k) => k.length)) };
}

function assertSameShard(a: Shard, b: Shard): void {
  assert.deepEqual(a.ids, b.ids);
  assert.deepEqual([...a.keys], [...b.keys]);
  assert.deepEqual([...a.offsets], [...b.offsets]);
  assert.deepEqual([...a.postings], [...b.postings]);
  assert.deepEqual([...a.lens], [...b.lens]);
}

test('buildShard equals a plain sort of the pairs, for any chunking of the keys', () => {
  for (const seed of [1, 2, 3]) {
    const keys = docKeys(900, seed);
    const ids = keys.map((_, d) => `d${d}`);
    const want = reference(ids, keys);
    assert.ok(want.keys.length > 1000);
    for (const size of [7, 64, 1000, 1 << 16]) assertSameShard(buildShard(chunked(keys, size)), want);
  }
});

test('the builder gives the same shards as a plain sort, and reuses its buffers from shard to shard', () => {
  const keys = docKeys(2500, 9);
  const b = new SearchIndexBuilder({ shardDocs: 600 });
  keys.forEach((k, d) => b.addKeys(`d${d}`, k));
  const shards = b.finish() as Shard[];
  assert.equal(shards.length, 5);
  shards.forEach((s, i) => assertSameShard(s, reference(s.ids, keys.slice(i * 600, (i + 1) * 600))));
});

test('a shard closed in the worker thread is the same file as one closed inline', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'curator-shardsort-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const keys = docKeys(1500, 4);
  const build = async (worker: boolean, tag: string) => {
    const closer = ShardCloser.create(worker);
    let n = 0;
    const b = new SearchIndexBuilder({ shardDocs: 500, close: (parts) => closer.close(parts, join(dir, `${tag}-${n++}.bin`)) });
    keys.forEach((k, d) => b.addKeys(`d${d}`, k));
    try {
      return await b.finishAsync();
    } finally {
      await closer.stop();
    }
  };
  assert.equal((await build(false, 'inline')).length, 3);
  const worker = await build(true, 'worker');
  assert.equal(worker.length, 3);
  for (let i = 0; i < 3; i++) {
    assert.ok(worker[i] instanceof DiskShard);
    assert.deepEqual(readFileSync(join(dir, `worker-${i}.bin`)), readFileSync(join(dir, `inline-${i}.bin`)));
    assertSameShard(worker[i]!.materialize(), reference(keys.slice(i * 500, (i + 1) * 500).map((_, d) => `d${i * 500 + d}`), keys.slice(i * 500, (i + 1) * 500)));
  }
});
