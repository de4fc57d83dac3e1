// The fact-preservation review panel inside a real VS Code (code-server's extension host): opening the
// panel for a pair written here, what the webview draws (reported back through the protocol), decisions
// through the real corpusCurator.reviewDecide command (it decides through the open panel, as the panel's
// buttons and keys do), the provenance lines, the move of a rejected file, refresh on save, and hostile
// document text.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TeacherDouble } from '../../double/teacher-double';
import { curator } from './api';

interface Rendered {
  rows: number;
  facts: number;
  foreign: string[];
  text: string;
}
interface PanelState {
  pair: { source: string; rewrite: string };
  rendered?: Rendered;
  received: { method: string; params: unknown }[];
  payload: { decision?: { decision: string; movedTo?: string }; rewrite: { path: string }; view: { summary: { verdict: string; altered: number }; rows: unknown[] } };
}

let root = '';
const rel = (p: string) => path.join(root, ...p.split('/'));

function provenance(): { type: string; [k: string]: unknown }[] {
  const f = path.join(root, '.curator', 'provenance.jsonl');
  if (!fs.existsSync(f)) return [];
  return fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function until<T>(get: () => T | undefined | Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await get();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const state = async (rewrite: string) => (await (await curator()).reviewState({ rewrite })) as PanelState | undefined;

/** Writes a source, its rewrite and a rewrite record in the provenance log; returns absolute paths. */
function writePair(name: string, source: string, rewrite: string): { source: string; rewrite: string; id: string } {
  const s = `review/${name}.md`;
  const r = `review/${name}.textbook.college.md`;
  fs.mkdirSync(rel('review'), { recursive: true });
  fs.writeFileSync(rel(s), source);
  fs.writeFileSync(rel(r), rewrite);
  fs.mkdirSync(path.join(root, '.curator'), { recursive: true });
  const id = `test-${name}-${Date.now()}`;
  const rec = {
    type: 'rewrite', v: 1, id, time: new Date().toISOString(),
    source: { path: s, sha256: '', lang: 'en', chars: source.length }, output: { path: r, sha256: '', lang: 'en', chars: rewrite.length },
    style: 'textbook', audience: 'college', model: 'test', endpointHost: 'test', template: { id: 'textbook', sha256: '', origin: 'builtin' },
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 }, chunks: 1, durationMs: 0, status: 'done', flags: [],
  };
  fs.appendFileSync(path.join(root, '.curator', 'provenance.jsonl'), JSON.stringify(rec) + '\n');
  return { source: rel(s), rewrite: rel(r), id };
}

const SOURCE = `# Harbour Report

The harbour handled 1,200 ships in 2023. Its new crane lifts 45 tonnes.

The port authority said traffic did not fall during the winter.
`;
const REWRITE = `# Lesson: The Harbour

In 2023 the harbour handled 1,400 ships. Its new crane lifts 45 tonnes.

The port authority said traffic fell during the winter. The mayor, Ana Lopez, opened the new quay.
`;

function reviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('corpusCurator.review'));
}

