// Batch rewriting inside a real VS Code (code-server's extension host): the real commands, scheduler,
// journal and openai client against the local OpenAI-compatible TEST DOUBLE (faults, latency, counts).
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fakeRewrite, TeacherDouble } from '../../double/teacher-double';
import { curator } from './api';
import type { BatchOutcome } from '../../../src/host/commands';

type Outcome = BatchOutcome;

interface QueueEntry {
  rewriteId: string;
  source: string;
  output: string;
  style: string;
  audience: string;
  score?: number;
  verdict?: string;
  state: string;
}

const KEY = 'sk-batch-secret-51c0';
const double = new TeacherDouble({ chunkChars: 200, chunkDelayMs: 0, apiKey: KEY });
let root = '';

type Rec = { type: string; [k: string]: unknown };
function provenance(): Rec[] {
  const f = path.join(root, '.curator', 'provenance.jsonl');
  if (!fs.existsSync(f)) return [];
  return fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
}

function journal(batchId: string): Rec[] {
  const f = path.join(root, '.curator', 'batches', batchId, 'journal.jsonl');
  return fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Rec);
}

async function setting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('corpusCurator').update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function until(cond: () => boolean | Promise<boolean>, ms = 15_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Writes `n` English documents (three paragraphs with numbers and names) under `dir`, each with a marker. */
function writeDocs(dir: string, prefix: string, n: number): string[] {
  const abs = path.join(root, dir);
  fs.mkdirSync(abs, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = `${prefix}-${String(i).padStart(2, '0')}`;
    const f = path.join(abs, `${id.toLowerCase()}.md`);
    fs.writeFileSync(
      f,
      `# Report ${id}\n\n` +
        `Marker ${id}. In ${1990 + i} the town of Elmsford planted ${i * 120} oak trees along the Hadley river to slow erosion.\n\n` +
        `The project cost ${i * 3} thousand pounds and was led by engineer Maria Okafor, who measured the bank every spring.\n\n` +
        `By ${2000 + i} the riverbank had moved ${i} centimetres less each year than before the planting.\n`,
    );
    files.push(f);
  }
  return files;
}

const queueItems = async (): Promise<QueueEntry[]> => (await curator()).queueItems();

describe('batch', function () {
  this.timeout(120_000);

  before(async () => {
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await double.start();
    await setting('baseUrl', double.url);
    await setting('model', 'double-model');
    await setting('maxRetries', 3);
    await setting('requestTimeoutSeconds', 5);
    await setting('concurrency', 4);
    await setting('batch.maxAttempts', 3);
    await setting('batch.prices', { 'double-model': { promptPerMTok: 1, completionPerMTok: 2 } });
    await vscode.extensions.getExtension('corpus-curator.corpus-curator')!.activate();
    assert.equal(await vscode.commands.executeCommand('corpusCurator.setApiKey', KEY), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('corpusCurator.batchCancel');
  });

  beforeEach(() => double.reset());

  it('rewrites a folder of 20 documents through injected 429s and 500s: all finish, journalled, with provenance and cost', async () => {
    writeDocs('batch-twenty', 'TWENTY', 20);
    double.enqueue({ kind: '429', retryAfterSeconds: 0.1 }, { kind: '500' }, { kind: '429', retryAfterSeconds: 0.1 }, { kind: '500' }, { kind: '429', retryAfterSeconds: 0.05 });
    const out = (await vscode.commands.executeCommand('corpusCurator.batchRewrite', { paths: ['batch-twenty'], style: 'textbook', audience: 'high-school' })) as Outcome;
    assert.equal(out.jobs, 20);
    assert.equal(out.failed, 0, JSON.stringify(out.failures));
    assert.equal(out.done, 20);
    assert.equal(out.cancelled, false);
    assert.ok(out.tokens > 0);
    assert.ok(out.costUsd !== undefined && out.costUsd > 0, 'the cost comes from the prices setting');
    // 20 answers plus the 5 failed tries; the concurrency setting caps parallel requests.
    assert.equal(double.count, 25);
    assert.ok(double.maxInFlight <= 4, `in flight ${double.maxInFlight}`);
    for (let i = 1; i <= 20; i++) assert.equal(double.countFor(`Marker TWENTY-${String(i).padStart(2, '0')}.`) >= 1, true);
    const done = journal(out.batchId).filter((r) => r.t === 'done');
    assert.equal(done.length, 20);
    const recs = provenance().filter((r) => r.type === 'rewrite' && r.batchId === out.batchId);
    assert.equal(recs.length, 20);
    for (const r of recs) assert.ok(fs.existsSync(path.join(root, (r.output as { path: string }).path)));
    // The review queue lists them with their fact scores.
    const items = (await queueItems()).filter((i) => i.source.startsWith('batch-twenty/'));
    assert.equal(items.length, 20);
    assert.ok(items.every((i) => typeof i.score === 'number' && i.verdict), 'every item has a fact score and verdict');
    // Running the same selection again requests nothing: every job is finished.
    double.reset();
    const again = (await vscode.commands.executeCommand('corpusCurator.batchRewrite', { paths: ['batch-twenty'], style: 'textbook', audience: 'high-school' })) as Outcome;
    assert.equal(again.batchId, out.batchId);
    assert.equal(again.skipped, 20);
    assert.equal(double.count, 0);
  });

  it('cancel stops the batch: no new request starts and the running ones are aborted; the batch is offered for resume', async () => {
    writeDocs('batch-cancel', 'CANCEL', 12);
    await setting('concurrency', 3);
    double.faultWhen('Marker CANCEL-', { kind: 'slow', firstByteMs: 600 });
    const pending = vscode.commands.executeCommand('corpusCurator.batchRewrite', { paths: ['batch-cancel'], style: 'qa', audience: 'college' }) as Thenable<Outcome>;
    // Let the first three finish and the next three start.
    await until(() => double.count >= 6, 15_000, 'six requests');
    const cancelled = await vscode.commands.executeCommand('corpusCurator.batchCancel');
    assert.equal(cancelled, 1);
    const out = await pending;
    const atCancel = double.count;
    assert.equal(out.cancelled, true);
    assert.ok(out.done >= 3 && out.done < 12, `done ${out.done}`);
    assert.equal(out.notRun, 12 - out.done);
    await until(() => double.requests.filter((r) => r.aborted).length >= 1, 5_000, 'an aborted request');
    await new Promise((r) => setTimeout(r, 800));
    assert.equal(double.count, atCancel, 'no request after cancel');
    assert.ok(double.requests.filter((r) => r.aborted).length >= 1);
    await setting('concurrency', 4);
    // Interrupted: the start-up check offers it; "Discard" keeps the finished rewrites and stops offering it.
    const offered = await (await curator()).batchCheckUnfinished({ answer: 'discard' });
    const mine = offered.find((b) => b.status.batchId === out.batchId);
    assert.ok(mine, 'the cancelled batch is offered');
    assert.equal(mine.status.unfinished, out.notRun);
    await until(() => fs.existsSync(path.join(root, '.curator', 'batches', out.batchId, 'discarded')), 5_000, 'discard marker');
    const again = await (await curator()).batchCheckUnfinished({ answer: 'discard' });
    assert.ok(!again.some((b) => b.status.batchId === out.batchId));
  });

  it('resumes after a crash: interrupted jobs run again, finished ones are never requested again', async () => {
    const files = writeDocs('batch-crash', 'CRASH', 8);
    await setting('concurrency', 8);
    // Documents 5–8 hang, as if the window died while they were in flight.
    for (let i = 5; i <= 8; i++) double.faultWhen(`Marker CRASH-0${i}.`, { kind: 'hang' });
    const pending = vscode.commands.executeCommand('corpusCurator.batchRewrite', { paths: files, style: 'distill', audience: 'college' }) as Thenable<Outcome>;
    let batchId = '';
    await until(() => {
      const dir = path.join(root, '.curator', 'batches');
      for (const b of fs.readdirSync(dir)) {
        const j = path.join(dir, b, 'journal.jsonl');
        if (fs.existsSync(j) && fs.readFileSync(j, 'utf8').includes('batch-crash/crash-01.md')) batchId = b;
      }
      return !!batchId && journal(batchId).filter((r) => r.t === 'done').length === 4 && double.count === 8;
    }, 20_000, 'four done, four hanging');
    await vscode.commands.executeCommand('corpusCurator.batchCancel');
    await pending;
    await setting('concurrency', 4);
    // Make the journal look like a killed process left it: job 4's result is on disk with its provenance
    // record, but its 'done' line never made it (crash between the two), and a torn last line.
    const jfile = path.join(root, '.curator', 'batches', batchId, 'journal.jsonl');
    const lines = fs.readFileSync(jfile, 'utf8').split('\n').filter(Boolean);
    const kept = lines.filter((l) => !(l.includes('"t":"done"') && l.includes('crash-04.md')));
    assert.equal(kept.length, lines.length - 1);
    fs.writeFileSync(jfile, kept.join('\n') + '\n{"t":"start","key":"tor');
    double.reset();
    const out = (await vscode.commands.executeCommand('corpusCurator.batchResume', { batchId, root })) as Outcome;
    assert.equal(out.cancelled, false);
    assert.equal(out.failed, 0, JSON.stringify(out.failures));
    assert.equal(out.recovered, 1, 'job 4 recovered from disk without a request');
    assert.equal(out.done, 5);
    assert.equal(out.skipped, 3);
    for (let i = 1; i <= 4; i++) assert.equal(double.countFor(`Marker CRASH-0${i}.`), 0, `document ${i} was not requested again`);
    for (let i = 5; i <= 8; i++) assert.equal(double.countFor(`Marker CRASH-0${i}.`), 1, `document ${i} was requested once`);
    assert.equal(double.count, 4);
    const done = new Set(journal(batchId).filter((r) => r.t === 'done').map((r) => r.job));
    assert.equal(done.size, 8);
  });

  it('one batch id for the CLI and the extension: a batch the CLI started resumes in the extension, and the other way round', async () => {
    const cliJs = path.join(vscode.extensions.getExtension('corpus-curator.corpus-curator')!.extensionPath, 'dist', 'cli.js');
    const env = { ...process.env, OPENAI_BASE_URL: double.url, OPENAI_API_KEY: KEY };
    const plan = { ext: '50% textbook/high-school, 50% qa/college', cli: 'textbook/high-school:50,qa/college:50' };
    /** Eight documents and a jobs file naming no style (the plan assigns them); documents 5–8 hang. */
    const setUp = (name: string, marker: string) => {
      writeDocs(`batch-${name}`, marker, 8);
      const lines = Array.from({ length: 8 }, (_, i) => JSON.stringify({ id: `${name}-${i + 1}`, path: `batch-${name}/${marker.toLowerCase()}-0${i + 1}.md` }));
      fs.writeFileSync(path.join(root, `${name}.jsonl`), lines.join('\n') + '\n');
      for (let i = 5; i <= 8; i++) double.faultWhen(`Marker ${marker}-0${i}.`, { kind: 'hang' });
      return path.join(root, `${name}.jsonl`);
    };
    const doneIn = (batchId: string) => (fs.existsSync(path.join(root, '.curator', 'batches', batchId, 'journal.jsonl')) ? journal(batchId).filter((r) => r.t === 'done').length : 0);
    const cli = (jobs: string) => {
      const child = spawn(process.execPath, [cliJs, 'batch', 'run', jobs, '--mix', plan.cli, '--model', 'double-model', '--concurrency', '8', '--root', root], { env, cwd: root });
      const out = { stdout: '', stderr: '', code: null as number | null, signal: null as string | null, exited: false };
      child.stdout.on('data', (d) => (out.stdout += String(d)));
      child.stderr.on('data', (d) => (out.stderr += String(d)));
      const exit = new Promise<void>((resolve) => child.on('exit', (code, signal) => Object.assign(out, { code, signal, exited: true }) && resolve()));
      return { child, out, exit, batchId: () => /batch (b-[0-9a-f]{16})/.exec(out.stderr)?.[1] };
    };
    await setting('concurrency', 8);
    try {
      // Started by the CLI, killed with four documents done and four in flight; resumed by the extension.
      const a = cli(setUp('cross-a', 'XA'));
      await until(() => !!a.batchId() && doneIn(a.batchId()!) === 4 && double.count === 8, 30_000, 'the CLI batch: four done, four hanging');
      a.child.kill('SIGKILL');
      await a.exit;
      double.reset();
      const resumed = (await vscode.commands.executeCommand('corpusCurator.batchRewrite', { jobsFile: 'cross-a.jsonl', plan: plan.ext })) as Outcome;
      assert.equal(resumed.batchId, a.batchId(), 'the extension computes the CLI\'s batch id');
      assert.equal(resumed.failed, 0, JSON.stringify(resumed.failures));
      assert.deepEqual([resumed.done, resumed.skipped], [4, 4]);
      for (let i = 1; i <= 4; i++) assert.equal(double.countFor(`Marker XA-0${i}.`), 0, `document ${i}, done by the CLI, is not requested again`);
      for (let i = 5; i <= 8; i++) assert.equal(double.countFor(`Marker XA-0${i}.`), 1);
      assert.equal(doneIn(a.batchId()!), 8);

      // Started in the extension, cancelled with four done; finished by the CLI.
      double.reset();
      const jobsB = setUp('cross-b', 'XB');
      const pending = vscode.commands.executeCommand('corpusCurator.batchRewrite', { jobsFile: 'cross-b.jsonl', plan: plan.ext }) as Thenable<Outcome>;
      await until(() => double.count === 8 && double.countFor('Marker XB-') === 8, 20_000, 'eight requests of the extension batch');
      let idB = '';
      await until(() => {
        for (const b of fs.readdirSync(path.join(root, '.curator', 'batches'))) if (doneIn(b) === 4 && fs.readFileSync(path.join(root, '.curator', 'batches', b, 'journal.jsonl'), 'utf8').includes('batch-cross-b/')) idB = b;
        return !!idB;
      }, 20_000, 'four done in the extension batch');
      await vscode.commands.executeCommand('corpusCurator.batchCancel');
      const stopped = await pending;
      assert.equal(stopped.batchId, idB);
      assert.equal(stopped.cancelled, true);
      double.reset();
      const b = cli(jobsB);
      await b.exit;
      assert.equal(b.out.code, 0, b.out.stderr);
      assert.equal(b.batchId(), idB, 'the CLI computes the extension\'s batch id');
      assert.match(b.out.stdout, /done 4, failed 0, skipped 4/);
      for (let i = 1; i <= 4; i++) assert.equal(double.countFor(`Marker XB-0${i}.`), 0, `document ${i}, done in the extension, is not requested again`);
      for (let i = 5; i <= 8; i++) assert.equal(double.countFor(`Marker XB-0${i}.`), 1);
    } finally {
      await setting('concurrency', 4);
    }
  });

  it('a JSONL jobs file with a plan of two style/audience pairs', async () => {
    const jobs = ['a', 'b', 'c', 'd'].map((id, i) =>
      JSON.stringify({ id: `plan-${id}`, text: `Marker PLAN-${id}. The lighthouse at Cape Wren was built in ${1850 + i} and is ${30 + i} metres tall.\n\nIts lamp is visible from ${20 + i} kilometres away.` }),
    );
    fs.writeFileSync(path.join(root, 'plan-jobs.jsonl'), jobs.join('\n') + '\nnot json\n');
    const out = (await vscode.commands.executeCommand('corpusCurator.batchRewrite', { jobsFile: 'plan-jobs.jsonl', plan: '50% textbook/high-school, 50% qa/college' })) as Outcome;
    assert.equal(out.done, 4, JSON.stringify(out.failures));
    assert.equal(out.errors.length, 1);
    assert.equal(out.errors[0]!.line, 5);
    const recs = journal(out.batchId).filter((r) => r.t === 'done');
    assert.equal(recs.filter((r) => r.style === 'textbook' && r.audience === 'high-school').length, 2);
    assert.equal(recs.filter((r) => r.style === 'qa' && r.audience === 'college').length, 2);
  });

  it('a half-deleted rewrite shows "needs review" with its reason in the panel and is left out by Accept All Consistent Rewrites', async () => {
    const files = writeDocs('batch-half', 'HALF', 3);
    // the teacher answers HALF-02 with its heading and first paragraph only: two of its four sentences gone
    const half = fs.readFileSync(files[1]!, 'utf8').split('\n\n').slice(0, 2).join('\n\n');
    double.faultWhen('Marker HALF-02.', { kind: 'text', text: half });
    const out = (await vscode.commands.executeCommand('corpusCurator.batchRewrite', { paths: ['batch-half'], style: 'textbook', audience: 'high-school' })) as Outcome;
    assert.equal(out.done, 3, JSON.stringify(out.failures));
    const items = (await queueItems()).filter((i) => i.source.startsWith('batch-half/'));
    assert.equal(items.length, 3);
    const bad = items.find((i) => i.source.endsWith('half-02.md'))!;
    assert.equal(bad.verdict, 'needs-review');
    const facts = (bad as QueueEntry & { facts?: { reasons?: string[] } }).facts;
    assert.match(facts?.reasons?.[0] ?? '', /^drops 2 of 4 source passages/);
    for (const ok of items.filter((i) => i !== bad)) assert.equal(ok.verdict, 'consistent', `${ok.source}: ${JSON.stringify(ok)}`);

    // the panel shows the verdict with the reason in its header
    await vscode.commands.executeCommand('corpusCurator.queueOpen', bad);
    const rewriteAbs = path.join(root, bad.output);
    const api = await curator();
    type Panel = { rendered?: { reasons: string[] }; payload: { view: { summary: { verdict: string }; reasons: { text: string; row?: string }[] } } };
    let st: Panel | undefined;
    await until(async () => !!(st = (await api.reviewState({ rewrite: rewriteAbs })) as unknown as Panel | undefined)?.rendered, 20_000, 'the review panel to draw');
    assert.equal(st!.payload.view.summary.verdict, 'needs-review');
    assert.match(st!.payload.view.reasons[0]!.text, /^drops 2 of 4 source passages/);
    assert.ok(st!.payload.view.reasons[0]!.row, 'the reason points at a row');
    assert.match(st!.rendered!.reasons[0] ?? '', /drops 2 of 4 source passages/);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');

    // Accept All Consistent Rewrites takes the other two and leaves it
    const n = (await vscode.commands.executeCommand('corpusCurator.queueBulkAccept', { threshold: 0.9, confirm: false })) as number;
    const accepted = new Set(provenance().filter((r) => r.type === 'decision' && r.decision === 'accepted').map((d) => d.rewriteId));
    assert.ok(!accepted.has(bad.rewriteId), 'the half-deleted rewrite is not accepted');
    for (const ok of items.filter((i) => i !== bad)) assert.ok(accepted.has(ok.rewriteId), `${ok.source} accepted`);
    assert.ok((await queueItems()).some((i) => i.rewriteId === bad.rewriteId), 'it stays in the queue');
    // leave the queue as it was for the tests after this one
    assert.equal((await vscode.commands.executeCommand('corpusCurator.queueUndo')) as number, n);
  });

  it('bulk accept records a decision per rewrite in the provenance log; undo reverts the group; bulk reject moves files out', async () => {
    const before = await queueItems();
    const consistent = before.filter((i) => i.verdict === 'consistent' && (i.score ?? 0) >= 0.9);
    assert.ok(consistent.length >= 5, `consistent items: ${consistent.length}`);
    const n = (await vscode.commands.executeCommand('corpusCurator.queueBulkAccept', { threshold: 0.9, confirm: false })) as number;
    assert.equal(n, consistent.length);
    const decisions = provenance().filter((r) => r.type === 'decision' && r.decision === 'accepted');
    const ids = new Set(decisions.map((d) => d.rewriteId));
    for (const c of consistent) assert.ok(ids.has(c.rewriteId), `decision for ${c.output}`);
    const after = await queueItems();
    const left = after.filter((a) => ids.has(a.rewriteId));
    assert.deepEqual(left, [], 'accepted items leave the queue');
    assert.equal(after.length, before.length - n);
    // Undo: the whole bulk group is pending again.
    const undone = (await vscode.commands.executeCommand('corpusCurator.queueUndo')) as number;
    assert.equal(undone, n);
    assert.equal((await queueItems()).length, before.length);
    assert.equal(provenance().filter((r) => r.type === 'decision' && r.decision === 'pending' && r.undoes).length >= n, true);
    // Filter and sort; bulk reject acts on what the filter shows.
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'batch-crash/' });
    await vscode.commands.executeCommand('corpusCurator.queueSort', 'source');
    const shown = await queueItems();
    assert.equal(shown.length, 8);
    assert.deepEqual(shown.map((s) => s.source), [...shown.map((s) => s.source)].sort());
    const rejected = (await vscode.commands.executeCommand('corpusCurator.queueBulkReject', { confirm: false })) as number;
    assert.equal(rejected, 8);
    for (const s of shown) {
      assert.equal(fs.existsSync(path.join(root, s.output)), false, 'moved out of the corpus');
      assert.ok(fs.existsSync(path.join(root, '.curator', 'rejected', s.output)));
    }
    assert.equal((await queueItems()).length, 0);
    await vscode.commands.executeCommand('corpusCurator.queueUndo');
    for (const s of shown) assert.ok(fs.existsSync(path.join(root, s.output)), 'back after undo');
    await vscode.commands.executeCommand('corpusCurator.queueClearFilter');
    await vscode.commands.executeCommand('corpusCurator.queueSort', 'score-asc');
  });

  it('keyboard-driven review: a decision in the review panel opens the next pending item of the queue', async () => {
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'batch-twenty/' });
    await vscode.commands.executeCommand('corpusCurator.queueSort', 'source');
    const items = await queueItems();
    assert.ok(items.length >= 3);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueOpen', items[0]), true);
    assert.equal((await curator()).queueCurrent(), items[0]!.rewriteId);
    const abs = (p: string) => path.join(root, p);
    await vscode.commands.executeCommand('corpusCurator.reviewDecide', { source: abs(items[0]!.source), rewrite: abs(items[0]!.output), decision: 'accepted' });
    let current: unknown;
    for (let i = 0; i < 100 && current !== items[1]!.rewriteId; i++) {
      await new Promise((r) => setTimeout(r, 50));
      current = (await curator()).queueCurrent();
    }
    assert.equal(current, items[1]!.rewriteId, 'the next item is open');
    const rec = provenance().filter((r) => r.type === 'decision' && r.rewriteId === items[0]!.rewriteId).at(-1)!;
    assert.equal(rec.decision, 'accepted');
    assert.ok(!(await queueItems()).some((i) => i.rewriteId === items[0]!.rewriteId));
    // Reject from the panel moves the file out and opens the next one again.
    await vscode.commands.executeCommand('corpusCurator.reviewDecide', { source: abs(items[1]!.source), rewrite: abs(items[1]!.output), decision: 'rejected' });
    for (let i = 0; i < 100 && current !== items[2]!.rewriteId; i++) {
      await new Promise((r) => setTimeout(r, 50));
      current = (await curator()).queueCurrent();
    }
    assert.equal(current, items[2]!.rewriteId);
    assert.equal(fs.existsSync(abs(items[1]!.output)), false);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('corpusCurator.queueClearFilter');
    await vscode.commands.executeCommand('corpusCurator.queueSort', 'score-asc');
  });

  it('a decision taken in the queue redraws the open review panel of that rewrite, and so does its undo', async () => {
    const api = await curator();
    await vscode.commands.executeCommand('corpusCurator.queueFilter', { source: 'batch-twenty/' });
    // Not the item the queue opened last: a decision on that one would move the queue on to the next.
    const item = (await queueItems()).find((i) => i.rewriteId !== api.queueCurrent())!;
    assert.ok(item);
    const rewrite = path.join(root, item.output);
    await vscode.commands.executeCommand('corpusCurator.reviewRewrite', { source: path.join(root, item.source), rewrite });
    const rendered = async () => (await api.reviewState({ rewrite }))?.received.filter((m) => m.method === 'rendered').length ?? 0;
    const redrawn = async (after: number) => {
      for (let i = 0; i < 200 && (await rendered()) <= after; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok((await rendered()) > after, 'the panel drew again');
    };
    await redrawn(0);
    assert.equal((await api.reviewState({ rewrite }))!.payload.decision, undefined);
    let n = await rendered();
    // a reject from the queue asks why (the reason pick list): answered here as a reviewer would
    api.answerReasonPicks([{ reason: 'facts-dropped' }]);
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueReject', item), true);
    await redrawn(n);
    const st = (await api.reviewState({ rewrite }))!;
    assert.equal(st.payload.decision?.decision, 'rejected');
    assert.equal(st.payload.decision?.movedTo, `.curator/rejected/${item.output}`);
    n = await rendered();
    assert.equal(await vscode.commands.executeCommand('corpusCurator.queueUndo'), 1);
    await redrawn(n);
    assert.equal((await api.reviewState({ rewrite }))!.payload.decision, undefined);
    assert.ok(fs.existsSync(rewrite), 'back in the corpus');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('corpusCurator.queueClearFilter');
  });

  it('exports OpenAI Batch API files and imports the results, reporting errors and unmatched lines by line number', async () => {
    const jobs = ['x', 'y', 'z'].map((id, i) => JSON.stringify({ id: `exp-${id}`, text: `Marker EXPORT-${id}. The ferry to Inchmore leaves at ${7 + i} o'clock and carries ${40 + i} cars.` }));
    fs.writeFileSync(path.join(root, 'export-jobs.jsonl'), jobs.join('\n') + '\n');
    const ex = (await vscode.commands.executeCommand('corpusCurator.batchExport', { jobsFile: 'export-jobs.jsonl', style: 'wikipedia', audience: 'college', maxRequests: 2 })) as {
      batchId: string;
      files: string[];
      requests: number;
    };
    assert.equal(ex.requests, 3);
    assert.equal(ex.files.length, 2, 'split at 2 requests a file');
    const input = ex.files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { custom_id: string; method: string; url: string; body: { model: string; messages: { role: string; content: string }[] } }));
    assert.equal(input[0]!.method, 'POST');
    assert.equal(input[0]!.url, '/v1/chat/completions');
    assert.equal(input[0]!.body.model, 'double-model');
    assert.equal(double.count, 0, 'export sends nothing');
    // What the Batch API (or vllm run-batch) would give back: two answers, one error, one unknown id.
    const answer = (i: number) => {
      const doc = /<document>\n?([\s\S]*?)\n?<\/document>/.exec(input[i]!.body.messages[1]!.content)![1]!;
      return JSON.stringify({ id: `batch_req_${i}`, custom_id: input[i]!.custom_id, response: { status_code: 200, request_id: `r${i}`, body: { model: 'double-model', choices: [{ index: 0, message: { role: 'assistant', content: fakeRewrite(doc, 'en') }, finish_reason: 'stop' }], usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 } } }, error: null });
    };
    const out = [
      answer(0),
      answer(1),
      JSON.stringify({ id: 'batch_req_2', custom_id: input[2]!.custom_id, response: null, error: { code: 'server_error', message: 'The server had an error' } }),
      JSON.stringify({ id: 'batch_req_9', custom_id: 'somebody-else-42', response: { status_code: 200, body: { choices: [{ message: { content: 'x' } }] } }, error: null }),
      '{"broken',
    ];
    fs.writeFileSync(path.join(root, 'export-results.jsonl'), out.join('\n') + '\n');
    const imp = (await vscode.commands.executeCommand('corpusCurator.batchImport', { resultsFile: 'export-results.jsonl' })) as {
      imported: number;
      failed: number;
      problems: { line: number; message: string }[];
    };
    assert.equal(imp.imported, 2);
    assert.equal(imp.failed, 1);
    // The failed request (3), the unknown custom_id (4) and the malformed line (5), by line number.
    assert.deepEqual(imp.problems.map((e) => e.line), [3, 4, 5], JSON.stringify(imp.problems));
    const done = journal(ex.batchId).filter((r) => r.t === 'done');
    assert.equal(done.length, 2);
    assert.ok(done.every((d) => d.imported === true));
    const recs = provenance().filter((r) => r.type === 'rewrite' && r.batchId === ex.batchId);
    assert.equal(recs.length, 2);
    // Importing the same file again adds nothing.
    const again = (await vscode.commands.executeCommand('corpusCurator.batchImport', { resultsFile: 'export-results.jsonl' })) as { imported: number };
    assert.equal(again.imported, 0);
  });
});

