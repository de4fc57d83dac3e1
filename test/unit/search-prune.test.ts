// 'all' mode's pruning (documents holding every unit scored alone when they fill the limit) gives the answer
// of scoring every document holding any unit: same ids, scores, order, matched counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SearchIndex, SearchIndexBuilder } from '../../src/core/corpus/search/search-index';

function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN = 'river harbour castle market garden forest bridge tower valley meadow island canyon village mountain lake the of and in'.split(' ');
const ZH = '长江黄河村庄城市山脉森林桥梁市场花园岛屿的了是在'.split('');

test('pruned and full scoring agree on random corpora, queries, limits, filters and tombstones', () => {
  const r = rng(7);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const docs: { id: string; text: string }[] = [];
  for (let i = 0; i < 3000; i++) {
    const n = 3 + Math.floor(r() * 40);
    const zh = r() < 0.3;
    const parts: string[] = [];
    // Skewed word choice: a few words are in most documents, others rare.
    for (let w = 0; w < n; w++) parts.push(zh ? ZH[Math.floor(ZH.length * r() * r())]! : EN[Math.floor(EN.length * r() * r())]!);
    docs.push({ id: `d${i}`, text: parts.join(zh ? '' : ' ') });
  }
  const b = new SearchIndexBuilder({ shardDocs: 700 });
  for (const d of docs) b.add(d.id, d.text);
  const idx = new SearchIndex(b.finish());
  idx.remove(docs.filter((_, i) => i % 17 === 0).map((d) => d.id));
  let compared = 0;
  let prunedFull = 0;
  for (let q = 0; q < 300; q++) {
    const zh = r() < 0.3;
    const n = 1 + Math.floor(r() * 4);
    const words = Array.from({ length: n }, () => pick(zh ? ZH : EN));
    const query = zh ? words.join('') : words.join(' ');
    const limit = pick([1, 5, 10, 20, 50]);
    const filter = r() < 0.3 ? (id: string) => Number(id.slice(1)) % 3 !== 0 : undefined;
    const a = idx.search(query, { limit, filter });
    const full = idx.search(query, { limit, filter, prune: false });
    assert.deepEqual(a, full, `${query} limit ${limit}`);
    compared++;
    if (a.length === limit && a.every((h) => h.matched === h.terms)) prunedFull++;
  }
  assert.equal(compared, 300);
  // The pruned path was taken often enough to mean something.
  assert.ok(prunedFull > 50, `${prunedFull} queries answered by full matches alone`);
});
