// The extension host applies what the indexer worker's update changed (delta.ts, CorpusIndex.applyDelta)
// instead of loading the whole index again: the result must be the index a whole load gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';
import { deltaSince, deltaSnapshot } from '../../src/core/corpus/index/delta';
import { runIndexerWorker } from '../../src/core/corpus/index/worker-client';
import { tempDir } from './tempdirs';

const WORDS = 'harbour lighthouse river valley mountain forest village market bridge castle garden orchard meadow island canyon glacier desert prairie tundra reef'.split(' ');
function text(i: number): string {
  const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length]!;
  return `Document ${i} tells of the ${w(0)} near the ${w(1)} and the ${w(2)} beyond it. 第${i}篇讲述了${i % 2 ? '长江' : '黄河'}流域的村庄。 The ${w(3)} was quiet that year number ${i * 13}.`;
}
function jsonl(from: number, n: number): string {
  return Array.from({ length: n }, (_, k) => JSON.stringify({ id: `r${from + k}`, text: text(from + k) })).join('\n') + '\n';
}

function shardsOf(idx: CorpusIndex): unknown[] {
  return (idx as unknown as { search_: { shards: unknown[] } }).search_.shards;
}

function assertSameAsWholeLoad(host: CorpusIndex, root: string): void {
  const whole = CorpusIndex.load(root, { workers: 0 }).index!;
  assert.deepEqual(host.documents(), whole.documents());
  assert.deepEqual(host.fileList(), whole.fileList());
  assert.deepEqual(host.skipped(), whole.skipped());
  assert.deepEqual(host.info(), whole.info());
  assert.deepEqual(host.duplicateClusters().map((g) => g.map((d) => d.id)), whole.duplicateClusters().map((g) => g.map((d) => d.id)));
  for (const q of ['harbour lighthouse', 'village', '长江 村庄', 'Document 7', 'quiet year', 'shard', 'notes']) {
    const a = host.search(q, { limit: 15 }).map((h) => [h.doc.id, h.score.toFixed(6), h.coverage]);
    const b = whole.search(q, { limit: 15 }).map((h) => [h.doc.id, h.score.toFixed(6), h.coverage]);
    assert.deepEqual(a, b, q);
  }
}

test('delta: one changed shard among many is applied to the held index (open shards kept), equal to a whole load', async () => {
  const root = tempDir('curator-delta-');
  for (let f = 0; f < 12; f++) writeFileSync(join(root, `shard-${f}.jsonl`), jsonl(f * 40, 40));
  writeFileSync(join(root, 'notes.md'), '# Notes\n\nA note on the harbour that no shard repeats.\n');
  writeFileSync(join(root, 'gone.txt'), 'A file that will be deleted, about the glacier.');
  await CorpusIndex.build(root, { workers: 0 });
  const host = CorpusIndex.load(root, { workers: 0 }).index!;
  host.search('harbour'); // the field index exists and must follow the change too
  const shardsBefore = [...shardsOf(host)];

  // The worker: its own load, a snapshot, the update.
  const worker = CorpusIndex.load(root, { workers: 0 }).index!;
  const snap = deltaSnapshot(worker);
  const changed = jsonl(200, 40).split('\n');
  changed[3] = JSON.stringify({ id: 'dup', text: text(5) }); // an exact copy of an unchanged document: its cluster changes
  writeFileSync(join(root, 'shard-5.jsonl'), changed.join('\n'));
  rmSync(join(root, 'gone.txt'));
  writeFileSync(join(root, 'new.txt'), 'A new file about the canyon and the reef.');
  const up = await worker.update();
  assert.equal(up.rebuilt, false);
  const delta = deltaSince(worker, snap, up)!;
  assert.ok(delta);
  assert.equal(delta.docs.length, 41);
  assert.ok(delta.clusters.some(([id]) => host.get(id)?.line === 6 && host.get(id)?.path === 'shard-0.jsonl'));
  assert.deepEqual(delta.removedFiles, ['gone.txt']);

  // Structured clone, as the worker's message does.
  assert.equal(host.applyDelta(structuredClone(delta)), true);
  const shardsAfter = shardsOf(host);
  assert.ok(shardsBefore.every((s, i) => shardsAfter[i] === s), 'the shards open before stay open');
  assert.ok(shardsAfter.length > shardsBefore.length);
  assertSameAsWholeLoad(host, root);
  assert.equal(host.get(host.documents().find((d) => d.externalId === 'dup')!.id)!.dupCluster !== undefined, true);
  // The same delta again no longer follows the held generation.
  assert.equal(host.applyDelta(structuredClone(delta)), false);
});

