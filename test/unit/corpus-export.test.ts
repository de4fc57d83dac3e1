import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CorpusDocument } from '../../src/core/corpus/model';
import { exportMix, manifestPathFor, selectMix, type ExportManifest } from '../../src/core/corpus/export';
import { zeroQuality } from '../../src/core/corpus/index/deps';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';
import { appendProvenance } from '../../src/core/provenance/log';

let n = 0;
function doc(over: Partial<CorpusDocument>): CorpusDocument {
  n++;
  return {
    id: `id${String(n).padStart(4, '0')}`, path: `p/${String(n).padStart(4, '0')}.txt`, format: 'txt', lang: 'en', chars: 100, tokens: 100,
    sha256: `sha${n}`, kind: 'natural', status: 'none', domain: 'news', quality: zeroQuality(), mtimeMs: 0, size: 100, ...over,
  };
}

function share(docs: CorpusDocument[]): number {
  const t = docs.reduce((a, d) => a + d.tokens, 0);
  return docs.filter((d) => d.kind === 'synthetic').reduce((a, d) => a + d.tokens, 0) / t;
}

test('selects a mix at the target synthetic share (tokens), seeded; rejected and duplicates left out', () => {
  const docs: CorpusDocument[] = [];
  for (let i = 0; i < 100; i++) docs.push(doc({ tokens: 50 + (i % 7) * 20 }));
  for (let i = 0; i < 200; i++) docs.push(doc({ kind: 'synthetic', status: i % 10 === 0 ? 'rejected' : i % 3 === 0 ? 'accepted' : 'pending', tokens: 40 + (i % 5) * 15 }));
  // Three copies of one natural text and a near-duplicate cluster of synthetic docs.
  docs.push(doc({ sha256: 'dup', tokens: 80 }), doc({ sha256: 'dup', tokens: 80 }), doc({ sha256: 'dup', tokens: 80 }));
  docs.push(doc({ kind: 'synthetic', status: 'accepted', dupCluster: 'cX', tokens: 60 }), doc({ kind: 'synthetic', status: 'pending', dupCluster: 'cX', tokens: 61 }));
  const sel = selectMix(docs, { syntheticShare: 0.3, seed: 5 });
  assert.ok(Math.abs(share(sel.selected) - 0.3) < 0.01, `share ${share(sel.selected)}`);
  assert.ok(!sel.selected.some((d) => d.status === 'rejected'));
  assert.equal(sel.excluded.rejected, 20);
  assert.equal(sel.selected.filter((d) => d.sha256 === 'dup').length, 1);
  assert.ok(sel.selected.filter((d) => d.dupCluster === 'cX').length <= 1);
  assert.equal(sel.excluded.duplicates, 3);
  // All natural documents are kept (synthetic is the larger side here).
  assert.equal(sel.selected.filter((d) => d.kind === 'natural').length, 101);
  // Seeded: same seed, same mix; another seed, another mix.
  assert.deepEqual(selectMix(docs, { syntheticShare: 0.3, seed: 5 }).selected.map((d) => d.id), sel.selected.map((d) => d.id));
  assert.notDeepEqual(selectMix(docs, { syntheticShare: 0.3, seed: 6 }).selected.map((d) => d.id), sel.selected.map((d) => d.id));
  // By documents; accepted only; quality thresholds.
  const byDocs = selectMix(docs, { syntheticShare: 0.2, measure: 'documents' });
  const synth = byDocs.selected.filter((d) => d.kind === 'synthetic').length;
  assert.ok(Math.abs(synth / byDocs.selected.length - 0.2) < 0.01);
  assert.ok(selectMix(docs, { syntheticShare: 0.3, acceptedOnly: true }).selected.every((d) => d.kind === 'natural' || d.status === 'accepted'));
  const noisy = doc({ quality: { ...zeroQuality(), markupPer1k: 50 } });
  assert.ok(!selectMix([...docs, noisy], { filters: { quality: { markupPer1k: { max: 5 } } } }).selected.includes(noisy));
  // A rewrite in the same near-duplicate cluster as its natural source is not collapsed into it.
  const src = doc({ dupCluster: 'cP', tokens: 100 });
  const rw = doc({ kind: 'synthetic', status: 'accepted', dupCluster: 'cP', parentId: src.id, tokens: 100 });
  const pair = selectMix([src, rw], { syntheticShare: 0.5 }).selected;
  assert.deepEqual(pair.map((d) => d.id).sort(), [src.id, rw.id].sort());
  // Synthetic scarce: natural is subsampled instead.
  const few = [...docs.slice(0, 100), ...docs.slice(100, 110).filter((d) => d.status !== 'rejected')];
  const s2 = selectMix(few, { syntheticShare: 0.3 });
  assert.ok(Math.abs(share(s2.selected) - 0.3) < 0.03, `share ${share(s2.selected)}`);
  assert.equal(s2.selected.filter((d) => d.kind === 'synthetic').length, 9);
  // Edge targets.
  assert.ok(selectMix(docs, { syntheticShare: 0 }).selected.every((d) => d.kind === 'natural'));
  assert.throws(() => selectMix(docs, { syntheticShare: 1.5 }), /between 0 and 1/);
});

