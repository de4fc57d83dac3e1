import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusIndex, docRef, indexDir, type IndexProgress } from '../../src/core/corpus/index/corpus-index';
import { appendProvenance } from '../../src/core/provenance/log';
import type { RewriteRecord } from '../../src/core/provenance/types';
import { globToRegExp } from '../../src/core/corpus/index/glob';
import { runIndexerWorker } from '../../src/core/corpus/index/worker-client';
import { countingDeps } from './counting-deps';

const EN_A = 'The lighthouse keeper wrote long letters about storms, ships and the gulls that nested on the rocks every spring.';
const EN_B = 'Photosynthesis converts light energy into chemical energy that plants store as sugar in their leaves.';
const ZH_A = '长城是中国古代的军事防御工程，东起山海关，西至嘉峪关，全长数千公里。';
const ZH_B = '熊猫主要生活在四川的山区竹林中，以竹子为主要食物，是中国的国宝。';

function rewrite(id: string, source: string, output: string, style: string, audience: string): RewriteRecord {
  return {
    type: 'rewrite', v: 1, id, time: '2026-01-01T00:00:00Z',
    source: { path: source, sha256: 'x', lang: 'en', chars: 1 },
    output: { path: output, sha256: 'y', lang: 'en', chars: 1 },
    style, audience, model: 'teacher-1', endpointHost: 'localhost',
    template: { id: 't', sha256: 'z', origin: 'builtin' },
    usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
    chunks: 1, durationMs: 1, status: 'done', flags: [],
  };
}

/** A small workspace: English and Chinese files, a JSONL with a bad line, rewrites in the provenance log. */
function makeCorpus(): string {
  const root = mkdtempSync(join(tmpdir(), 'curator-index-'));
  mkdirSync(join(root, 'news'));
  mkdirSync(join(root, 'wiki'));
  mkdirSync(join(root, 'node_modules', 'pkg'), { recursive: true });
  writeFileSync(join(root, 'news', 'lighthouse.txt'), EN_A);
  writeFileSync(join(root, 'news', 'lighthouse-copy.txt'), EN_A);
  writeFileSync(join(root, 'news', 'lighthouse.qa.txt'), 'Question: who wrote letters about storms? Answer: the keeper of the lighthouse, in every season of the year.');
  writeFileSync(join(root, 'wiki', 'greatwall.md'), `# 长城\n\n${ZH_A}`);
  writeFileSync(join(root, 'wiki', 'greatwall.kids.md'), '长城很长很长，像一条巨龙趴在山上，古时候的人用它来保护家园。');
  writeFileSync(
    join(root, 'wiki', 'mixed.jsonl'),
    [
      JSON.stringify({ id: 'p1', text: ZH_B, metadata: { domain: 'animals' } }),
      '{"text": "broken',
      JSON.stringify({ id: 'p3', text: EN_B, metadata: { kind: 'synthetic', style: 'textbook', audience: 'students', model: 'teacher-2' } }),
      JSON.stringify({ id: 'p4', body: 'no text field here' }),
    ].join('\n') + '\n',
  );
  writeFileSync(join(root, 'node_modules', 'pkg', 'readme.txt'), 'should never be indexed');
  appendProvenance(root, rewrite('r1', 'news/lighthouse.txt', 'news/lighthouse.qa.txt', 'qa', 'adults'));
  appendProvenance(root, rewrite('r2', 'wiki/greatwall.md', 'wiki/greatwall.kids.md', 'story', 'children'));
  appendProvenance(root, { type: 'decision', v: 1, time: '2026-01-02T00:00:00Z', rewriteId: 'r1', source: { path: 'news/lighthouse.txt' }, output: { path: 'news/lighthouse.qa.txt' }, decision: 'accepted' });
  appendProvenance(root, { type: 'decision', v: 1, time: '2026-01-02T00:00:00Z', rewriteId: 'r2', source: { path: 'wiki/greatwall.md' }, output: { path: 'wiki/greatwall.kids.md' }, decision: 'accepted' });
  appendProvenance(root, { type: 'decision', v: 1, time: '2026-01-03T00:00:00Z', rewriteId: 'r2', source: { path: 'wiki/greatwall.md' }, output: { path: 'wiki/greatwall.kids.md' }, decision: 'rejected' });
  return root;
}


