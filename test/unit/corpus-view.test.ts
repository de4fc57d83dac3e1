// Pure helpers of the Corpus view, search and the statistics charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CorpusDocument } from '../../src/core/corpus/model';
import { zeroQuality } from '../../src/core/corpus/index/deps';
import { compact, groupCorpus, percent, type DocNode, type FileNode, type GroupNode } from '../../src/host/corpus/grouping.model';
import { coreFilters, formatFilter, isEmptyFilter, matchesFilter, parseQuery, parseShare, qualityIssues } from '../../src/host/corpus/query.model';
import { binLabels, ellipsize, fmtCompact, fmtPct, linear, niceStep, niceTicks, stack } from '../../webview/stats/scale';

function doc(p: Partial<CorpusDocument> & { id: string; path: string }): CorpusDocument {
  return {
    format: p.path.endsWith('.jsonl') ? 'jsonl' : 'md',
    lang: 'en',
    chars: 100,
    tokens: 25,
    sha256: p.id,
    kind: 'natural',
    status: 'none',
    domain: 'docs',
    quality: zeroQuality(),
    mtimeMs: 0,
    size: 100,
    ...p,
  };
}

const docs: CorpusDocument[] = [
  doc({ id: 'a', path: 'docs/river.md' }),
  doc({ id: 'b', path: 'docs/tea.zh.md', lang: 'zh' }),
  doc({ id: 'r1', path: 'docs/river.textbook.children.md', kind: 'synthetic', parentId: 'a', parentPath: 'docs/river.md', style: 'textbook', audience: 'children', status: 'accepted' }),
  doc({ id: 'r2', path: 'docs/river.qa.college.md', kind: 'synthetic', parentId: 'a', parentPath: 'docs/river.md', style: 'qa', audience: 'college', status: 'pending' }),
  doc({ id: 'r3', path: 'docs/tea.zh.textbook.children.md', kind: 'synthetic', parentId: 'b', parentPath: 'docs/tea.zh.md', style: 'textbook', audience: 'children', lang: 'zh', status: 'rejected' }),
  doc({ id: 'j2', path: 'data/crawl.jsonl', line: 2 }),
  doc({ id: 'j1', path: 'data/crawl.jsonl', line: 1, dupCluster: 'cx' }),
  doc({ id: 'j6', path: 'data/crawl.jsonl', line: 6, kind: 'synthetic', style: 'textbook', audience: 'children' }),
];

test('groupCorpus: kind → style · audience → file → document, rewrites under their source', () => {
  const kinds = groupCorpus(docs);
  assert.deepEqual(kinds.map((k) => [k.kind, k.docs, k.tokens]), [['natural', 4, 100], ['synthetic', 4, 100]]);
  const natural = kinds[0]!;
  // A JSONL file with several records is a file node (records in line order); one-document files are documents.
  const jsonl = natural.children[0] as FileNode;
  assert.equal(jsonl.type, 'file');
  assert.equal(jsonl.path, 'data/crawl.jsonl');
  assert.deepEqual(jsonl.children.map((c) => c.doc.line), [1, 2]);
  const river = natural.children[1] as DocNode;
  assert.equal(river.doc.id, 'a');
  assert.deepEqual(river.children.map((c) => c.doc.id), ['r2', 'r1'], 'rewrites of the river document, in path order');
  const tea = natural.children[2] as DocNode;
  assert.deepEqual(tea.children.map((c) => c.doc.id), ['r3']);
  const groups = kinds[1]!.children as GroupNode[];
  assert.deepEqual(groups.map((g) => `${g.style}/${g.audience}:${g.docs}`), ['qa/college:1', 'textbook/children:3']);
  // A single record of a JSONL file is shown on its own (labelled file:line), records of a file node are inFile.
  const tb = groups[1]!;
  assert.deepEqual(tb.children.map((c) => c.type), ['doc', 'doc', 'doc']);
  assert.equal((tb.children[0] as DocNode).doc.id, 'j6');
  assert.ok(jsonl.children.every((c) => c.inFile));
  assert.ok(!river.inFile);
});

test('groupCorpus with a filter keeps only what passes, and drops empty kinds', () => {
  const f = parseQuery('kind:synthetic lang:zh').filter;
  const kinds = groupCorpus(docs, (d) => matchesFilter(d, f));
  assert.equal(kinds.length, 1);
  assert.equal(kinds[0]!.kind, 'synthetic');
  assert.equal(kinds[0]!.docs, 1);
  assert.deepEqual(groupCorpus(docs, () => false), []);
});

test('parseQuery: filter terms, comma alternatives, quotes, aliases, unknown keys stay text', () => {
  const q = parseQuery('kind:synthetic lang:ZH,en style:"plain language" tea http://x.org 12:30 review:accepted is:dup');
  assert.equal(q.text, 'tea http://x.org 12:30');
  assert.deepEqual(q.filter, { kind: ['synthetic'], lang: ['zh', 'en'], style: ['plain language'], status: ['accepted'], dup: true });
  assert.deepEqual(q.errors, []);
  const bad = parseQuery('kind:robot lang: quality:great 茶');
  assert.deepEqual(bad.errors, ['kind:robot', 'lang:', 'quality:great']);
  assert.equal(bad.text, '茶');
  assert.ok(isEmptyFilter(bad.filter));
});

