// One batch id for the CLI and the extension: the same jobs file and plan get the same id and the same job
// keys from both entry points (the CLI's `prepare`, from its flags; the extension's `planBatch`, from its
// plan text or single pick), so a batch started in one resumes in the other. (The in-VS-Code suite runs the
// real thing: test/integration/suite/batch.test.ts, "a batch started by the CLI resumes in the extension…".)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepare } from '../../src/cli/commands/batch';
import { parseArgs } from '../../src/cli/args';
import type { CliIO } from '../../src/cli/commands/types';
import { parseJobsJsonl } from '../../src/core/batch/sources';
import { loadTemplates } from '../../src/core/rewrite/templates';
import { sha256 } from '../../src/core/text/hash';
import { parsePlanText, planBatch } from '../../src/host/batch/run.model';
import { tempDir } from './tempdirs';

function workspace(named: boolean): { root: string; jobs: string } {
  const root = tempDir('curator-batch-id-');
  mkdirSync(join(root, '.curator'), { recursive: true });
  mkdirSync(join(root, 'docs'), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < 10; i++) {
    writeFileSync(join(root, 'docs', `d${i}.md`), `Document ${i}. The bridge at Elm was built in ${1900 + i} and is ${40 + i} m long.\n`);
    lines.push(JSON.stringify({ id: `d${i}`, path: `docs/d${i}.md`, ...(named ? { style: i % 2 ? 'qa' : 'wikipedia', audience: 'college' } : {}) }));
  }
  const jobs = join(root, 'jobs.jsonl');
  writeFileSync(jobs, lines.join('\n') + '\n');
  return { root, jobs };
}

/** The CLI's plan of `curator batch run <jobs> <flags…>`. */
function cli(root: string, jobs: string, flags: string[]) {
  const io: CliIO = { out: () => undefined, err: () => undefined, env: {}, cwd: root };
  return prepare(jobs, parseArgs([...flags, '--root', root], new Set(['no-fact-check'])), io, 'run');
}

/** The extension's plan of "Rewrite in Batch…" on the same jobs file (model from the settings). */
function extension(root: string, jobs: string, choice: { plan?: string; style?: string; audience?: string }, model = 'gpt-4o-mini') {
  const content = readFileSync(jobs);
  return planBatch({
    root,
    jobsFile: { path: jobs, content },
    specs: parseJobsJsonl(content.toString('utf8')).specs,
    mix: choice.plan ? parsePlanText(choice.plan) : undefined,
    single: choice.style && choice.audience ? { style: choice.style, audience: choice.audience } : undefined,
    model,
    templates: loadTemplates(root),
    mode: 'run',
  });
}

const keys = (jobs: { key: string; style: string; audience: string }[]) => jobs.map((j) => `${j.key} ${j.style}/${j.audience}`).sort();

test('a plan of two pairs: the CLI\'s --mix and the extension\'s plan text give one batch id and the same jobs', async () => {
  const { root, jobs } = workspace(false);
  const c = await cli(root, jobs, ['--mix', 'textbook/high-school:50,qa/college:50', '--model', 'm-1']);
  for (const plan of ['50% textbook/high-school, 50% qa/college', 'textbook/high-school 50%, qa/college 50%', 'textbook/high-school:50，qa/college:50']) {
    const e = extension(root, jobs, { plan }, 'm-1');
    assert.equal(e.batchId, c.batchId, plan);
    assert.deepEqual(keys(e.plan.jobs), keys(c.plan.jobs), plan);
  }
  assert.equal(keys(c.plan.jobs).filter((k) => k.endsWith('qa/college')).length, 5);
  // Another plan, seed or model is another batch.
  assert.notEqual(extension(root, jobs, { plan: '30% textbook/high-school, 70% qa/college' }, 'm-1').batchId, c.batchId);
  assert.notEqual((await cli(root, jobs, ['--mix', 'textbook/high-school:50,qa/college:50', '--model', 'm-1', '--seed', 'other'])).batchId, c.batchId);
  assert.notEqual(extension(root, jobs, { plan: '50% textbook/high-school, 50% qa/college' }, 'm-2').batchId, c.batchId);
});

test('one pair: the CLI\'s --style/--audience and the extension\'s pick; jobs naming their own: no flags and no pick', async () => {
  const { root, jobs } = workspace(false);
  const c = await cli(root, jobs, ['--style', 'qa', '--audience', 'children']);
  const e = extension(root, jobs, { style: 'qa', audience: 'children' });
  assert.equal(e.batchId, c.batchId);
  assert.deepEqual(keys(e.plan.jobs), keys(c.plan.jobs));
  assert.notEqual(extension(root, jobs, { style: 'qa', audience: 'college' }).batchId, c.batchId);
  // Every job names its pair: the CLI is run without flags, the extension asks nothing.
  const named = workspace(true);
  const cn = await cli(named.root, named.jobs, []);
  const en = extension(named.root, named.jobs, {});
  assert.equal(en.batchId, cn.batchId);
  assert.deepEqual(keys(en.plan.jobs), keys(cn.plan.jobs));
  assert.equal(cn.plan.jobs.length, 10);
});

test('the CLI\'s ids are the ones it gave before (an interrupted CLI batch still resumes after the upgrade)', async () => {
  const { root, jobs } = workspace(false);
  const content = readFileSync(jobs);
  const before = (extra: object) => `b-${sha256(`${jobs}\u0000${sha256(content)}\u0000${JSON.stringify(extra)}`).slice(0, 16)}`;
  assert.equal((await cli(root, jobs, [])).batchId, before({ model: 'gpt-4o-mini', style: 'textbook', audience: 'college', mix: '', seed: '' }));
  assert.equal((await cli(root, jobs, ['--style', 'qa', '--audience', 'children', '--model', 'x'])).batchId, before({ model: 'x', style: 'qa', audience: 'children', mix: '', seed: '' }));
  assert.equal(
    (await cli(root, jobs, ['--mix', 'textbook/high-school:50,qa/college:50', '--seed', 's'])).batchId,
    before({ model: 'gpt-4o-mini', style: 'textbook', audience: 'college', mix: 'textbook/high-school:50,qa/college:50', seed: 's' }),
  );
});

test('an export gets an id of its own, and files and folders (no jobs file) an id from their jobs', async () => {
  const { root, jobs } = workspace(false);
  const run = extension(root, jobs, { style: 'qa', audience: 'college' });
  const content = readFileSync(jobs);
  const exp = planBatch({ root, jobsFile: { path: jobs, content }, specs: parseJobsJsonl(content.toString('utf8')).specs, single: { style: 'qa', audience: 'college' }, model: 'gpt-4o-mini', templates: loadTemplates(root), mode: 'export' });
  assert.equal(exp.batchId, `x-${run.batchId.slice(2)}`);
  const files = Array.from({ length: 3 }, (_, i) => ({ path: join(root, 'docs', `d${i}.md`) }));
  const a = planBatch({ root, specs: files, single: { style: 'qa', audience: 'college' }, model: 'm', templates: loadTemplates(root), mode: 'run' });
  const b = planBatch({ root, specs: files.slice().reverse(), single: { style: 'qa', audience: 'college' }, model: 'm', templates: loadTemplates(root), mode: 'run' });
  assert.equal(a.batchId, b.batchId, 'the same files in another order');
  assert.match(a.batchId, /^b-[0-9a-f]{16}$/);
});
