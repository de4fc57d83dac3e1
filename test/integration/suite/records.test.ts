// Records of shards as documents of their own, in a real VS Code: a line of a gzipped JSONL shard opens as a
// read-only curator-record: document, is rewritten through the real command and the teacher double into the
// shard's rewrites file, and is reviewed and decided like a file; a batch over records appends to the same
// rewrites shard, and record rewrites made one at a time wait in the Review Queue beside batch results.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import * as vscode from 'vscode';
import { TeacherDouble } from '../../double/teacher-double';
import { curator } from './api';

const KEY = 'sk-records-secret-51c0';
const double = new TeacherDouble({ chunkChars: 40, chunkDelayMs: 1, apiKey: KEY });
let root = '';

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('corpusCurator').update(key, value, vscode.ConfigurationTarget.Workspace);
}

describe('records', function () {
  this.timeout(60_000);
  const SECOND = 'The harbour lighthouse was built in 1874 and stands 31 metres tall. Its lamp was electrified in 1921, and the last keeper left in 1987.';

  before(async () => {
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    fs.mkdirSync(path.join(root, 'shards'), { recursive: true });
    const lines = [
      { id: 'r1', text: 'A first record about tea.' },
      { id: 'r2', text: SECOND },
    ].map((r) => JSON.stringify(r));
    fs.writeFileSync(path.join(root, 'shards', 'harbour.jsonl.gz'), gzipSync(lines.join('\n') + '\n'));
    await double.start();
    await setting('baseUrl', double.url);
    await setting('model', 'double-model');
    await setting('maxRetries', 1);
    await (await curator());
    assert.equal(await vscode.commands.executeCommand('corpusCurator.setApiKey', KEY), true);
  });

  after(async () => {
    await double.stop();
  });

  it('opens a record of a gzipped shard read-only, rewrites it into the rewrites shard and reviews it', async () => {
    assert.equal(await vscode.commands.executeCommand('corpusCurator.openCorpusDocument', { path: 'shards/harbour.jsonl.gz', line: 2 }), true);
    const ed = vscode.window.activeTextEditor!;
    assert.equal(ed.document.uri.scheme, 'curator-record');
    assert.equal(ed.document.languageId, 'corpus-record', 'a record reads as prose: its language wraps words');
    assert.equal(ed.document.getText(), SECOND);
    assert.ok(ed.document.uri.path.endsWith('shards/harbour.jsonl.gz:2'));

    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: ed.document.uri, style: 'textbook', audience: 'high-school', open: false })) as { outputs: string[]; failed: unknown[] };
    assert.equal(out.failed.length, 0, JSON.stringify(out.failed));
    const shard = path.join(root, 'shards', 'harbour.rewrites.textbook.high-school.jsonl');
    assert.deepEqual(out.outputs, [`${shard}:1`]);
    const line = JSON.parse(fs.readFileSync(shard, 'utf8').trim().split('\n')[0]!);
    assert.ok(line.text.includes('1874'), 'the rewrite keeps the facts');
    assert.equal(line.metadata.curator.parent_path, 'shards/harbour.jsonl.gz:2');
    const prov = fs.readFileSync(path.join(root, '.curator', 'provenance.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const rec = prov.at(-1);
    assert.equal(rec.source.path, 'shards/harbour.jsonl.gz:2');
    assert.equal(rec.output.path, 'shards/harbour.rewrites.textbook.high-school.jsonl:1');
    assert.ok(fs.existsSync(path.join(root, 'shards', 'harbour.jsonl.gz')), 'the source shard is untouched');

    // Review from the rewrite's ref: the source record is found through the provenance log.
    const pair = (await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { rewrite: out.outputs[0] })) as { source: string; rewrite: string };
    assert.equal(pair.source, path.join(root, 'shards', 'harbour.jsonl.gz:2'));
    const api = await curator();
    const st = await api.reviewState({ rewrite: out.outputs[0] });
    assert.ok(st, 'the review panel is open');
    assert.equal(st!.payload.error, undefined);
    assert.ok(st!.payload.view.summary.kept > 0, 'facts of the source record are found in the rewrite');
    const d = (await vscode.commands.executeCommand('corpusCurator.reviewDecide', { rewrite: out.outputs[0], decision: 'accepted' })) as { decision: string; output: { path: string } };
    assert.equal(d.decision, 'accepted');
    assert.equal(d.output.path, 'shards/harbour.rewrites.textbook.high-school.jsonl:1');
  });

  it('a batch over records appends lines to the rewrites shard; a record rewritten on its own waits in the Review Queue', async () => {
    const shard = path.join(root, 'shards', 'harbour.rewrites.textbook.high-school.jsonl');
    const out = (await vscode.commands.executeCommand('corpusCurator.batchRewrite', {
      paths: ['shards/harbour.jsonl.gz:1', 'shards/harbour.jsonl.gz:2'],
      style: 'textbook',
      audience: 'high-school',
    })) as { jobs: number; done: number; failed: number; failures: unknown[]; batchId: string };
    assert.equal(out.failed, 0, JSON.stringify(out.failures));
    assert.equal(out.done, 2);
    const lines = fs.readFileSync(shard, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 3, 'the single rewrite and the two batch results: one shard, a line each');
    assert.deepEqual(lines.slice(1).map((l) => l.metadata.curator.parent_path).sort(), ['shards/harbour.jsonl.gz:1', 'shards/harbour.jsonl.gz:2']);
    assert.ok(lines.slice(1).every((l) => l.metadata.curator.batch_id === out.batchId));
    assert.deepEqual(fs.readdirSync(path.join(root, 'shards')).sort(), ['harbour.jsonl.gz', 'harbour.rewrites.textbook.high-school.jsonl'], 'no file per job');

    // One record rewritten on its own (another style): it waits in the queue like the batch's results.
    const one = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: vscode.Uri.from({ scheme: 'curator-record', path: vscode.Uri.file(path.join(root, 'shards', 'harbour.jsonl.gz')).path + ':1' }), style: 'qa', audience: 'college', open: false })) as { outputs: string[]; failed: unknown[] };
    assert.equal(one.failed.length, 0, JSON.stringify(one.failed));
    const api = await curator();
    const items = (await api.queueItems()).filter((i) => i.source.startsWith('shards/harbour.jsonl.gz:'));
    assert.deepEqual(items.map((i) => `${i.batchId || 'single'} ${i.output}`).sort(), [
      `${out.batchId} shards/harbour.rewrites.textbook.high-school.jsonl:2`,
      `${out.batchId} shards/harbour.rewrites.textbook.high-school.jsonl:3`,
      'single shards/harbour.rewrites.qa.college.jsonl:1',
    ].sort());
    const single = items.find((i) => i.batchId === '')!;
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueOpen', single), true);
    const st = await api.reviewState({ rewrite: path.join(root, single.output) });
    assert.ok(st, 'the queue opened the review of the single record rewrite');
    assert.equal(st!.payload.error, undefined);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueAccept', single), true);
    const after = (await api.queueItems()).filter((i) => i.source.startsWith('shards/harbour.jsonl.gz:'));
    assert.equal(after.length, 2, 'the accepted one left the pending queue');
  });
});
