// Rewriting inside a real VS Code (code-server's extension host), through the real commands, the real
// openai client and a local OpenAI-compatible TEST DOUBLE started here.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TeacherDouble } from '../../double/teacher-double';

interface Outcome {
  outputs: string[];
  failed: { path: string; reason: string }[];
  cancelled: boolean;
}

const KEY = 'sk-integration-secret-7f3a';
const double = new TeacherDouble({ chunkChars: 20, chunkDelayMs: 2, apiKey: KEY });
let root = '';

function provenance(): { type: string; [k: string]: unknown }[] {
  const f = path.join(root, '.curator', 'provenance.jsonl');
  if (!fs.existsSync(f)) return [];
  return fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('corpusCurator').update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('rewrite', function () {
  this.timeout(60_000);

  before(async () => {
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await double.start();
    await setting('baseUrl', double.url);
    await setting('model', 'double-model');
    await setting('maxRetries', 2);
    await setting('requestTimeoutSeconds', 5);
    await setting('openResultBeside', true);
    await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate();
    // The key goes into SecretStorage through the command; the double refuses any other key.
    assert.equal(await vscode.commands.executeCommand('corpusCurator.setApiKey', KEY), true);
  });

  after(async () => {
    await double.stop();
  });

  beforeEach(() => double.reset());

  it('rewrites a multi-paragraph English document into a new file beside it, with provenance', async () => {
    const src = path.join(root, 'docs', 'river-cleanup.md');
    const before = fs.readFileSync(src, 'utf8');
    await vscode.window.showTextDocument(vscode.Uri.file(src));
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { style: 'textbook', audience: 'high-school' })) as Outcome;
    assert.equal(out.failed.length, 0, JSON.stringify(out.failed));
    assert.equal(out.outputs.length, 1);
    const output = out.outputs[0]!;
    assert.equal(output, path.join(root, 'docs', 'river-cleanup.textbook.high-school.md'));
    const text = fs.readFileSync(output, 'utf8');
    assert.match(text, /^## Lesson/);
    assert.ok(text.includes('three-kilometre stretch of the river'), 'facts of the source are in the rewrite');
    assert.equal(fs.readFileSync(src, 'utf8'), before, 'the source is untouched');
    const rec = provenance().at(-1)!;
    assert.equal(rec.type, 'rewrite');
    assert.deepEqual((rec.source as { path: string }).path, 'docs/river-cleanup.md');
    assert.equal((rec.output as { path: string }).path, 'docs/river-cleanup.textbook.high-school.md');
    assert.equal(rec.style, 'textbook');
    assert.equal(rec.audience, 'high-school');
    assert.equal(rec.model, 'double-model');
    assert.equal(rec.status, 'done');
    // The prompt carried the source and the rules; the key came from SecretStorage.
    const req = double.requests.at(-1)!;
    assert.equal(req.authorization, `Bearer ${KEY}`);
    assert.equal(req.body.stream, true);
    assert.match(req.body.messages![0]!.content, /Keep every fact/);
    // The rewrite is open beside the source.
    await until(() => vscode.window.visibleTextEditors.some((e) => e.document.uri.fsPath === output));
  });

  it('rewrites a Chinese document with Chinese instructions', async () => {
    const src = path.join(root, 'docs', 'tea-history.zh.md');
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: src, style: 'qa', audience: 'children', open: false })) as Outcome;
    assert.equal(out.outputs.length, 1, JSON.stringify(out.failed));
    const text = fs.readFileSync(out.outputs[0]!, 'utf8');
    assert.match(text, /本节用通俗的语言/);
    assert.ok(text.includes('陆羽写成《茶经》'));
    assert.match(double.requests.at(-1)!.body.messages![0]!.content, /用中文写作/);
    const rec = provenance().at(-1)!;
    assert.equal((rec.source as { lang: string }).lang, 'zh');
    assert.equal((rec.output as { lang: string }).lang, 'zh');
  });

  it('every rewrite opens in the one group beside its source: two rewrites, two columns', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const src = vscode.Uri.file(path.join(root, 'docs', 'sourdough-notes.txt'));
    await vscode.window.showTextDocument(src, { viewColumn: vscode.ViewColumn.One });
    for (const audience of ['children', 'college']) {
      // The second time the focus is on the first result (group 2), as after a rewrite.
      const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: src.fsPath, style: 'qa', audience })) as Outcome;
      assert.equal(out.outputs.length, 1, JSON.stringify(out.failed));
      const groups = vscode.window.tabGroups.all;
      const where = groups.map((g) => `${g.viewColumn}: ${g.tabs.map((t) => t.label).join(', ')}`).join(' | ');
      console.log(`[rewrite] groups after ${audience}: ${where}`);
      assert.equal(groups.length, 2, where);
      const result = groups.find((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === out.outputs[0]));
      assert.equal(result?.viewColumn, vscode.ViewColumn.Two, where);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('never stores the API key in settings', () => {
    const settingsFile = path.join(root, '.vscode', 'settings.json');
    const text = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '';
    assert.ok(!text.includes(KEY));
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('corpusCurator')).includes(KEY));
  });

  it('retries a 429 and a 500 and still saves the rewrite', async () => {
    double.enqueue({ kind: '429', retryAfterSeconds: 0.2 }, { kind: '500' });
    const src = path.join(root, 'docs', 'sourdough-notes.txt');
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: src, style: 'knowledge-list', audience: 'college', open: false })) as Outcome;
    assert.equal(out.outputs.length, 1, JSON.stringify(out.failed));
    assert.equal(double.count, 3);
    assert.ok(out.outputs[0]!.endsWith('sourdough-notes.knowledge-list.college.txt'));
  });

  it('cancel stops the HTTP request and writes nothing', async () => {
    double.enqueue({ kind: 'hang' });
    const src = path.join(root, 'docs', 'river-cleanup.md');
    const filesBefore = fs.readdirSync(path.join(root, 'docs')).length;
    const pending = vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: src, style: 'wikipedia', audience: 'college', open: false }) as Thenable<Outcome>;
    await until(() => double.count === 1);
    const cancelled = await vscode.commands.executeCommand('corpusCurator.cancelRewrites');
    assert.equal(cancelled, 1);
    const out = await pending;
    assert.equal(out.cancelled, true);
    assert.equal(out.outputs.length, 0);
    await until(() => double.requests[0]!.aborted);
    assert.equal(fs.readdirSync(path.join(root, 'docs')).length, filesBefore);
  });

  it('a truncated answer is flagged, never saved as done, and kept in .curator/failed', async () => {
    double.enqueue({ kind: 'truncated' });
    const src = path.join(root, 'docs', 'weather-report.zh.txt');
    const n = provenance().length;
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: src, style: 'distill', audience: 'college', flagged: 'discard', open: false })) as Outcome;
    assert.equal(out.outputs.length, 0);
    assert.match(out.failed[0]!.reason, /cut off by the output token limit/);
    assert.equal(provenance().length, n);
    assert.equal(fs.existsSync(path.join(root, 'docs', 'weather-report.zh.distill.college.txt')), false);
    assert.ok(fs.readdirSync(path.join(root, '.curator', 'failed')).some((f) => f.endsWith('weather-report.zh.txt.txt')));
  });

  it('rewrites the selection only, recording its range', async () => {
    const src = path.join(root, 'docs', 'river-cleanup.md');
    const doc = await vscode.workspace.openTextDocument(src);
    const editor = await vscode.window.showTextDocument(doc);
    const para = doc.getText().indexOf('The organisers');
    const end = doc.getText().indexOf('\n\n', para);
    editor.selection = new vscode.Selection(doc.positionAt(para), doc.positionAt(end));
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteSelection', { style: 'tutorial', audience: 'college', open: false })) as Outcome;
    assert.equal(out.outputs.length, 1);
    assert.ok(out.outputs[0]!.endsWith('river-cleanup.selection.tutorial.college.md'));
    const sent = double.requests.at(-1)!.body.messages![1]!.content;
    assert.ok(sent.includes('The organisers') && !sent.includes('Volunteers Clear'), 'only the selection was sent');
    const rec = provenance().at(-1)!;
    assert.deepEqual((rec.source as { selection: unknown }).selection, { start: para, end });
  });

  it('rewrites several files at once, reporting the ones it cannot read', async () => {
    fs.writeFileSync(path.join(root, 'docs', 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    const files = ['sourdough-notes.txt', 'tea-history.zh.md', 'image.txt'].map((f) => path.join(root, 'docs', f));
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteFiles', { files, style: 'wikipedia', audience: 'researchers', open: false })) as Outcome;
    assert.equal(out.outputs.length, 2, JSON.stringify(out));
    assert.equal(out.failed.length, 1);
    assert.match(out.failed[0]!.reason, /image\.txt looks like a binary file/);
  });
});