test('builds documents with provenance, domains, duplicates and skipped inputs (English and Chinese)', async (t) => {
  const root = makeCorpus();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const phases = new Set<IndexProgress['phase']>();
  const idx = await CorpusIndex.open(root, { onProgress: (p) => phases.add(p.phase) });
  assert.deepEqual([...phases].sort(), ['dedup', 'read', 'scan', 'search', 'write']);
  const byRef = new Map(idx.documents().map((d) => [docRef(d), d]));
  assert.deepEqual([...byRef.keys()].sort(), [
    'news/lighthouse-copy.txt', 'news/lighthouse.qa.txt', 'news/lighthouse.txt',
    'wiki/greatwall.kids.md', 'wiki/greatwall.md', 'wiki/mixed.jsonl:1', 'wiki/mixed.jsonl:3',
  ]);
  const qa = byRef.get('news/lighthouse.qa.txt')!;
  assert.equal(qa.kind, 'synthetic');
  assert.equal(qa.style, 'qa');
  assert.equal(qa.audience, 'adults');
  assert.equal(qa.model, 'teacher-1');
  assert.equal(qa.status, 'accepted');
  assert.equal(qa.parentPath, 'news/lighthouse.txt');
  assert.equal(qa.parentId, byRef.get('news/lighthouse.txt')!.id);
  // The latest decision wins.
  assert.equal(byRef.get('wiki/greatwall.kids.md')!.status, 'rejected');
  assert.equal(byRef.get('wiki/greatwall.kids.md')!.lang, 'zh');
  // JSONL metadata marks a synthetic document; metadata domain beats the folder.
  const p3 = byRef.get('wiki/mixed.jsonl:3')!;
  assert.equal(p3.kind, 'synthetic');
  assert.equal(p3.style, 'textbook');
  assert.equal(p3.status, 'pending');
  assert.equal(p3.externalId, 'p3');
  assert.equal(byRef.get('wiki/mixed.jsonl:1')!.domain, 'animals');
  assert.equal(byRef.get('wiki/mixed.jsonl:1')!.kind, 'natural');
  assert.equal(byRef.get('wiki/greatwall.md')!.domain, 'wiki');
  assert.equal(byRef.get('wiki/greatwall.md')!.title, '长城');
  assert.equal(byRef.get('news/lighthouse.txt')!.status, 'none');
  // Exact copies share a cluster.
  const a = byRef.get('news/lighthouse.txt')!;
  const copy = byRef.get('news/lighthouse-copy.txt')!;
  assert.ok(a.dupCluster && a.dupCluster === copy.dupCluster);
  assert.equal(a.sha256, copy.sha256);
  assert.ok(idx.duplicateClusters().some((g) => g.some((d) => d.id === a.id) && g.some((d) => d.id === copy.id)));
  // Skipped: the bad JSON line and the record without text, with path and line.
  const skipped = idx.skipped().map((s) => `${s.path}:${s.line}:${s.reason}`).sort();
  assert.deepEqual(skipped, ['wiki/mixed.jsonl:2:bad-json', 'wiki/mixed.jsonl:4:no-text-field']);
  assert.ok(!idx.fileList().some((f) => f.path.includes('node_modules')));
  assert.ok(byRef.get('wiki/greatwall.md')!.tokens > 20);
});

