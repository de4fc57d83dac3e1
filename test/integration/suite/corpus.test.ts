// The corpus UI inside a real VS Code (code-server's extension host): the index built in the worker
// (including a rewrite made by the real rewrite command against the local OpenAI-compatible TEST DOUBLE,
// and a JSONL file with bad lines), incremental updates from the file watcher, the Corpus view, search,
// the statistics panel, the status bar share and the training-mix export.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TeacherDouble } from '../../double/teacher-double';
import { curator } from './api';

interface Status {
  state: string;
  documents: number;
  natural: number;
  synthetic: number;
  skipped: { path: string; line?: number; reason: string }[];
  generation: number;
  statusBar?: { text: string; warning: boolean; tooltip: string };
  statsPanel: boolean;
  tree: string[];
}

const KEY = 'sk-corpus-test-51ab';
const double = new TeacherDouble({ chunkChars: 40, chunkDelayMs: 1, apiKey: KEY });
let root = '';
let rewriteOut = '';

const status = async () => (await curator()).corpusStatus() as Status;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting; last value: ${JSON.stringify(v).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function corpusSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('corpusCurator.corpus').update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('corpus', function () {
  this.timeout(120_000);

  before(async () => {
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await double.start();
    const c = vscode.workspace.getConfiguration('corpusCurator');
    await c.update('baseUrl', double.url, vscode.ConfigurationTarget.Workspace);
    await c.update('model', 'double-model', vscode.ConfigurationTarget.Workspace);
    await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate();
    assert.equal(await vscode.commands.executeCommand('corpusCurator.setApiKey', KEY), true);
  });

  after(async () => {
    await double.stop();
  });

  it('indexes the workspace in the worker: natural, synthetic (a real rewrite) and skipped lines with reasons', async () => {
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: path.join(root, 'docs', 'river-cleanup.md'), style: 'textbook', audience: 'children', open: false })) as { outputs: string[]; failed: unknown[] };
    assert.equal(out.outputs.length, 1, JSON.stringify(out.failed));
    rewriteOut = path.relative(root, out.outputs[0]!).split(path.sep).join('/');
    const refreshed = (await vscode.commands.executeCommand('corpusCurator.refreshCorpus')) as Status;
    assert.equal(refreshed.state, 'ready');
    const s = await status();
    assert.ok(fs.existsSync(path.join(root, '.curator', 'index', 'manifest.json')), 'persisted under .curator/index/');
    const files = fs.readdirSync(root, { recursive: true }) as string[];
    const expectedNatural = 4 /* docs/ */ + 4 /* corpus.jsonl */ + 1 /* README.md */ + 2 /* web-crawl lines 1 and 4 */;
    console.log(`[corpus] ${s.documents} documents (${s.natural} natural, ${s.synthetic} synthetic), ${s.skipped.length} skipped; ${files.length} paths`);
    assert.ok(s.natural >= expectedNatural, `natural ${s.natural}`);
    // The rewrite (from the provenance log) and the JSONL record marked synthetic in its metadata.
    assert.ok(s.synthetic >= 2, `synthetic ${s.synthetic}`);
    const bad = s.skipped.filter((k) => k.path === 'data/web-crawl.jsonl').map((k) => `${k.line}:${k.reason}`);
    assert.deepEqual(bad, ['2:bad-json', '3:no-text-field', '5:empty']);
    // The Corpus view groups them: kind → style · audience → file, the rewrite under its source.
    const tree = s.tree.join('\n');
    assert.match(tree, /^Natural — \d+ docs/m);
    assert.match(tree, /^Synthetic — \d+ docs/m);
    assert.match(tree, /^ {2}textbook · children/m);
    assert.match(tree, new RegExp(`^Skipped inputs — ${s.skipped.length}$`, 'm'));
    assert.match(tree, new RegExp(`^ {4}${path.basename(rewriteOut).replace(/\./g, '\\.')}`, 'm'), 'the rewrite is listed under its source');
  });

  it('lists the skipped inputs in the Problems view: file, line and reason', async () => {
    const uri = vscode.Uri.file(path.join(root, 'data', 'web-crawl.jsonl'));
    const diags = await until(async () => vscode.languages.getDiagnostics(uri), (d) => d.length >= 3);
    const rows = diags.filter((d) => d.source?.startsWith('Corpus Curator')).map((d) => `${d.range.start.line + 1}:${String(d.code)}`);
    assert.deepEqual(rows, ['2:bad-json', '3:no-text-field', '5:empty']);
    assert.ok(diags.every((d) => d.severity === vscode.DiagnosticSeverity.Warning && d.message.length > 5), diags.map((d) => d.message).join(' | '));
    // The same count as the Corpus view's "Skipped inputs" item, over every file.
    const all = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds.filter((d) => d.source?.startsWith('Corpus Curator')));
    assert.equal(all.length, (await status()).skipped.length);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.showSkipped'), all.length);
  });

  it('the status bar shows the synthetic share and warns above the target', async () => {
    const s = await status();
    assert.ok(s.statusBar, 'status bar item created after the first index');
    assert.match(s.statusBar!.text, /^\$\(database\) \d+(\.\d)?% synthetic( \(\d+(\.\d)?% of documents\))?$/);
    await corpusSetting('targetSyntheticShare', 0.01);
    await until(status, (x) => x.statusBar?.warning === true);
    await corpusSetting('targetSyntheticShare', 0.99);
    await until(status, (x) => x.statusBar?.warning === false);
    await corpusSetting('targetSyntheticShare', undefined);
  });

  it('updates incrementally from the file watcher (only the changed file)', async () => {
    const before = await status();
    const f = path.join(root, 'docs', 'added-later.md');
    fs.writeFileSync(f, '# Added later\n\nA note written while the extension was running, about migrating cranes.\n');
    const after = await until(status, (x) => x.documents === before.documents + 1 && x.generation > before.generation);
    assert.equal(after.natural, before.natural + 1);
    const hits = (await vscode.commands.executeCommand('corpusCurator.search', { query: 'cranes' })) as { hits: { path: string }[] };
    assert.deepEqual(hits.hits.map((h) => h.path), ['docs/added-later.md']);
    fs.unlinkSync(f);
    await until(status, (x) => x.documents === before.documents);
  });

  it('searches with filter terms in the query (English and Chinese)', async () => {
    const syn = (await vscode.commands.executeCommand('corpusCurator.search', { query: 'kind:synthetic lang:en', limit: 1000 })) as { hits: { path: string; kind: string; lang: string }[]; errors: string[] };
    assert.ok(syn.hits.length >= 2);
    assert.ok(syn.hits.every((h) => h.kind === 'synthetic' && h.lang === 'en'));
    assert.ok(syn.hits.some((h) => h.path === rewriteOut));
    const zh = (await vscode.commands.executeCommand('corpusCurator.search', { query: '丝绸之路' })) as { hits: { path: string; line?: number; snippet: string; highlights: [number, number][] }[] };
    assert.equal(zh.hits[0]?.path, 'data/web-crawl.jsonl');
    assert.equal(zh.hits[0]?.line, 4);
    assert.match(zh.hits[0]!.snippet, /丝绸之路/);
    // The hit is highlighted: every range holds the query's word.
    assert.ok(zh.hits[0]!.highlights.length >= 1);
    for (const [a, b] of zh.hits[0]!.highlights) assert.equal(zh.hits[0]!.snippet.slice(a, b), '丝绸之路');
    const bad = (await vscode.commands.executeCommand('corpusCurator.search', { query: 'kind:robot tea' })) as { errors: string[] };
    assert.deepEqual(bad.errors, ['kind:robot']);
  });

  it('opens a JSONL record at its line', async () => {
    assert.equal(await vscode.commands.executeCommand('corpusCurator.openCorpusDocument', { path: 'data/web-crawl.jsonl', line: 4 }), true);
    const ed = vscode.window.activeTextEditor!;
    assert.ok(ed.document.uri.fsPath.endsWith(path.join('data', 'web-crawl.jsonl')));
    assert.equal(ed.selection.active.line, 3);
  });

  it('filters the Corpus view (kind, language) and clears the filter', async () => {
    await vscode.commands.executeCommand('corpusCurator.filterCorpus', { kind: ['synthetic'], lang: ['en'] });
    let s = await status();
    // (A Shared passages group may show too: the batch suite's rewrites of one source can share passages.)
    assert.deepEqual(s.tree.filter((l) => !l.startsWith(' ')).map((l) => l.split(' — ')[0]).filter((l) => l !== 'Shared passages'), ['Synthetic', 'Skipped inputs']);
    assert.ok(s.tree.some((l) => l.includes(rewriteOut.split('/').pop()!)), 'the English rewrite is listed');
    await vscode.commands.executeCommand('corpusCurator.filterCorpus', { lang: ['zh'] });
    s = await status();
    assert.ok(s.tree.some((l) => l.includes('tea-history.zh.md')));
    assert.ok(!s.tree.some((l) => l.includes('river-cleanup.md')), 'English documents are filtered out');
    await vscode.commands.executeCommand('corpusCurator.filterCorpus', { kind: ['natural'], quality: ['clean'], lang: ['other'] });
    s = await status();
    assert.match(s.tree[0]!, /^No documents match the filter/);
    await vscode.commands.executeCommand('corpusCurator.clearCorpusFilter');
    s = await status();
    // Unfiltered, the two identical bee records of corpus.jsonl share their line: a Shared passages group.
    assert.deepEqual(s.tree.filter((l) => !l.startsWith(' ')).map((l) => l.split(' — ')[0]), ['Natural', 'Synthetic', 'Shared passages', 'Skipped inputs']);
  });

  it('Cancel stops a rebuild in the worker and keeps the previous index', async () => {
    const before = await status();
    const big = path.join(root, 'data', 'big.jsonl');
    const line = (i: number) => JSON.stringify({ id: `big-${i}`, text: `Record ${i} about rivers, bridges and the history of tea in many towns. `.repeat(8) }) + '\n';
    fs.writeFileSync(big, Array.from({ length: 40_000 }, (_, i) => line(i)).join(''));
    const running = vscode.commands.executeCommand('corpusCurator.rebuildCorpus') as Thenable<Status>;
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await vscode.commands.executeCommand('corpusCurator.cancelIndexing'), true);
    const after = await running;
    assert.equal(after.state, 'ready', 'the previous index stays loaded');
    assert.equal(after.generation, before.generation, 'no new generation was written');
    fs.unlinkSync(big);
    await until(status, (x) => x.documents === before.documents && x.state === 'ready', 60_000);
  });

  it('the Review action of a rewrite opens the review panel with its source', async () => {
    await vscode.commands.executeCommand('corpusCurator.reviewCorpusDocument', { path: rewriteOut });
    const tabs = () => Promise.resolve(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputWebview ? `webview:${t.input.viewType}` : t.label)));
    await until(tabs, (list) => list.some((t) => t.startsWith('webview:') && t.includes('corpusCurator.review')));
  });

  it('opens the Corpus view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.corpusCurator');
    await vscode.commands.executeCommand('corpusCurator.corpusView.focus');
    const s = await status();
    assert.ok(s.tree.length > 3);
  });

  it('shows the statistics panel with charts data', async () => {
    const r = (await vscode.commands.executeCommand('corpusCurator.showStats')) as { state: string; stats?: Record<string, unknown> & { synthetic: number; quality: unknown[]; skipped: { total: number }; diversity: unknown; byLanguage: { key: string }[] } };
    assert.equal(r.state, 'ready');
    const st = r.stats!;
    assert.ok(st.synthetic >= 2);
    assert.equal(st.skipped.total, (await status()).skipped.length);
    assert.ok(st.skipped.total >= 3);
    assert.equal(st.quality.length, 14);
    assert.ok(st.diversity, 'diversity of the synthetic set');
    assert.deepEqual(st.byLanguage.map((b) => b.key).sort(), ['en', 'zh']);
    const tabs = () => Promise.resolve(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputWebview ? `webview:${t.input.viewType}` : t.label)));
    await until(tabs, (list) => list.some((t) => t.startsWith('webview:') && t.includes('corpusCurator.stats')));
    assert.equal((await status()).statsPanel, true);
  });

  it('exports a training mix with a manifest', async () => {
    const m = (await vscode.commands.executeCommand('corpusCurator.exportMix', { share: 0.3, seed: 7, out: '.curator/exports/test-mix.jsonl', quality: '' })) as { documents: number; synthetic: number; natural: number; out: string };
    assert.ok(m && m.documents > 0);
    const lines = fs.readFileSync(path.join(root, '.curator', 'exports', 'test-mix.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, m.documents);
    assert.ok(fs.existsSync(path.join(root, '.curator', 'exports', 'test-mix.manifest.json')));
    const rec = JSON.parse(lines[0]!) as { text: string; metadata: { kind: string } };
    assert.ok(rec.text && rec.metadata.kind);
    // Quality thresholds leave documents out (every fixture document is "very short").
    const q = (await vscode.commands.executeCommand('corpusCurator.exportMix', { share: 0.3, seed: 7, out: '.curator/exports/test-mix-long.jsonl.gz', quality: 'tooShort=0' })) as { documents: number; excluded: { filtered: number } };
    assert.ok(q.excluded.filtered > 0, JSON.stringify(q));
    assert.ok(fs.existsSync(path.join(root, '.curator', 'exports', 'test-mix-long.jsonl.gz')));
  });

  it('lists shared passages in the Corpus view and the mix export drops them, keeping the documents; it applies a filter preset', async () => {
    const line = 'Subscribe to our newsletter for weekly updates on harbour cranes, copper markets and winter tides.';
    const files = ['shared-a.txt', 'shared-b.txt', 'shared-c.txt'].map((f) => path.join(root, 'docs', f));
    const bodies = ['The old harbour crane was restored last spring by volunteers.', 'Copper prices rose again after the mine closed for repairs.', 'Winter tides reached the sea wall twice this week.'];
    files.forEach((f, i) => fs.writeFileSync(f, `${bodies[i]}\n${line}\n`));
    // Shown under a filter to the natural documents of docs/: the group lists the 100 most widespread passages,
    // and the earlier suites leave rewrites in the workspace that share many.
    await vscode.commands.executeCommand('corpusCurator.filterCorpus', { kind: ['natural'], domain: ['docs'] });
    try {
      const st = await until(status, (s) => s.tree.some((l) => l.startsWith('Shared passages')) && s.tree.some((l) => l.includes('Subscribe to our newsletter')));
      const at = st.tree.findIndex((l) => l.includes('Subscribe to our newsletter'));
      assert.match(st.tree[at]!, /— 3 documents$/);
      assert.deepEqual(st.tree.slice(at + 1, at + 4).map((l) => l.trim().split(' ')[0]), ['shared-a.txt', 'shared-b.txt', 'shared-c.txt']);
      const out = path.join(root, '.curator', 'exports', 'test-mix-passages.jsonl');
      const m = (await vscode.commands.executeCommand('corpusCurator.exportMix', { share: 0, seed: 7, out, quality: '', dropSharedPassages: true, filterPreset: 'none' })) as { documents: number; passagesDropped?: number };
      assert.ok((m.passagesDropped ?? 0) >= 2, JSON.stringify(m)); // this one twice, and any the fixture shares
      const texts = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text);
      assert.equal(texts.filter((t) => t.includes(line)).length, 1, 'the passage is written once');
      for (const b of bodies) assert.equal(texts.filter((t) => t.includes(b)).length, 1, `the document stays: ${b}`);
      // A filter preset leaves out what it drops, and the manifest counts it per rule.
      const f = (await vscode.commands.executeCommand('corpusCurator.exportMix', { share: 0.3, seed: 7, out: '.curator/exports/test-mix-fineweb.jsonl', quality: '', filterPreset: 'fineweb' })) as { documents: number; filterPreset?: { preset: string; dropped: number; byRule: { rule: string; documents: number }[] } };
      assert.equal(f.filterPreset?.preset, 'fineweb');
      assert.ok(f.filterPreset.dropped > 0 && f.filterPreset.byRule.some((r) => r.rule === 'gopher_short_doc' && r.documents > 0), JSON.stringify(f.filterPreset));
    } finally {
      await vscode.commands.executeCommand('corpusCurator.clearCorpusFilter');
      for (const f of files) fs.rmSync(f, { force: true });
    }
  });
});