// The Corpus view's "Rewrite Shown Documents in Batch…" builds the corpus index, and the corpus suite
// checks that nothing was indexed before it runs: so this check runs after every suite (a root-level
// hook; a failure here fails the run), then the double stops.
after(async function () {
  this.timeout(60_000);
  try {
    // Other suites ran in between with their own endpoint and key.
    await setting('baseUrl', double.url);
    await setting('model', 'double-model');
    assert.equal(await vscode.commands.executeCommand('corpusCurator.setApiKey', KEY), true);
    double.reset();
    writeDocs('batch-zh-skip', 'CORPUSVIEW', 1);
    fs.writeFileSync(path.join(root, 'batch-zh-skip', 'zh-only.md'), '# 茶园\n\n标记 CORPUSVIEW-ZH。2019年，茶园种植了三千棵茶树，由技术员王芳负责。\n\n到2022年，茶叶产量增加了两成。\n');
    await vscode.commands.executeCommand('corpusCurator.refreshCorpus');
    await vscode.commands.executeCommand('corpusCurator.filterCorpus', { kind: ['natural'], lang: ['zh'] });
    const out = (await vscode.commands.executeCommand('corpusCurator.batchRewriteCorpus', { style: 'qa', audience: 'children' })) as Outcome;
    await vscode.commands.executeCommand('corpusCurator.clearCorpusFilter');
    assert.ok(out && out.jobs >= 1, JSON.stringify(out));
    assert.equal(out.failed, 0, JSON.stringify(out.failures));
    assert.equal(double.countFor('CORPUSVIEW-ZH'), 1, 'the Chinese document shown by the filter was rewritten');
    assert.equal(double.countFor('Marker CORPUSVIEW-01.'), 0, 'the English one, filtered out, was not');
    assert.ok(double.requests.every((r) => /[\u4e00-\u9fff]/.test(r.body.messages![1]!.content)), 'only Chinese documents were sent');
    console.log(`[batch] Corpus view (natural, zh): ${out.jobs} documents rewritten in batch ${out.batchId}`);
  } finally {
    await vscode.commands.executeCommand('corpusCurator.batchCancel');
    await double.stop();
  }
});
