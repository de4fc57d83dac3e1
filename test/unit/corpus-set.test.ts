// Several roots (a multi-root workspace) read as one corpus: each root has its own .curator/ index; with
// more than one root, paths and ids carry the root's name and resolve back to the root.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CorpusIndex } from '../../src/core/corpus/index/corpus-index';
import { CorpusSet, memberNames } from '../../src/core/corpus/index/corpus-set';
import { computeStats } from '../../src/core/corpus/stats';

function folder(base: string, name: string, files: Record<string, string>): string {
  const root = join(base, name);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

test('two roots: own indexes, prefixed paths, search, texts and resolve across both', async () => {
  const base = mkdtempSync(join(tmpdir(), 'curator-set-'));
  try {
    const a = folder(base, 'news', { 'a.md': '# Harbour\n\nStorms damaged the ships in the harbour.\n', 'data/x.jsonl': '{"text":"这场战役持续了三个月。"}\n{"text":"Lighthouse keepers wrote letters."}\n' });
    const b = folder(base, 'web', { 'a.md': '# Tea\n\nTea gardens on the hills near the harbour.\n' });
    const ia = await CorpusIndex.open(a);
    const ib = await CorpusIndex.open(b);
    assert.ok(existsSync(join(a, '.curator', 'index', 'manifest.json')) && existsSync(join(b, '.curator', 'index', 'manifest.json')));
    const set = new CorpusSet([{ name: 'news', root: a, index: ia }, { name: 'web', root: b, index: ib }]);
    assert.equal(set.prefixed, true);
    assert.equal(set.size, 4);
    assert.deepEqual(set.documents().map((d) => d.path).sort(), ['news/a.md', 'news/data/x.jsonl', 'news/data/x.jsonl', 'web/a.md']);
    const byPath = (p: string) => set.documents().find((d) => d.path === p)!;
    // Same relative path in both roots: two documents, ids prefixed too, found again by id.
    assert.notEqual(byPath('news/a.md').id, byPath('web/a.md').id);
    assert.ok(byPath('web/a.md').id.startsWith('web/'));
    assert.equal(set.get(byPath('web/a.md').id)?.path, 'web/a.md');
    assert.deepEqual(set.search('harbour').map((r) => r.doc.path).sort(), ['news/a.md', 'web/a.md']);
    assert.deepEqual(set.search('战役').map((r) => `${r.doc.path}:${r.doc.line}`), ['news/data/x.jsonl:1']);
    const r = set.resolve('web/a.md');
    assert.equal(r?.member.root, b);
    assert.equal(r?.rel, 'a.md');
    assert.equal(set.resolve('other/a.md'), undefined);
    const texts = await set.readTexts(set.documents());
    assert.match(texts.get(byPath('web/a.md').id) ?? '', /Tea gardens/);
    assert.match(texts.get(byPath('news/a.md').id) ?? '', /Storms/);
    assert.equal(await set.readText(byPath('web/a.md')), texts.get(byPath('web/a.md').id));
    // Filters see the prefixed paths; generation grows when one root is written.
    assert.deepEqual(set.documents({ lang: 'zh' }).map((d) => d.path), ['news/data/x.jsonl']);
    const g = set.generation;
    writeFileSync(join(b, 'b.md'), 'Another page about tea.\n');
    await ib.update();
    assert.ok(set.generation > g);
    assert.equal(set.size, 5);
    // One root: the index as it is, paths unprefixed.
    const one = new CorpusSet([{ name: 'web', root: b, index: ib }]);
    assert.equal(one.prefixed, false);
    assert.deepEqual(one.documents().map((d) => d.path).sort(), ['a.md', 'b.md']);
    assert.equal(one.resolve('a.md')?.rel, 'a.md');
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('a passage found in two roots is shared in the set (it would be trained on twice in the mix), and not within either root alone', async () => {
  const base = mkdtempSync(join(tmpdir(), 'curator-set-'));
  try {
    const boiler = 'Subscribe to our newsletter for weekly news about harbour shipping, port logistics and the weather at sea.';
    const a = folder(base, 'news', { 'a.md': `# Storms\n\nStorms damaged three ships moored in the old harbour last winter, the port said.\n\n${boiler}\n`, 'b.md': '# Fish\n\nThe fish market opens at five in the morning and closes before the noon bell rings.\n' });
    const b = folder(base, 'web', { 'c.md': `# Cranes\n\nTwo new cranes were delivered to the container terminal by a heavy-lift vessel.\n\n${boiler}\n` });
    const ia = await CorpusIndex.open(a);
    const ib = await CorpusIndex.open(b);
    // Each root alone: nothing shared.
    assert.equal(ia.sharedPassages().length, 0);
    assert.ok(ia.documents().every((d) => !d.sharedPassages));
    const set = new CorpusSet([{ name: 'news', root: a, index: ia }, { name: 'web', root: b, index: ib }]);
    const shared = set.sharedPassages();
    assert.equal(shared.length, 1);
    assert.deepEqual(shared[0]!.docs.map((d) => d.path), ['news/a.md', 'web/c.md']);
    const byPath = new Map(set.documents().map((d) => [d.path, d]));
    assert.equal(byPath.get('news/a.md')!.sharedPassages, 1);
    assert.equal(byPath.get('web/c.md')!.sharedPassages, 1);
    assert.equal(byPath.get('news/b.md')!.sharedPassages, undefined);
    assert.equal(set.get(byPath.get('web/c.md')!.id)!.sharedPassages, 1);
    // Together: two documents share a passage; per folder (a root's own index): none.
    assert.equal((await computeStats(set.documents(), [])).duplicates.passageDocs, 2);
    assert.equal((await computeStats(ia.documents(), [])).duplicates.passageDocs, 0);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('member names: unique, no slashes', () => {
  assert.deepEqual(memberNames(['data', 'web', 'data', 'a/b', '']), ['data', 'web', 'data (2)', 'a_b', 'folder']);
});
