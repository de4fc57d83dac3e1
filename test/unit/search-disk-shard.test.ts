// Search shards read from their files on demand (DiskShard): the same postings and the same ranking as the
// shard in memory, damaged files refused, and an index that builds, updates and compacts through files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskShard, SearchIndex, SearchIndexBuilder, Shard } from '../../src/core/corpus/search/search-index';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';
import { docTableChunk } from '../../src/core/corpus/index/store';

/** Deterministic pseudo-random text in both scripts: many distinct terms, so a shard has many key blocks. */
function docs(n: number, seed = 1): { id: string; text: string }[] {
  let s = seed;
  const r = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const han = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理';
  const words = Array.from({ length: 3000 }, (_, i) => 'w' + i.toString(36) + (i % 7 ? 'x' : ''));
  return Array.from({ length: n }, (_, d) => {
    const parts: string[] = [];
    const len = 20 + Math.floor(r() * 60);
    for (let i = 0; i < len; i++) {
      if (r() < 0.5) parts.push(words[Math.floor(r() * r() * words.length)]!);
      else parts.push(Array.from({ length: 2 + Math.floor(r() * 4) }, () => han[Math.floor(r() * han.length)]).join(''));
    }
    return { id: `doc${d}`, text: parts.join(' ') };
  });
}

test('a shard read from its file gives every term the same postings as the shard in memory', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'curator-diskshard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const b = new SearchIndexBuilder({ shardDocs: 700 });
  for (const d of docs(1500)) b.add(d.id, d.text);
  const mem = b.finish() as Shard[];
  assert.equal(mem.length, 3);
  const disk = mem.map((s, i) => {
    const f = join(dir, `s${i}.bin`);
    writeFileSync(f, Buffer.concat(s.serialize()));
    return DiskShard.open(f);
  });
  for (let i = 0; i < mem.length; i++) {
    const m = mem[i]!;
    const d = disk[i]!;
    assert.ok(m.keys.length > 64 * 20, 'several key blocks');
    assert.deepEqual(d.ids, m.ids);
    assert.deepEqual([...d.lens], [...m.lens]);
    for (let k = 0; k < m.keys.length; k++) {
      const key = m.keys[k]!;
      assert.deepEqual([...d.termPostings(key)!], [...m.termPostings(key)!]);
      // Keys between two present keys, and below the first or above the last, are absent.
      if (k + 1 < m.keys.length && m.keys[k + 1]! > key + 1) assert.equal(d.termPostings(key + 1), null);
    }
    if (m.keys[0]! > 0) assert.equal(d.termPostings(m.keys[0]! - 1), null);
    if (m.keys[m.keys.length - 1]! < 0xffffffff) assert.equal(d.termPostings(m.keys[m.keys.length - 1]! + 1), null);
    assert.deepEqual(Buffer.concat(d.materialize().serialize()), Buffer.concat(m.serialize()));
  }
  // The same ranking, tombstones included.
  const a = new SearchIndex(mem, [[3, 5], [], [10]]);
  const c = new SearchIndex(disk, [[3, 5], [], [10]]);
  const all = docs(1500);
  for (const q of ['w1 w2x', 'w3x', all[7]!.text.slice(0, 30), all[800]!.text.slice(5, 40), '的 国', 'nothinghere']) {
    assert.deepEqual(c.search(q, { limit: 15 }), a.search(q, { limit: 15 }));
    assert.deepEqual(c.search(q, { limit: 15, mode: 'any' }), a.search(q, { limit: 15, mode: 'any' }));
  }
  // Compaction merges disk shards into one in memory with the same answers.
  const before = ['w1 w2x', all[900]!.text.slice(0, 25)].map((q) => c.search(q, { limit: 10 }));
  c.remove(all.slice(0, 1200).map((d) => d.id));
  const after = ['w1 w2x', all[900]!.text.slice(0, 25)].map((q) => c.search(q, { limit: 10 }).map((h) => h.id));
  assert.equal(c.compact(), true);
  assert.equal(c.shards.length, 1);
  assert.deepEqual(['w1 w2x', all[900]!.text.slice(0, 25)].map((q) => c.search(q, { limit: 10 }).map((h) => h.id)), after);
  assert.ok(before[1]!.some((h) => h.id === 'doc900'));
});