test('writes Dolma JSONL(.gz) with provenance metadata and a manifest, from a real index (en + zh)', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'curator-export-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'src'));
  const natural = [
    'Rivers carve valleys over thousands of years as water wears away the rock beneath them.',
    '黄河是中国第二长河，发源于青藏高原，流经九个省区，最后注入渤海。',
    'The printing press changed how knowledge spread across Europe in the fifteenth century.',
  ];
  natural.forEach((t, i) => writeFileSync(join(root, 'src', `n${i}.txt`), t));
  writeFileSync(join(root, 'src', 'n0-copy.txt'), natural[0]!);
  writeFileSync(join(root, 'src', 'n0.kids.txt'), 'Long ago, a little river started cutting a path through the hills, one drop at a time.');
  writeFileSync(join(root, 'src', 'n1.kids.txt'), '黄河像一条金色的巨龙，从高高的山上流下来，一直流到大海里。');
  const rw = (id: string, source: string, output: string) => ({
    type: 'rewrite' as const, v: 1, id, time: '2026-01-01T00:00:00Z',
    source: { path: source, sha256: 'x', lang: 'en', chars: 1 }, output: { path: output, sha256: 'y', lang: 'en', chars: 1 },
    style: 'story', audience: 'children', model: 'teacher-1', endpointHost: 'h', template: { id: 't', sha256: 'z', origin: 'builtin' as const },
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, chunks: 1, durationMs: 1, status: 'done' as const, flags: [],
  });
  appendProvenance(root, rw('r1', 'src/n0.txt', 'src/n0.kids.txt'));
  appendProvenance(root, rw('r2', 'src/n1.txt', 'src/n1.kids.txt'));
  appendProvenance(root, { type: 'decision', v: 1, time: '2026-01-02T00:00:00Z', rewriteId: 'r2', source: { path: 'src/n1.txt' }, output: { path: 'src/n1.kids.txt' }, decision: 'rejected' });
  const idx = await CorpusIndex.open(root);
  const out = join(root, 'out', 'mix.jsonl.gz');
  const m = await exportMix(idx.documents(), (docs, s) => idx.texts(docs, s), out, { syntheticShare: 0.2, now: new Date('2026-02-01T00:00:00Z') });
  const lines = gunzipSync(readFileSync(out)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(lines.length, m.documents);
  for (const r of lines) {
    for (const k of ['id', 'text', 'source', 'added', 'created', 'metadata']) assert.ok(k in r, `missing ${k}`);
    assert.equal(r.added, '2026-02-01T00:00:00.000Z');
  }
  const texts = lines.map((r) => r.text as string);
  // The rejected Chinese rewrite is out; the exact copy is collapsed; the accepted-or-pending rewrite is in.
  assert.ok(!texts.some((x) => x.includes('金色的巨龙')));
  assert.equal(texts.filter((x) => x === natural[0]).length, 1);
  assert.ok(texts.includes(natural[1]!));
  const syn = lines.find((r) => (r.text as string).startsWith('Long ago'))!;
  const meta = syn.metadata as Record<string, unknown>;
  assert.equal(meta.kind, 'synthetic');
  assert.equal(meta.style, 'story');
  assert.equal(meta.audience, 'children');
  assert.equal(meta.model, 'teacher-1');
  assert.equal(meta.parent_path, 'src/n0.txt');
  assert.equal(meta.review_status, 'pending');
  // Manifest beside the output with counts, tokens and the achieved share.
  const manifest = JSON.parse(readFileSync(manifestPathFor(out), 'utf8')) as ExportManifest;
  assert.equal(manifestPathFor(out), join(root, 'out', 'mix.manifest.json'));
  assert.equal(manifest.documents, lines.length);
  assert.equal(manifest.synthetic, 1);
  assert.equal(manifest.excluded.rejected, 1);
  assert.equal(manifest.excluded.duplicates >= 1, true);
  assert.ok(Math.abs(manifest.achievedShare - manifest.syntheticTokens / manifest.tokens) < 1e-12);
  assert.equal(manifest.tokens, manifest.naturalTokens + manifest.syntheticTokens);
  assert.ok(manifest.byLanguage.zh && manifest.byLanguage.en);
  assert.ok(!readdirSync(join(root, 'out')).some((f) => f.includes('.tmp-')));
  // Plain .jsonl, and a document whose file changed after indexing is left out and counted.
  writeFileSync(join(root, 'src', 'n2.txt'), 'changed after indexing');
  const out2 = join(root, 'out', 'mix.jsonl');
  const m2 = await exportMix(idx.documents(), (docs, s) => idx.texts(docs, s), out2, { syntheticShare: 0.3, keepDuplicates: true });
  assert.ok(existsSync(out2));
  assert.equal(m2.format, 'jsonl');
  assert.equal(m2.excluded.changedOrUnreadable, 1);
  assert.ok(!readFileSync(out2, 'utf8').includes('changed after indexing'));
  // Re-indexing an exported mix keeps the provenance (metadata.kind = synthetic).
  const round = mkdtempSync(join(tmpdir(), 'curator-export-round-'));
  t.after(() => rmSync(round, { recursive: true, force: true }));
  writeFileSync(join(round, 'mix.jsonl'), readFileSync(out2));
  const ridx = await CorpusIndex.open(round);
  const rsyn = ridx.documents().filter((d) => d.kind === 'synthetic');
  assert.equal(rsyn.length, m2.synthetic);
  assert.equal(rsyn[0]?.style, 'story');
});