test('reopens from disk without reading files; update re-reads only the changed file', async (t) => {
  const root = makeCorpus();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  await CorpusIndex.open(root);
  const c1 = countingDeps(root);
  const again = await CorpusIndex.open(root, { deps: c1.deps });
  assert.deepEqual(c1.reads, [], 'an up-to-date index reads no file');
  assert.equal(again.size, 7);

  writeFileSync(join(root, 'news', 'lighthouse.txt'), 'Completely new text about volcanoes erupting near the coast of Iceland last winter.');
  const future = new Date(Date.now() + 5000);
  utimesSync(join(root, 'news', 'lighthouse.txt'), future, future);
  const c2 = countingDeps(root);
  const idx = CorpusIndex.load(root, { deps: c2.deps }).index!;
  const r = await idx.update();
  assert.deepEqual(r.readFiles, ['news/lighthouse.txt']);
  assert.deepEqual(c2.reads, ['news/lighthouse.txt']);
  assert.equal(idx.search('volcanoes Iceland')[0]?.doc.path, 'news/lighthouse.txt');
  assert.ok(!idx.search('gulls nested').some((h) => h.doc.path === 'news/lighthouse.txt' && h.coverage === 1));
  // The copy is no longer a duplicate of it.
  assert.equal(idx.documents().find((d) => d.path === 'news/lighthouse-copy.txt')!.dupCluster, undefined);

  // update(paths): a deleted file's documents go away; nothing else is read.
  unlinkSync(join(root, 'wiki', 'greatwall.kids.md'));
  const c3 = countingDeps(root);
  const idx3 = CorpusIndex.load(root, { deps: c3.deps }).index!;
  const r3 = await idx3.update([join(root, 'wiki', 'greatwall.kids.md')]);
  assert.deepEqual(r3.removedFiles, ['wiki/greatwall.kids.md']);
  assert.deepEqual(c3.reads, []);
  assert.equal(idx3.search('巨龙').length, 0);
  // And the persisted index agrees after a reload.
  const reloaded = CorpusIndex.load(root).index!;
  assert.equal(reloaded.size, 6);
  assert.equal(reloaded.search('volcanoes')[0]?.doc.path, 'news/lighthouse.txt');
});

test('a corrupt or old-format index is rebuilt with a message, not an error', async (t) => {
  const root = makeCorpus();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  await CorpusIndex.open(root);
  const dir = indexDir(root);
  // Torn manifest.
  writeFileSync(join(dir, 'manifest.json'), '{"formatVersion": 1, "gener');
  const logs: string[] = [];
  const idx = await CorpusIndex.open(root, { log: (m) => logs.push(m) });
  assert.equal(idx.size, 7);
  assert.match(logs.join('\n'), /corrupt.*rebuilding/);
  // Truncated shard file.
  const shard = readdirSync(dir).find((f) => f.startsWith('shard-'))!;
  const bytes = readFileSync(join(dir, shard));
  writeFileSync(join(dir, shard), bytes.subarray(0, bytes.length - 7));
  logs.length = 0;
  const idx2 = await CorpusIndex.open(root, { log: (m) => logs.push(m) });
  assert.equal(idx2.search('长城').length > 0, true);
  assert.match(logs.join('\n'), /rebuilding/);
  // Old format version.
  const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { formatVersion: number };
  m.formatVersion = 0;
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  logs.length = 0;
  const idx3 = await CorpusIndex.open(root, { log: (msg) => logs.push(msg) });
  assert.equal(idx3.size, 7);
  assert.match(logs.join('\n'), /format version 0/);
  // After the rebuild it loads cleanly: no more messages.
  logs.length = 0;
  await CorpusIndex.open(root, { log: (msg) => logs.push(msg) });
  assert.deepEqual(logs, []);
  // No temporary files are left behind.
  assert.ok(!readdirSync(dir).some((f) => f.includes('.tmp-')));
});

test('include/exclude globs and cancellation', async (t) => {
  const root = makeCorpus();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const idx = await CorpusIndex.build(root, { include: ['wiki/**'], exclude: ['*.jsonl', 'node_modules'] });
  assert.deepEqual(idx.fileList().map((f) => f.path).sort(), ['wiki/greatwall.kids.md', 'wiki/greatwall.md']);
  assert.ok(globToRegExp('node_modules').test('a/node_modules/x.txt'));
  assert.ok(globToRegExp('**/*.md').test('wiki/greatwall.md'));
  assert.ok(!globToRegExp('wiki/*.md').test('news/wiki/a.md'));
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(CorpusIndex.build(root, {}, { signal: ac.signal }), (e: Error) => e.name === 'AbortError');
});

