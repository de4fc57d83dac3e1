// The index's per-document analysis in worker threads (analyze-pool.ts) gives the same index as inline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CorpusIndex, indexDir } from '../../src/core/corpus/index/corpus-index';
import { AnalyzePipeline, poolSize } from '../../src/core/corpus/index/analyze-pool';
import { DEFAULT_ANALYSIS, type DocAnalysis } from '../../src/core/corpus/index/analyze';
import { DedupIndex } from '../../src/core/corpus/dedup/lsh';
import type { CorpusDocument } from '../../src/core/corpus/model';
import { zeroQuality } from '../../src/core/corpus/quality';
import { tempDir } from './tempdirs';

const WORDS = 'river stone lamp garden winter market letter harbour window valley orchard engine station canvas meadow signal bridge lantern'.split(' ');
const HAN = '山水花鸟风云雨雪江河湖海日月星辰春夏秋冬东南西北上下左右';

/** Deterministic pseudo-text: English paragraphs (some near copies, some that the filters drop) and Chinese. */
function corpus(root: string): void {
  let x = 7;
  const r = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) % 1000) / 1000;
  const en = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
  const zh = (n: number) => Array.from({ length: n }, () => HAN[Math.floor(r() * HAN.length)]).join('');
  const lines: string[] = [];
  const base: string[] = [];
  for (let i = 0; i < 150; i++) {
    const text =
      i % 10 === 3 && base.length
        ? base[base.length - 1]!.replace(/river/, 'brook') // a near copy
        : i % 7 === 0
          ? `${en(5)} {`
          : `${en(60)}. ${en(40)}!\n${en(30)}?\n"${en(20)}," she said. Don't stop. It's 3.5 p.m. now.`;
    base.push(text);
    lines.push(JSON.stringify({ id: `e${i}`, text }));
  }
  mkdirSync(join(root, 'en'));
  writeFileSync(join(root, 'en', 'a.jsonl'), lines.slice(0, 90).join('\n') + '\n');
  writeFileSync(join(root, 'en', 'b.jsonl'), lines.slice(90).join('\n') + '\n');
  mkdirSync(join(root, 'zh'));
  writeFileSync(join(root, 'zh', 'c.jsonl'), Array.from({ length: 80 }, (_, i) => JSON.stringify({ id: `z${i}`, text: `${zh(80)}。${zh(60)}！\n${zh(50)}` })).join('\n') + '\n');
  for (const f of ['en/a.jsonl', 'en/b.jsonl', 'zh/c.jsonl']) utimesSync(join(root, f), 1.7e9, 1.7e9);
}

async function snapshot(root: string, workers: number, filterRules = true) {
  const idx = await CorpusIndex.build(root, { workers, filterRules });
  const dir = indexDir(root);
  const files = Object.fromEntries(
    readdirSync(dir)
      .filter((f) => !f.startsWith('manifest'))
      .map((f) => [f, readFileSync(join(dir, f)).toString('base64')]),
  );
  return {
    docs: idx.documents().map((d) => ({ ...d })),
    clusters: idx.duplicateClusters().map((g) => g.map((d) => d.id)),
    search: ['river stone', '山水'].map((q) => idx.search(q).map((h) => [h.doc.id, h.score])),
    files,
  };
}

test('an index built with worker threads is the same as one built inline (documents, rules, clusters, search, files)', async () => {
  const a = tempDir('curator-pool-');
  const b = tempDir('curator-pool-');
  corpus(a);
  corpus(b);
  const inline = await snapshot(a, 0);
  const pooled = await snapshot(b, 2);
  assert.equal(inline.docs.length, 230);
  assert.ok(inline.docs.some((d) => d.filters), 'some documents are dropped by a rule');
  assert.ok(inline.clusters.length > 0, 'near copies cluster');
  assert.ok(inline.docs.filter((d) => d.quality.top2gramFrac > 0).length > 100, 'quality signals are set');
  assert.deepEqual(pooled, inline);
  // Without the filter rules (the index's default), the same again, and no document carries rule hits.
  const inlineNoRules = await snapshot(a, 0, false);
  const pooledNoRules = await snapshot(b, 2, false);
  assert.ok(inlineNoRules.docs.every((d) => !d.filters));
  assert.deepEqual(pooledNoRules, inlineNoRules);
});

test('a pipeline hands documents over in order, and a worker that fails leaves its batches to the main thread', async () => {
  const dir = tempDir('curator-pool-');
  const broken = join(dir, 'broken.worker.js');
  writeFileSync(broken, "throw new Error('no analysis here');\n");
  const dedup = new DedupIndex();
  const got: string[] = [];
  const fps: DocAnalysis['fp'][] = [];
  const pipe = AnalyzePipeline.create({ deps: DEFAULT_ANALYSIS, dedup, workers: 2, workerFile: broken, sink: (d, _t, a) => (got.push(d.id), fps.push(a.fp)) });
  const texts = Array.from({ length: 200 }, (_, i) => `document ${i} ` + 'words of text that repeat '.repeat(20 + (i % 7)));
  try {
    for (const [i, text] of texts.entries()) {
      const doc = { id: `d${i}`, lang: 'en', quality: zeroQuality() } as CorpusDocument;
      await pipe.push(doc, text);
    }
    await pipe.finish();
  } finally {
    await pipe.close();
  }
  assert.deepEqual(got, texts.map((_, i) => `d${i}`));
  assert.deepEqual(fps[5], dedup.fingerprint(texts[5]!, 'en'));
});

test('the pool is used only for big runs of the default analysis, unless asked', () => {
  assert.equal(poolSize(0, 1e9, DEFAULT_ANALYSIS), 0);
  assert.equal(poolSize(3, 0, DEFAULT_ANALYSIS), 3);
  assert.equal(poolSize(undefined, 1000, DEFAULT_ANALYSIS), 0);
  assert.equal(poolSize(undefined, 1e9, { ...DEFAULT_ANALYSIS, computeQuality: () => zeroQuality() }), 0);
  assert.equal(poolSize(undefined, 1e9, { computeQuality: DEFAULT_ANALYSIS.computeQuality }), availableParallelism() > 1 ? availableParallelism() : 0);
});