test('delta: an update that compacts the shards, and one that recounts tokens, are applied or refused as a whole load needs', async () => {
  const root = tempDir('curator-delta-small-');
  writeFileSync(join(root, 'a.jsonl'), jsonl(0, 6));
  writeFileSync(join(root, 'b.txt'), text(100));
  await CorpusIndex.build(root, { workers: 0 });
  const host = CorpusIndex.load(root, { workers: 0 }).index!;
  const worker = CorpusIndex.load(root, { workers: 0 }).index!;
  const snap = deltaSnapshot(worker);
  writeFileSync(join(root, 'a.jsonl'), jsonl(50, 5));
  const up = await worker.update([join(root, 'a.jsonl')]);
  const delta = deltaSince(worker, snap, up)!;
  assert.equal(host.applyDelta(structuredClone(delta)), true);
  assertSameAsWholeLoad(host, root);

  const recount = CorpusIndex.load(root, { workers: 0, tokenizer: 'cl100k_base' }).index!;
  const snap2 = deltaSnapshot(recount);
  const up2 = await recount.update();
  assert.ok(up2.retokenized);
  assert.equal(deltaSince(recount, snap2, up2), undefined);
});

test('delta through the indexer in a child process: the host applies it; a cancel stops the child', async () => {
  const root = tempDir('curator-delta-child-');
  const exclude = ['node_modules', '.git', '.curator', '*.cjs'];
  for (let f = 0; f < 3; f++) writeFileSync(join(root, `shard-${f}.jsonl`), jsonl(f * 30, 30));
  // The bundle (dist/indexer.worker.js) is plain JS; here a bootstrap loads the TypeScript source via tsx.
  const worker = join(root, 'bootstrap.cjs');
  writeFileSync(worker, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(join(__dirname, '../../src/core/corpus/index/indexer.worker.ts'))});\n`);
  const built = await runIndexerWorker(worker, { mode: 'open', root, exclude }, { childProcess: true });
  assert.equal(built.documents, 90);
  assert.equal(built.delta, undefined);
  const host = CorpusIndex.load(root, { exclude, workers: 0 }).index!;
  writeFileSync(join(root, 'shard-1.jsonl'), jsonl(500, 31));
  const logs: string[] = [];
  const s = await runIndexerWorker(worker, { mode: 'update', root, exclude, changedPaths: [join(root, 'shard-1.jsonl')], wantDelta: true }, { childProcess: true, onLog: (m) => logs.push(m) });
  assert.ok(s.delta);
  assert.equal(s.delta.docs.length, 31);
  assert.equal(host.applyDelta(s.delta), true);
  assert.equal(host.size, 91);
  const whole = CorpusIndex.load(root, { exclude, workers: 0 }).index!;
  assert.deepEqual(host.documents(), whole.documents());
  assert.deepEqual(host.search('Document 510', { limit: 5 }).map((h) => h.doc.id), whole.search('Document 510', { limit: 5 }).map((h) => h.doc.id));
  // Cancelled before it starts: rejected as an AbortError, the child ends.
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(runIndexerWorker(worker, { mode: 'build', root, exclude }, { childProcess: true, signal: ac.signal }), (e: Error) => e.name === 'AbortError');
});