test('the worker builds the index off the main thread with progress messages', async (t) => {
  const root = makeCorpus();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // The bundle (dist/indexer.worker.js) is plain JS; here a bootstrap loads the TypeScript source via tsx.
  const worker = join(root, 'bootstrap.cjs');
  writeFileSync(worker, `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(join(__dirname, '../../src/core/corpus/index/indexer.worker.ts'))});\n`);
  const progress: IndexProgress[] = [];
  const summary = await runIndexerWorker(worker, { mode: 'open', root, exclude: ['node_modules', '.git', '.curator', '*.cjs'] }, { onProgress: (p) => progress.push(p) });
  assert.equal(summary.documents, 7);
  assert.equal(summary.skipped, 2);
  assert.ok(progress.some((p) => p.phase === 'read'));
  const idx = CorpusIndex.load(root, { exclude: ['node_modules', '.git', '.curator', '*.cjs'] }).index!;
  assert.equal(idx.search('熊猫')[0]?.doc.path, 'wiki/mixed.jsonl');
  writeFileSync(join(root, 'news', 'new.txt'), 'A brand new note about glaciers.');
  const s2 = await runIndexerWorker(worker, { mode: 'update', root, exclude: ['node_modules', '.git', '.curator', '*.cjs'], changedPaths: ['news/new.txt'] });
  assert.deepEqual(s2.update?.readFiles, ['news/new.txt']);
  assert.equal(s2.documents, 8);
});

test('filter-rule hits are computed only when asked for: a new index has none; asking adds them to every document once, and to later files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'curator-index-rules-'));
  try {
    // A navigation menu: C4 drops it (too few sentences).
    const menu = 'Home\nAbout us\nContact\nHome\nAbout us\nContact\nWelcome to our shop, where we sell hand made goods.\nHome';
    writeFileSync(join(root, 'menu.txt'), menu);
    writeFileSync(join(root, 'prose.txt'), EN_A);
    const plain = await CorpusIndex.build(root);
    assert.equal(plain.filterRules, false);
    assert.ok(plain.documents().every((d) => d.filters === undefined));
    // Reloaded without asking: still none, and nothing is read again.
    const again = await CorpusIndex.open(root);
    assert.equal(again.filterRules, false);
    // Asked for: every document is evaluated from its text, and the index says so on disk.
    const withRules = CorpusIndex.load(root, { filterRules: true }).index!;
    const up = await withRules.update();
    assert.equal(up.filterRulesAdded, 2);
    assert.deepEqual(up.readFiles, []);
    const menuDoc = withRules.documents().find((d) => d.path === 'menu.txt')!;
    assert.ok(menuDoc.filters?.all.some((h) => h.filter === 'c4' && h.rule === 'too_few_sentences'), 'C4 drops the menu');
    const reloaded = CorpusIndex.load(root).index!;
    assert.equal(reloaded.filterRules, true);
    assert.deepEqual(reloaded.documents().find((d) => d.path === 'menu.txt')!.filters, menuDoc.filters);
    // Kept on: a file added later is evaluated while it is read.
    writeFileSync(join(root, 'menu2.txt'), menu + '\nShop');
    const up2 = await reloaded.update();
    assert.equal(up2.filterRulesAdded, undefined);
    assert.ok(reloaded.documents().find((d) => d.path === 'menu2.txt')!.filters);
    // A rebuild keeps what the index had.
    const rebuilt = await CorpusIndex.build(root);
    assert.equal(rebuilt.filterRules, true);
    assert.ok(rebuilt.documents().find((d) => d.path === 'menu.txt')!.filters);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('stored as JSON lines and a binary signature file; a damaged signature file makes the next update rebuild', async (t) => {
  const root = makeCorpus();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const built = await CorpusIndex.build(root);
  const dir = indexDir(root);
  const files = readdirSync(dir);
  const docsFile = files.find((f) => /^docs-\d+\.jsonl$/.test(f))!;
  assert.equal(readFileSync(join(dir, docsFile), 'utf8').trim().split('\n').length, built.size);
  const sig = files.find((f) => /^dedup-\d+\.bin$/.test(f))!;
  const bytes = readFileSync(join(dir, sig));
  writeFileSync(join(dir, sig), bytes.subarray(0, bytes.length - 5));
  writeFileSync(join(root, 'news', 'new.txt'), 'Volcanic islands rise from the sea floor where magma finds a way through the crust, over many thousands of years.');
  const logs: string[] = [];
  const idx = CorpusIndex.load(root, { log: (m) => logs.push(m) }).index!;
  const up = await idx.update();
  assert.equal(up.rebuilt, true);
  assert.match(logs.join('\n'), /could not be read.*rebuilding/);
  assert.equal(idx.size, built.size + 1);
  assert.deepEqual(idx.duplicateClusters().map((c) => c.map((d) => d.path)), built.duplicateClusters().map((c) => c.map((d) => d.path)));
});
