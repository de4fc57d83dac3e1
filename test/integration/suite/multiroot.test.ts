// A multi-root workspace (test/fixtures/multiroot/corpus.code-workspace: folders "news" and "web"), run by
// `npm run test:vscode -- --workspace test/fixtures/multiroot/corpus.code-workspace --file multiroot` (the
// `vscode:multiroot` stage of `npm test`). Every folder is indexed under its own .curator/, shown as a root
// in the Corpus view, searched together, counted per folder and together in the statistics; each folder's
// indexing settings are its own (resource scope); a passage found in both folders is shared together. In a
// one-folder workspace the suite skips itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { curator } from './api';

interface Status {
  state: string;
  documents: number;
  generation: number;
  tree: string[];
}

const status = async () => (await curator()).corpusStatus() as Status;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting; last value: ${JSON.stringify(v).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('multiroot', function () {
  this.timeout(120_000);
  let folders: readonly vscode.WorkspaceFolder[] = [];

  before(async function () {
    folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length < 2) this.skip();
    await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate();
  });

  it('indexes every folder under its own .curator/ and shows each as a root', async () => {
    await vscode.commands.executeCommand('corpusCurator.refreshCorpus');
    const s = await until(status, (x) => x.state === 'ready' && x.documents === 5);
    for (const f of folders) assert.ok(fs.existsSync(path.join(f.uri.fsPath, '.curator', 'index', 'manifest.json')), `${f.name} has its own index`);
    const roots = s.tree.filter((l) => !l.startsWith(' '));
    assert.deepEqual(roots.map((l) => l.split(' — ')[0]), ['news', 'web']);
    assert.match(roots[0]!, /3 docs/);
    assert.match(roots[1]!, /2 docs/);
    // Under each root its own kinds and files.
    const news = s.tree.slice(s.tree.indexOf(roots[0]!) + 1, s.tree.indexOf(roots[1]!));
    assert.ok(news.some((l) => /^ {2}Natural/.test(l)));
    assert.ok(!news.some((l) => l.includes('tea.md')));
  });

  it('searches both folders, with folder-prefixed paths that open', async () => {
    const r = (await vscode.commands.executeCommand('corpusCurator.search', { query: 'harbour' })) as { hits: { path: string; highlights: [number, number][]; snippet: string }[] };
    assert.deepEqual(r.hits.map((h) => h.path).sort(), ['news/harbour.md', 'web/harbour.md', 'web/tea.md']);
    for (const h of r.hits) for (const [a, b] of h.highlights) assert.equal(h.snippet.slice(a, b).toLowerCase(), 'harbour');
    const zh = (await vscode.commands.executeCommand('corpusCurator.search', { query: '战役' })) as { hits: { path: string; line?: number }[] };
    assert.deepEqual(zh.hits.map((h) => `${h.path}:${h.line}`), ['news/data/battles.jsonl:1']);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.openCorpusDocument', { path: 'web/tea.md' }), true);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, path.join(folders[1]!.uri.fsPath, 'tea.md'));
  });

  it('counts per folder and together in the statistics', async () => {
    const r = (await vscode.commands.executeCommand('corpusCurator.showStats')) as { state: string; stats?: { documents: number; byFolder: { key: string; documents: number }[] } };
    assert.equal(r.state, 'ready');
    assert.equal(r.stats!.documents, 5);
    assert.deepEqual(r.stats!.byFolder.map((f) => [f.key, f.documents]), [['news', 3], ['web', 2]]);
  });

  it("reads each folder's indexing settings with that folder as scope", async () => {
    const web = folders[1]!;
    const cfg = vscode.workspace.getConfiguration('corpusCurator', web.uri);
    await cfg.update('corpus.exclude', ['tea.md'], vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      assert.deepEqual(vscode.workspace.getConfiguration('corpusCurator', folders[0]!.uri).get('corpus.exclude'), ['node_modules', '.git', '.curator'], 'the first folder keeps the default');
      const s = await until(status, (x) => x.state === 'ready' && x.documents === 4);
      const roots = s.tree.filter((l) => !l.startsWith(' '));
      assert.match(roots[0]!, /^news — 3 docs/, 'the first folder is indexed with its own (default) settings');
      assert.match(roots[1]!, /^web — 1 doc/, "the second folder's own exclude left tea.md out");
    } finally {
      await cfg.update('corpus.exclude', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await until(status, (x) => x.state === 'ready' && x.documents === 5);
  });

  it('counts a passage found in both folders as shared in the figures together', async () => {
    const boiler = 'Subscribe to our newsletter for weekly news about harbour shipping, port logistics and the weather at sea.';
    const files = [
      path.join(folders[0]!.uri.fsPath, 'storms.md'),
      path.join(folders[1]!.uri.fsPath, 'cranes.md'),
    ];
    fs.writeFileSync(files[0]!, `# Storms\n\nStorms damaged three ships moored in the old harbour last winter, the port said.\n\n${boiler}\n`);
    fs.writeFileSync(files[1]!, `# Cranes\n\nTwo new cranes were delivered to the container terminal by a heavy-lift vessel.\n\n${boiler}\n`);
    try {
      await until(status, (x) => x.state === 'ready' && x.documents === 7);
      const r = (await vscode.commands.executeCommand('corpusCurator.showStats')) as { stats?: { duplicates: { passageDocs: number } } };
      assert.equal(r.stats!.duplicates.passageDocs, 2, 'the two documents share a passage across the folders');
    } finally {
      for (const f of files) fs.unlinkSync(f);
    }
    await until(status, (x) => x.documents === 5);
  });

  it('follows a change in the second folder without touching the first', async () => {
    const before = await status();
    const newsManifest = path.join(folders[0]!.uri.fsPath, '.curator', 'index', 'manifest.json');
    const newsGen = (JSON.parse(fs.readFileSync(newsManifest, 'utf8')) as { generation: number }).generation;
    const f = path.join(folders[1]!.uri.fsPath, 'added.md');
    fs.writeFileSync(f, '# Added\n\nA note about migrating cranes over the harbour.\n');
    const after = await until(status, (x) => x.documents === before.documents + 1);
    assert.ok(after.generation > before.generation);
    assert.equal((JSON.parse(fs.readFileSync(newsManifest, 'utf8')) as { generation: number }).generation, newsGen);
    const r = (await vscode.commands.executeCommand('corpusCurator.search', { query: 'cranes' })) as { hits: { path: string }[] };
    assert.deepEqual(r.hits.map((h) => h.path), ['web/added.md']);
    fs.unlinkSync(f);
    await until(status, (x) => x.documents === before.documents);
  });
});
