// Review decisions with reasons inside a real VS Code (issue 17 items 10-11): the reason pick list of a
// reject (offered with the verdict's suggestion, answered through the API activate() returns), "x of N
// reviewed" in the panel, the Review Queue filtered by decision and reason, next/previous pending, and
// "Export Review Decisions" (the pairs and SFT files read back). The queue items are batch results journalled
// here through the core journal, with their provenance lines, as a batch would leave them.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { curator } from './api';
import { Journal } from '../../../src/core/batch/journal';
import { builtinTemplates } from '../../../src/core/rewrite/templates';
import { sha256 } from '../../../src/core/text/hash';
import type { QueueEntry } from '../../../src/host/commands';

let root = '';
const abs = (p: string) => path.join(root, ...p.split('/'));
type Rec = { type: string; [k: string]: unknown };

function provenance(): Rec[] {
  const f = path.join(root, '.curator', 'provenance.jsonl');
  if (!fs.existsSync(f)) return [];
  return fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
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

const SOURCE_1 = `The harbour handled 1,200 ships in 2023. Its new crane lifts 45 tonnes.

The port authority said traffic did not fall during the winter.
`;
const SOURCE_2 = `The ferry to Inchmore leaves at 7 o'clock and carries 40 cars.
`;
// rewrites: h1 changes a number (the verdict suggests "facts altered"), h2 keeps everything; f1 of another source
const REWRITES: Record<string, { source: string; text: string }> = {
  h1: { source: 'decisions/harbour.md', text: 'In 2023 the harbour handled 1,400 ships. Its new crane lifts 45 tonnes.\n\nThe port authority said traffic did not fall during the winter.\n' },
  h2: { source: 'decisions/harbour.md', text: 'In 2023 the harbour handled 1,200 ships. Its new crane lifts 45 tonnes.\n\nThe port authority said traffic did not fall during the winter.\n' },
  f1: { source: 'decisions/ferry.md', text: "At 7 o'clock the ferry to Inchmore leaves, carrying 40 cars.\n" },
};
const BATCH = 'decisions-test-batch';
const ids: Record<string, string> = {};

async function seed(): Promise<void> {
  fs.mkdirSync(abs('decisions'), { recursive: true });
  fs.writeFileSync(abs('decisions/harbour.md'), SOURCE_1);
  fs.writeFileSync(abs('decisions/ferry.md'), SOURCE_2);
  const tpl = builtinTemplates().find((t) => t.id === 'builtin:textbook:en')!;
  const j = await Journal.open(root, BATCH);
  let n = 0;
  for (const [k, r] of Object.entries(REWRITES)) {
    const out = `decisions/${k}.textbook.college.md`;
    fs.writeFileSync(abs(out), r.text);
    const src = fs.readFileSync(abs(r.source), 'utf8');
    const id = `dec-${k}-${Date.now()}`;
    ids[k] = id;
    const time = new Date(Date.now() + n++).toISOString();
    const rec = {
      type: 'rewrite', v: 1, id, time,
      source: { path: r.source, sha256: sha256(src), lang: 'en', chars: src.length },
      output: { path: out, sha256: sha256(r.text), lang: 'en', chars: r.text.length },
      style: 'textbook', audience: 'college', model: 'test-model', endpointHost: 'localhost', template: { id: tpl.id, sha256: tpl.sha256, origin: 'builtin' },
      usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, chunks: 1, durationMs: 1, status: 'done', flags: [], batchId: BATCH, jobId: k,
    };
    fs.mkdirSync(path.join(root, '.curator'), { recursive: true });
    fs.appendFileSync(path.join(root, '.curator', 'provenance.jsonl'), JSON.stringify(rec) + '\n');
    await j.append({
      t: 'done', key: `key-${k}`, job: k, time, rewriteId: id, output: { path: out, sha256: sha256(r.text) }, source: { path: r.source, sha256: sha256(src) },
      style: 'textbook', audience: 'college', usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 }, flags: [],
    });
  }
  await j.close();
}

