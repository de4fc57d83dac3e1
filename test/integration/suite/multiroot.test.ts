// A multi-root workspace (test/fixtures/multiroot/corpus.code-workspace: folders "news" and "web"), run by
// `npm run test:vscode -- --workspace test/fixtures/multiroot/corpus.code-workspace --file multiroot` (the
// `vscode:multiroot` stage of `npm test`). Every folder is indexed under its own .curator/, shown as a root
// in the Corpus view, searched together, counted per folder and together in the statistics. In a
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