test('formatFilter writes the query syntax back; coreFilters keeps single values only', () => {
  const f = parseQuery('lang:zh,en kind:natural style:"plain language" is:unique').filter;
  assert.equal(formatFilter(f), 'kind:natural lang:zh,en style:"plain language" is:unique');
  assert.deepEqual(coreFilters(f), { kind: 'natural', style: 'plain language' });
  assert.equal(coreFilters({}), undefined);
});

test('matchesFilter: OR within a key, AND across keys, quality and duplicates', () => {
  const zhOrEn = parseQuery('lang:zh,en kind:synthetic').filter;
  assert.deepEqual(docs.filter((d) => matchesFilter(d, zhOrEn)).map((d) => d.id), ['r1', 'r2', 'r3', 'j6']);
  assert.deepEqual(docs.filter((d) => matchesFilter(d, { dup: true })).map((d) => d.id), ['j1']);
  const bad = doc({ id: 'q', path: 'x.md', quality: { ...zeroQuality(), markupPer1k: 12, emails: 1 } });
  assert.deepEqual(qualityIssues(bad), ['markup', 'pii']);
  assert.equal(matchesFilter(bad, { quality: ['flagged'] }), true);
  assert.equal(matchesFilter(bad, { quality: ['clean'] }), false);
  assert.equal(matchesFilter(docs[0]!, { quality: ['clean'] }), true);
});

test('badges: compact numbers and percentages', () => {
  assert.deepEqual([compact(950), compact(12_345), compact(4_500_000), compact(2e9)], ['950', '12k', '4.5M', '2.0G']);
  assert.deepEqual([percent(0), percent(0.273), percent(0.041), percent(1)], ['0%', '27%', '4.1%', '100%']);
});

test('chart scales: linear, nice steps and ticks', () => {
  const x = linear([0, 10], [0, 200]);
  assert.equal(x(5), 100);
  assert.equal(linear([3, 3], [10, 20])(7), 10, 'zero-width domain');
  assert.equal(linear([0, 1], [100, 0])(0.25), 75, 'inverted range (SVG y)');
  assert.deepEqual([niceStep(10, 4), niceStep(7, 4), niceStep(1234, 4), niceStep(0.9, 3), niceStep(0)], [5, 2, 500, 0.5, 1]);
  assert.deepEqual(niceTicks(7, 4), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(1, 4), [0, 0.5, 1]);
  assert.deepEqual(niceTicks(0, 4), [0, 1]);
  assert.deepEqual(niceTicks(3, 10, true), [0, 1, 2, 3]);
  for (const max of [1, 3, 17, 99, 1000, 0.07]) {
    const t = niceTicks(max, 4);
    assert.ok(t[t.length - 1]! >= max, `ticks cover ${max}`);
    assert.ok(t.length <= 7, `few ticks for ${max}`);
  }
});

test('chart formats, bin labels, stacks and ellipsis', () => {
  assert.deepEqual([fmtPct(0), fmtPct(0.0412), fmtPct(0.273), fmtPct(1)], ['0%', '4.1%', '27%', '100%']);
  assert.deepEqual([fmtCompact(7), fmtCompact(0.25), fmtCompact(1500), fmtCompact(25_000)], ['7', '0.25', '1.5k', '25k']);
  assert.deepEqual(binLabels([0, 0.5, 1, 2]), ['<0.5', '0.5–1', '1–2', '≥2']);
  assert.deepEqual(binLabels([0, 1]), ['0', '1']);
  assert.deepEqual(stack([1, 3], 100), [{ x: 0, w: 25 }, { x: 25, w: 75 }]);
  assert.deepEqual(stack([0, 0], 100), [{ x: 0, w: 0 }, { x: 0, w: 0 }]);
  assert.equal(ellipsize('short', 10), 'short');
  assert.equal(ellipsize('a very long label indeed', 10), 'a very lon…');
  assert.equal(ellipsize('丝绸之路连接了古代中国', 8), '丝绸之路…', 'CJK counts double');
});

test('parseShare: the export target as a percentage or a fraction', () => {
  assert.deepEqual(['30%', '0.3', '30', ' 5 % ', '100%', '0', '１'].map((s) => parseShare(s)), [0.3, 0.3, 0.3, 0.05, 1, 0, undefined]);
  assert.equal(parseShare('12.5％'), 0.125);
  assert.equal(parseShare('150%'), undefined);
  assert.equal(parseShare('-1'), undefined);
  assert.equal(parseShare('abc'), undefined);
  assert.equal(parseShare(''), undefined);
});
