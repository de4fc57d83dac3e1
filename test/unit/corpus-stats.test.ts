import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CorpusDocument, SkippedInput } from '../../src/core/corpus/model';
import { computeStats, diversity, diversityUnits, histogram, sample } from '../../src/core/corpus/stats';
import { zeroQuality } from '../../src/core/corpus/index/deps';

let n = 0;
function doc(over: Partial<CorpusDocument>): CorpusDocument {
  n++;
  return {
    id: `id${n}`, path: `p/${n}.txt`, format: 'txt', lang: 'en', chars: 100, tokens: 100, sha256: `sha${n}`,
    kind: 'natural', status: 'none', domain: 'news', quality: zeroQuality(), mtimeMs: 0, size: 100, ...over,
  };
}

const SYN_TEXTS: Record<string, string> = {};

function corpus(): CorpusDocument[] {
  const docs = [
    doc({ tokens: 300, domain: 'news' }),
    doc({ tokens: 300, domain: 'news', sha256: 'same', dupCluster: 'c1' }),
    doc({ tokens: 300, domain: 'news', sha256: 'same', dupCluster: 'c1' }),
    doc({ tokens: 200, domain: 'wiki', lang: 'zh', quality: { ...zeroQuality(), markupPer1k: 7, tooShort: 1 } }),
    doc({ tokens: 100, kind: 'synthetic', style: 'qa', audience: 'kids', model: 'm1', status: 'accepted', domain: 'news' }),
    doc({ tokens: 200, kind: 'synthetic', style: 'qa', audience: 'adults', model: 'm1', status: 'rejected', domain: 'wiki', lang: 'zh' }),
    doc({ tokens: 300, kind: 'synthetic', style: 'summary', audience: 'kids', model: 'm2', status: 'pending', domain: 'news' }),
  ];
  SYN_TEXTS[docs[4]!.id] = 'In this lesson we learn how rivers shape valleys over thousands of years.';
  SYN_TEXTS[docs[5]!.id] = '在这一课中，我们学习河流如何在数千年里塑造山谷。';
  SYN_TEXTS[docs[6]!.id] = 'In this lesson we learn how rivers shape valleys over many thousands of years.';
  return docs;
}

const SKIPPED: SkippedInput[] = [
  { path: 'a.jsonl', line: 2, reason: 'bad-json', message: 'x' },
  { path: 'a.jsonl', line: 5, reason: 'bad-json', message: 'x' },
  { path: 'b.bin', reason: 'binary', message: 'x' },
];

test('shares by documents and tokens, breakdowns, review, duplicates, skipped, target warning', async () => {
  const s = await computeStats(corpus(), SKIPPED);
  assert.equal(s.documents, 7);
  assert.equal(s.natural, 4);
  assert.equal(s.synthetic, 3);
  assert.equal(s.tokens, 1700);
  assert.equal(s.syntheticTokens, 600);
  assert.equal(s.naturalTokens, 1100);
  assert.ok(Math.abs(s.syntheticShare - 3 / 7) < 1e-12);
  assert.ok(Math.abs(s.syntheticTokenShare - 600 / 1700) < 1e-12);
  assert.equal(s.targetSyntheticShare, 0.3);
  assert.equal(s.overTarget, true);
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0]!, /35\.3%.*30\.0%.*42\.9% of documents/);
  assert.deepEqual(s.byStyle, {
    qa: { documents: 2, tokens: 300, synthetic: 2, syntheticTokens: 300 },
    summary: { documents: 1, tokens: 300, synthetic: 1, syntheticTokens: 300 },
  });
  assert.equal(s.byAudience.kids!.documents, 2);
  assert.equal(s.byModel.m1!.tokens, 300);
  assert.deepEqual(s.byDomain.wiki, { documents: 2, tokens: 400, synthetic: 1, syntheticTokens: 200 });
  assert.deepEqual(s.byLanguage.zh, { documents: 2, tokens: 400, synthetic: 1, syntheticTokens: 200 });
  assert.deepEqual(s.review, { accepted: 1, rejected: 1, pending: 1, acceptanceRate: 0.5 });
  assert.equal(s.duplicates.exactGroups, 1);
  assert.equal(s.duplicates.nearClusters, 1);
  assert.equal(s.duplicates.nearDocs, 2);
  assert.ok(Math.abs(s.duplicates.duplicateRate - 1 / 7) < 1e-12);
  assert.deepEqual(s.skipped.byReason, { 'bad-json': 2, binary: 1 });
  assert.equal(s.skipped.total, 3);
  // Histograms: the markup value 7 falls in [5, 10); one document is too short.
  const mk = s.quality.markupPer1k;
  assert.equal(mk.counts[mk.edges.indexOf(5)], 1);
  assert.equal(mk.counts[0], 6);
  assert.deepEqual(s.quality.tooShort.counts, [6, 1]);
  assert.equal(s.diversity, null);
  // A higher target: no warning.
  const ok = await computeStats(corpus(), [], { targetSyntheticShare: 0.5 });
  assert.equal(ok.overTarget, false);
  assert.deepEqual(ok.warnings, []);
});

test('diversity of the synthetic set: distinct-n, repeated openings, MinHash similarity (en and zh)', async () => {
  const docs = corpus();
  const reads: string[][] = [];
  const s = await computeStats(docs, [], {
    readTexts: async (ds) => {
      reads.push(ds.map((d) => d.id));
      return new Map(ds.filter((d) => SYN_TEXTS[d.id]).map((d) => [d.id, SYN_TEXTS[d.id]!]));
    },
  });
  const d = s.diversity!;
  assert.equal(d.sampled, 3);
  assert.equal(reads.length, 1, 'texts are read in one batch');
  assert.ok(reads[0]!.every((id) => docs.find((x) => x.id === id)!.kind === 'synthetic'));
  // Two near-identical English texts: many repeated n-grams, so distinct-n < 1 and grows with n.
  assert.ok(d.distinctN[1] < d.distinctN[4]);
  assert.ok(d.distinctN[4] < 1);
  assert.deepEqual(d.topOpenings, [{ phrase: 'in this lesson we learn', count: 2 }]);
  assert.equal(d.pairs, 3);
  assert.ok(d.meanPairwiseSimilarity > 0.1 && d.meanPairwiseSimilarity < 0.6, String(d.meanPairwiseSimilarity));
  // Fully distinct texts have distinct-1 of 1.
  const only = await diversity([docs[5]!], async () => new Map([[docs[5]!.id, '甲乙丙丁']]));
  assert.equal(only!.distinctN[1], 1);
  assert.deepEqual(diversityUnits('Hello 世界, it’s 2024'), ['hello', '世', '界', 'it’s', '2024']);
});

test('histogram bins and seeded sampling', () => {
  assert.deepEqual(histogram([0, 0.5, 1, 3, 100], [0, 1, 2, 50]).counts, [2, 1, 1, 1]);
  const items = Array.from({ length: 100 }, (_, i) => i);
  assert.deepEqual(sample(items, 10, 7), sample(items, 10, 7));
  assert.notDeepEqual(sample(items, 10, 7), sample(items, 10, 8));
  assert.equal(new Set(sample(items, 10, 7)).size, 10);
  assert.deepEqual(sample([1, 2], 10, 1), [1, 2]);
});