describe('review decisions with reasons', function () {
  this.timeout(60_000);

  before(async () => {
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await curator();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await seed();
  });

  after(async () => {
    await vscode.commands.executeCommand('corpusCurator.queueClearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Reject asks why: the pick list with the verdict\'s suggestion; Escape decides nothing; the reason and comment are recorded and shown with "x of N reviewed"', async () => {
    const api = await curator();
    const rewrite = abs('decisions/h1.textbook.college.md');
    await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: abs('decisions/harbour.md'), rewrite });
    const first = await until(async () => {
      const s = await api.reviewState({ rewrite });
      return s?.rendered && s.payload.queue ? s : undefined;
    }, 'the panel to draw with the queue progress');
    const progress = first.payload.queue!;
    assert.ok(progress.total >= 3 && progress.reviewed <= progress.total - 3, `queue: ${JSON.stringify(progress)}`);

    const before = provenance().length;
    api.answerReasonPicks(['cancel']);
    const none = await vscode.commands.executeCommand('corpusCurator.reviewDecide', { rewrite, decision: 'rejected', interactive: true });
    assert.equal(none, undefined, 'Escape: nothing decided');
    assert.equal(provenance().length, before);
    assert.ok(fs.existsSync(rewrite));
    const offer = api.lastReasonPick()!;
    assert.deepEqual(offer.reasons, ['facts-dropped', 'facts-altered', 'hallucination', 'leaked-prompt', 'style', 'language', 'other']);
    assert.equal(offer.suggested, 'facts-altered', '1,200 → 1,400: the verdict suggests "facts altered"');
    assert.match(offer.title, /h1\.textbook\.college\.md/);

    api.answerReasonPicks([{ reason: 'hallucination', comment: 'invents 200 ships' }]);
    const rec = (await vscode.commands.executeCommand('corpusCurator.reviewDecide', { rewrite, decision: 'rejected', interactive: true })) as Rec;
    assert.equal(rec.decision, 'rejected');
    assert.equal(rec.reason, 'hallucination');
    assert.equal(rec.comment, 'invents 200 ships');
    assert.equal(rec.rewriteId, ids.h1);
    const line = provenance().at(-1)!;
    assert.equal(line.reason, 'hallucination', 'the provenance line has the reason');
    const after = await until(async () => {
      const s = await api.reviewState({ rewrite });
      return s?.payload.decision?.reason ? s : undefined;
    }, 'the panel to show the decision');
    assert.equal(after.payload.decision!.reason, 'Hallucination');
    assert.equal(after.payload.decision!.comment, 'invents 200 ships');
    assert.equal(after.payload.queue!.reviewed, progress.reviewed + 1, 'x of N reviewed moved on');
    assert.equal(after.payload.queue!.total, progress.total);
  });

  it('the Review Queue filtered by decision and reason; a reject from the queue asks why; next and previous pending', async () => {
    const api = await curator();
    const q = async () => (await api.queueItems()) as QueueEntry[];
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'decisions/' });
    assert.deepEqual((await q()).map((i) => i.jobId).sort(), ['f1', 'h2'], 'pending by default');
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'decisions/', state: 'rejected' });
    let items = await q();
    assert.deepEqual(items.map((i) => [i.jobId, i.state, i.reason, i.comment]), [['h1', 'rejected', 'hallucination', 'invents 200 ships']]);
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'decisions/', reason: 'hallucination' });
    assert.deepEqual((await q()).map((i) => i.jobId), ['h1'], 'a reason alone shows the decided items with it');
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'decisions/', reason: 'style' });
    assert.deepEqual(await q(), []);

    // next / previous pending, from an item
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'decisions/' });
    await vscode.commands.executeCommand('corpusCurator.queueSort', 'source');
    items = await q();
    assert.deepEqual(items.map((i) => i.jobId), ['f1', 'h2'], 'by source path');
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueNext', { from: ids.f1 }), true);
    assert.equal(api.queueCurrent(), ids.h2);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queuePrevious', {}), true);
    assert.equal(api.queueCurrent(), ids.f1);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // a reject in the queue with the pick answered: then found by its reason
    const f1 = items.find((i) => i.jobId === 'f1')!;
    api.answerReasonPicks(['cancel']);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueReject', f1), false, 'Escape: nothing decided');
    assert.ok(fs.existsSync(abs(f1.output)));
    api.answerReasonPicks([{ reason: 'style' }]);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueReject', f1), true);
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'decisions/', reason: 'style' });
    assert.deepEqual((await q()).map((i) => [i.jobId, i.state]), [['f1', 'rejected']]);
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'decisions/', state: 'any' });
    assert.deepEqual((await q()).map((i) => `${i.jobId}:${i.state}`).sort(), ['f1:rejected', 'h1:rejected', 'h2:pending']);
    await vscode.commands.executeCommand('corpusCurator.queueSort', 'score-asc');
  });

  it('Export Review Decisions writes the preference pair of a source with an accepted and a rejected rewrite, and the accepted ones as SFT records', async () => {
    const h2 = abs('decisions/h2.textbook.college.md');
    await vscode.commands.executeCommand('corpusCurator.reviewDecide', { source: abs('decisions/harbour.md'), rewrite: h2, decision: 'accepted', comment: 'faithful' });
    const outDir = path.join(root, '.curator', 'training-test');
    const r = (await vscode.commands.executeCommand('corpusCurator.exportDecisions', { outDir })) as { pairsFile: string; sftFile: string; pairs: number; sft: number };
    assert.equal(r.pairsFile, path.join(outDir, 'preference-pairs.jsonl'));
    const read = <T>(f: string) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
    type Msg = { role: string; content: string };
    type Pair = { prompt: Msg[]; chosen: Msg[]; rejected: Msg[]; metadata: { source: string; chosen: Rec; rejected: Rec } };
    const pairs = read<Pair>(r.pairsFile).filter((p) => p.metadata.source === 'decisions/harbour.md');
    assert.equal(pairs.length, 1, 'h2 accepted × h1 rejected');
    const p = pairs[0]!;
    assert.deepEqual(p.prompt.map((m) => m.role), ['system', 'user']);
    assert.ok(p.prompt[1]!.content.includes(SOURCE_1.trim()), 'the instruction with the source');
    assert.equal(p.chosen[0]!.content, REWRITES.h2!.text);
    assert.equal(p.rejected[0]!.content, REWRITES.h1!.text, 'read from .curator/rejected/');
    assert.equal(p.metadata.rejected.reason, 'hallucination');
    assert.equal(p.metadata.rejected.comment, 'invents 200 ships');
    assert.equal(p.metadata.chosen.comment, 'faithful');
    assert.equal(p.metadata.chosen.rewriteId, ids.h2);
    const sft = read<{ messages: Msg[]; metadata: { rewrite: Rec } }>(r.sftFile).filter((s) => String(s.metadata.rewrite.path).startsWith('decisions/'));
    assert.deepEqual(sft.map((s) => s.metadata.rewrite.rewriteId), [ids.h2]);
    assert.deepEqual(sft[0]!.messages.map((m) => m.role), ['system', 'user', 'assistant']);
    assert.equal(r.sft, read(r.sftFile).length);
  });
});