describe('review panel', function () {
  this.timeout(60_000);

  before(async () => {
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a panel for a rewrite and draws aligned rows, changes and facts', async () => {
    const p = writePair('harbour', SOURCE, REWRITE);
    const pair = await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: p.source, rewrite: p.rewrite });
    assert.deepEqual(pair, { source: p.source, rewrite: p.rewrite });
    const s = await until(async () => (await state(p.rewrite))?.rendered && (await state(p.rewrite)), 'the webview to draw');
    assert.ok(s.rendered!.rows >= 4, `rows: ${s.rendered!.rows}`);
    assert.ok(s.rendered!.facts >= 3);
    assert.deepEqual(s.rendered!.foreign, []);
    assert.ok(s.rendered!.text.includes('1,200') && s.rendered!.text.includes('1,400'));
    assert.equal(s.payload.view.summary.verdict, 'needs-review');
    assert.ok(s.payload.view.summary.altered >= 1);
    // the same pair again reveals the same panel
    await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: p.source, rewrite: p.rewrite });
    assert.equal(reviewTabs().filter((t) => t.label.includes(path.basename(p.rewrite))).length, 1);
  });

  it('finds the source from the provenance log when only the rewrite is given', async () => {
    const p = writePair('harbour-only', SOURCE, REWRITE);
    const pair = await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { rewrite: p.rewrite });
    assert.deepEqual(pair, { source: p.source, rewrite: p.rewrite });
    // and from the explorer with two files selected, in either order
    const pair2 = await vscode.commands.executeCommand('corpusCurator.reviewRewrite', vscode.Uri.file(p.rewrite), [vscode.Uri.file(p.rewrite), vscode.Uri.file(p.source)]);
    assert.deepEqual(pair2, { source: p.source, rewrite: p.rewrite });
  });

  it('Accept records an accepted decision with the fact summary; the rewrite stays beside its source', async () => {
    const p = writePair('accept', SOURCE, REWRITE);
    await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: p.source, rewrite: p.rewrite });
    await until(async () => (await state(p.rewrite))?.rendered, 'the webview to draw');
    const before = provenance().length;
    const rec = (await vscode.commands.executeCommand('corpusCurator.reviewDecide', { rewrite: p.rewrite, decision: 'accepted' })) as { decision: string };
    assert.equal(rec.decision, 'accepted');
    const lines = provenance();
    assert.equal(lines.length, before + 1);
    const d = lines.at(-1)!;
    assert.equal(d.type, 'decision');
    assert.equal(d.decision, 'accepted');
    assert.equal(d.rewriteId, p.id);
    assert.deepEqual(d.source, { path: 'review/accept.md', sha256: (d.source as { sha256: string }).sha256 });
    assert.equal((d.output as { path: string }).path, 'review/accept.textbook.college.md');
    const facts = d.facts as { score: number; verdict: string; kept: number; altered: number };
    assert.equal(typeof facts.score, 'number');
    assert.equal(facts.verdict, 'needs-review');
    assert.ok(facts.altered >= 1);
    assert.equal(d.movedTo, undefined);
    assert.ok(fs.existsSync(p.rewrite), 'the accepted rewrite stays');
    const s = await until(async () => {
      const st = await state(p.rewrite);
      return st?.payload.decision?.decision === 'accepted' ? st : undefined;
    }, 'the decided state');
    assert.equal(s.payload.decision!.decision, 'accepted');
  });

  it('Reject moves the rewrite to .curator/rejected/<same path> (never deletes) and records movedTo', async () => {
    const p = writePair('reject', SOURCE, REWRITE);
    await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: p.source, rewrite: p.rewrite });
    await until(async () => (await state(p.rewrite))?.rendered, 'the webview to draw');
    const rec = (await vscode.commands.executeCommand('corpusCurator.reviewDecide', { rewrite: p.rewrite, decision: 'rejected' })) as { decision: string; movedTo: string };
    assert.equal(rec.decision, 'rejected');
    assert.equal(rec.movedTo, '.curator/rejected/review/reject.textbook.college.md');
    assert.ok(!fs.existsSync(p.rewrite), 'the rejected file left the corpus');
    const moved = path.join(root, '.curator', 'rejected', 'review', 'reject.textbook.college.md');
    assert.equal(fs.readFileSync(moved, 'utf8'), REWRITE, 'moved with its content');
    assert.ok(fs.existsSync(p.source), 'the source is untouched');
    const d = provenance().at(-1)!;
    assert.equal(d.type, 'decision');
    assert.equal(d.decision, 'rejected');
    assert.equal(d.movedTo, '.curator/rejected/review/reject.textbook.college.md');
    assert.equal(d.rewriteId, p.id);
    assert.ok(d.facts);
    // the panel shows the decision and the moved text
    const s = await until(async () => {
      const st = await state(p.rewrite);
      return st?.payload.decision?.decision === 'rejected' ? st : undefined;
    }, 'the rejected state');
    assert.equal(s.payload.decision!.movedTo, '.curator/rejected/review/reject.textbook.college.md');
    assert.match(s.payload.rewrite.path, /\.curator\/rejected\//);
    // a second reject is refused (nothing is moved twice)
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('corpusCurator.reviewDecide', { rewrite: p.rewrite, decision: 'rejected' })));
    // a rejected file with the same name later gets a numbered place
    const q = writePair('reject', SOURCE, REWRITE);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const rec2 = (await vscode.commands.executeCommand('corpusCurator.reviewDecide', { rewrite: q.rewrite, decision: 'rejected' })) as { movedTo: string };
    assert.equal(rec2.movedTo, '.curator/rejected/review/reject.textbook.college.2.md');
  });

  it('refreshes when the rewrite is edited and saved', async () => {
    const p = writePair('edit', SOURCE, REWRITE);
    await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: p.source, rewrite: p.rewrite });
    await until(async () => (await state(p.rewrite))?.rendered, 'the webview to draw');
    const doc = await vscode.workspace.openTextDocument(p.rewrite);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), SOURCE.replace('Harbour Report', 'Harbour Report, corrected'));
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    const s = await until(async () => {
      const st = await state(p.rewrite);
      return st?.rendered?.text.includes('corrected') ? st : undefined;
    }, 'the refreshed review');
    assert.ok(!s.rendered!.text.includes('1,400'));
  });

  it('checks claims with the model (a test double), shows them, caches them by content', async () => {
    const double = new TeacherDouble({ chunkChars: 40, chunkDelayMs: 1 });
    await double.start();
    const cfg = vscode.workspace.getConfiguration('corpusCurator');
    try {
      await cfg.update('baseUrl', double.url, vscode.ConfigurationTarget.Workspace);
      await cfg.update('model', 'judge-double', vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('corpusCurator.setApiKey', 'sk-review-claims');
      const answer = '```json\n{"consistent": false, "claims": [{"claim": "the harbour handled 1,400 ships", "evidence": "The harbour handled 1,200 ships in 2023.", "type": "contradicted"}, {"claim": "The mayor, Ana Lopez, opened the new quay.", "evidence": "", "type": "unsupported"}]}\n```';
      double.enqueue({ kind: 'text', text: answer });
      const p = writePair('claims', SOURCE, REWRITE);
      await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: p.source, rewrite: p.rewrite });
      await until(async () => (await state(p.rewrite))?.rendered, 'the webview to draw');
      const v = (await (await curator()).reviewCheckClaims({ rewrite: p.rewrite }))!;
      assert.equal(v.consistent, false);
      assert.deepEqual(v.claims.map((c) => c.verdict), ['contradicted', 'unsupported']);
      assert.equal(double.requests.length, 1);
      assert.match(double.requests[0]!.body.messages![0]!.content, /fact checker/);
      assert.ok(double.requests[0]!.body.messages![1]!.content.includes('1,400 ships'));
      assert.ok(fs.existsSync(path.join(root, '.curator', 'cache', 'claim-check.json')));
      // shown in the panel, and a second check is answered from the cache
      const s = await until(async () => {
        const st = (await state(p.rewrite)) as (PanelState & { payload: { claims?: { claims: unknown[] } } }) | undefined;
        return st?.payload.claims?.claims.length === 2 ? st : undefined;
      }, 'the claims in the panel');
      assert.ok(s);
      const again = (await (await curator()).reviewCheckClaims({ rewrite: p.rewrite }))!;
      assert.equal(again.cached, true);
      assert.equal(double.requests.length, 1);
      // a broken answer is an error (shown inline by the panel), never a crash of the review
      const p2 = writePair('claims-bad', SOURCE, REWRITE + 'More. ');
      double.enqueue({ kind: 'text', text: 'I cannot produce JSON today.' });
      await assert.rejects((await curator()).reviewCheckClaims({ rewrite: p2.rewrite }), /JSON/);
      assert.ok((await state(p2.rewrite))?.payload.view.rows.length);
    } finally {
      await cfg.update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg.update('model', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('corpusCurator.clearApiKey');
      await double.stop();
    }
  });

  it('shows hostile document text as text: no script runs, no element is created', async () => {
    // Each payload, if it ran, would post a `log` notification to the host through the webview API.
    const post = (tag: string) => `parent.__vscode_post_message__('onmessage',{message:{kind:'notify',method:'log',params:{message:'XSS-${tag}'}}})`;
    const hostile = [
      `# Title <script>${post('script')}</script>`,
      '',
      `An image <img src=x onerror="${post('img')}"> inside the text.`,
      '',
      `A [link](javascript:${post('link')}) and <a href="javascript:${post('a')}">a real one</a>.`,
      '',
      `</textarea><svg onload="${post('svg')}"></svg><iframe srcdoc="<script>${post('iframe')}</script>"></iframe> The end.`,
      '',
    ].join('\n');
    const p = writePair('hostile', hostile, hostile.replace('The end.', 'The end, rewritten.') + '\n<style>body{display:none}</style>\n');
    await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: p.source, rewrite: p.rewrite });
    const s0 = await until(async () => (await state(p.rewrite))?.rendered && (await state(p.rewrite)), 'the webview to draw');
    // give any handler (onerror, onload) time to fire
    await new Promise((r) => setTimeout(r, 1500));
    const s = (await state(p.rewrite))!;
    const xss = s.received.filter((m) => JSON.stringify(m.params ?? '').includes('XSS'));
    assert.deepEqual(xss, [], 'a document payload ran');
    assert.deepEqual(s.rendered!.foreign, [], 'elements from the documents exist in the panes');
    const text = s0.rendered!.text;
    for (const literal of ['<script>', '<img src=x onerror=', 'javascript:', '</textarea>', '<svg onload=', '<style>body{display:none}</style>']) {
      assert.ok(text.includes(literal), `the literal ${literal} is not shown as text`);
    }
  });
});
