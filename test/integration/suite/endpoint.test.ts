// A dead endpoint inside a real VS Code (issue 17, item 3): a server that refuses connections (a closed
// port on 127.0.0.1). A rewrite fails fast with a message that says what to check; a batch pauses after a
// run of connection failures, stays resumable, and on resume (the server up again) runs every job.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TeacherDouble } from '../../double/teacher-double';
import { curator } from './api';
import type { BatchOutcome, RewriteOutcome } from '../../../src/host/commands';

const KEY = 'sk-endpoint-secret-2d91';
const double = new TeacherDouble({ chunkChars: 400, chunkDelayMs: 0, apiKey: KEY });
let root = '';
let deadHost = '';

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('corpusCurator').update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function writeDocs(dir: string, n: number): void {
  fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 1; i <= n; i++) {
    fs.writeFileSync(path.join(root, dir, `dead-${i}.md`), `# Dead ${i}\n\nMarker DEAD-${i}. The ferry to Orkney left at ${6 + i} o'clock with ${40 + i} passengers.\n`);
  }
}

describe('endpoint', function () {
  this.timeout(90_000);

  before(async () => {
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await double.start();
    deadHost = `127.0.0.1:${await closedPort()}`;
    await setting('baseUrl', `http://${deadHost}/v1`);
    await setting('model', 'double-model');
    // Six retries allowed: a refused connection must still fail after one.
    await setting('maxRetries', 6);
    await setting('requestTimeoutSeconds', 30);
    await setting('concurrency', 2);
    await setting('batch.maxAttempts', 3);
    await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate();
    assert.equal(await vscode.commands.executeCommand('corpusCurator.setApiKey', KEY), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('corpusCurator.batchCancel');
    await double.stop();
  });

  it('a rewrite against a refused connection fails fast, saying the server may not be running', async () => {
    writeDocs('dead-one', 1);
    const t0 = Date.now();
    const out = (await vscode.commands.executeCommand('corpusCurator.rewriteDocument', { uri: path.join(root, 'dead-one', 'dead-1.md'), style: 'qa', audience: 'college' })) as RewriteOutcome;
    const ms = Date.now() - t0;
    assert.equal(out.outputs.length, 0);
    assert.equal(out.failed.length, 1);
    assert.equal(out.failed[0]!.reason, `cannot connect to ${deadHost}: connection refused — is the server running?`);
    assert.ok(ms < 5000, `failed in ${ms} ms (one retry, not a minute of them)`);
  });

  it('a batch against a refused connection pauses, says why, stays resumable, and resumes every job once the server is up', async () => {
    writeDocs('dead-batch', 6);
    const t0 = Date.now();
    const out = (await vscode.commands.executeCommand('corpusCurator.batchRewrite', { paths: ['dead-batch'], style: 'textbook', audience: 'college' })) as BatchOutcome;
    const ms = Date.now() - t0;
    assert.ok(out.paused, 'the batch paused');
    assert.equal(out.paused, `cannot connect to ${deadHost}: connection refused — is the server running?`);
    assert.equal(out.done, 0);
    assert.equal(out.cancelled, false);
    assert.ok(out.failed >= 3 && out.failed + out.notRun === 6, `failed ${out.failed}, not run ${out.notRun}`);
    assert.ok(ms < 10_000, `paused after ${ms} ms`);
    // The journal says why; every job is still to do.
    const lines = fs.readFileSync(path.join(root, '.curator', 'batches', out.batchId, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { t: string; reason?: string });
    assert.equal(lines.filter((l) => l.t === 'pause').length, 1);
    // The server is up: the start-up look (the same list Resume Batch… offers) finds the batch and resumes it.
    await setting('baseUrl', double.url);
    const found = await (await curator()).batchCheckUnfinished({ answer: 'resume' });
    const mine = found.find((b) => b.status.batchId === out.batchId);
    assert.ok(mine, 'Resume Batch… finds the paused batch');
    assert.equal(mine.status.unfinished, 6, 'jobs that failed to connect are still to do');
    assert.equal(mine.status.paused, out.paused);
    const t1 = Date.now();
    for (;;) {
      const done = fs.readFileSync(path.join(root, '.curator', 'batches', out.batchId, 'journal.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"t":"done"')).length;
      if (done === 6) break;
      if (Date.now() - t1 > 30_000) assert.fail(`resume: ${done} of 6 done`);
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 1; i <= 6; i++) assert.equal(double.countFor(`Marker DEAD-${i}.`), 1, `document ${i} requested once on resume`);
  });
});