test('a damaged shard file is refused when opened', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'curator-diskshard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const b = new SearchIndexBuilder();
  for (const d of docs(50)) b.add(d.id, d.text);
  const bytes = Buffer.concat(b.finish()[0]!.serialize());
  writeFileSync(join(dir, 'short.bin'), bytes.subarray(0, bytes.length - 2));
  assert.throws(() => DiskShard.open(join(dir, 'short.bin')), /truncated/);
  writeFileSync(join(dir, 'junk.bin'), Buffer.from('garbage garbage garbage'));
  assert.throws(() => DiskShard.open(join(dir, 'junk.bin')), /not a search shard/);
  writeFileSync(join(dir, 'ok.bin'), bytes);
  assert.equal(DiskShard.open(join(dir, 'ok.bin')).size, 50);
});

test('an index built, loaded and updated keeps its shards in files and finds the same documents', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'curator-diskshard-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const all = docs(300, 7);
  const line = (d: { id: string; text: string }) => JSON.stringify({ id: d.id, text: d.text });
  writeFileSync(join(root, 'a.jsonl'), all.slice(0, 150).map(line).join('\n') + '\n');
  writeFileSync(join(root, 'b.jsonl'), all.slice(150).map(line).join('\n') + '\n');
  const built = await CorpusIndex.build(root, { workers: 0 });
  const q = all[200]!.text.slice(0, 40);
  const hit = built.search(q, { limit: 5 })[0]!;
  assert.equal(hit.doc.externalId, 'doc200');
  const dir = join(root, '.curator', 'index');
  const manifest = () => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { shards: string[] };
  assert.deepEqual(manifest().shards.filter((f) => readdirSync(dir).includes(f)), manifest().shards);
  const loaded = CorpusIndex.load(root).index!;
  assert.equal(loaded.search(q, { limit: 5 })[0]!.doc.id, hit.doc.id);
  // Change b.jsonl: its documents are replaced by a new shard file; the others stay where they were.
  const changed = all.slice(150).map((d, i) => (i === 50 ? { id: d.id, text: 'zzyzx quartzfeld ' + d.text } : d));
  writeFileSync(join(root, 'b.jsonl'), changed.map(line).join('\n') + '\n');
  const up = await loaded.update([join(root, 'b.jsonl')]);
  assert.equal(up.addedDocs, 150);
  assert.equal(loaded.search('zzyzx quartzfeld', { limit: 3 })[0]!.doc.externalId, 'doc200');
  assert.equal(loaded.search(all[10]!.text.slice(0, 40), { limit: 3 })[0]!.doc.externalId, 'doc10');
  const files = manifest().shards;
  assert.ok(files.every((f) => readdirSync(dir).includes(f)));
  // Reopened from disk: the same answers.
  const again = CorpusIndex.load(root).index!;
  assert.equal(again.search('zzyzx quartzfeld', { limit: 3 })[0]!.doc.externalId, 'doc200');
  assert.equal(again.size, 300);
});

test('the document table is read in chunks: lines across chunk ends and longer than a chunk load the same', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'curator-doctable-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const all = docs(60, 3);
  writeFileSync(join(root, 'a.jsonl'), all.map((d) => JSON.stringify({ id: d.id, text: d.text, title: d.id === 'doc5' ? 'long '.repeat(400) : undefined })).join('\n') + '\n');
  await CorpusIndex.build(root, { workers: 0 });
  const whole = CorpusIndex.load(root).index!.documents();
  const saved = docTableChunk.bytes;
  t.after(() => (docTableChunk.bytes = saved));
  for (const bytes of [97, 1000, 1 << 16]) {
    docTableChunk.bytes = bytes;
    const chunked = CorpusIndex.load(root).index!.documents();
    assert.deepEqual(chunked, whole);
  }
  assert.equal(whole.length, 60);
  assert.ok(whole.some((d) => (d.title ?? '').length > 1000), 'one line longer than the smaller chunks');
});
