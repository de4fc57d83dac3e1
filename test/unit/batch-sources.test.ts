import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignStyles, batchIdFor, jobKey, parseJobsJsonl, parseMix, planJobs, specsFromFolder, type JobSpec } from '../../src/core/batch/sources';
import { listUnfinishedBatches, Journal } from '../../src/core/batch/journal';

test('JSONL jobs: path or text jobs, bad lines reported with their numbers', () => {
  const { specs, errors } = parseJobsJsonl(
    [
      '{"id":"a","path":"docs/a.md","style":"qa","audience":"college"}',
      '',
      '{"id":"b","text":"你好，世界。"}',
      'not json',
      '{"id":"c"}',
      '{"id":"d","path":"x.md","text":"both"}',
      '[1]',
    ].join('\n'),
  );
  assert.deepEqual(specs.map((s) => [s.id, s.line, s.path ?? s.text]), [
    ['a', 1, 'docs/a.md'],
    ['b', 3, '你好，世界。'],
  ]);
  assert.deepEqual(errors.map((e) => e.line), [4, 5, 6, 7]);
  assert.match(errors[1]!.message, /needs "path" or "text"/);
});

test('a mix of style/audience pairs: exact shares, seeded, independent of job order, jobs that name a style keep it', () => {
  const specs: JobSpec[] = Array.from({ length: 101 }, (_, i) => ({ id: `doc-${i}`, text: 't' }));
  specs.push({ id: 'fixed', text: 't', style: 'wikipedia', audience: 'expert' });
  const mix = parseMix('textbook/high-school:50,qa/college:30,distill/general:20');
  const a = assignStyles(specs, mix, 'seed-1');
  const count = (xs: JobSpec[], s: string) => xs.filter((x) => x.style === s).length;
  assert.deepEqual([count(a, 'textbook'), count(a, 'qa'), count(a, 'distill')], [51, 30, 20], '50/30/20 of 101 by largest remainder');
  assert.equal(a.find((x) => x.id === 'fixed')!.style, 'wikipedia');
  assert.equal(a.find((x) => x.style === 'qa')!.audience, 'college');
  const b = assignStyles(specs.slice().reverse(), mix, 'seed-1');
  const styleOf = (xs: JobSpec[]) => new Map(xs.map((x) => [x.id, `${x.style}/${x.audience}`]));
  assert.deepEqual(styleOf(b), styleOf(a), 'same seed, same assignment, whatever the order');
  const c = assignStyles(specs, mix, 'seed-2');
  assert.notDeepEqual(styleOf(c), styleOf(a), 'another seed, another assignment');
  assert.throws(() => parseMix('textbook'), /bad mix entry/);
});

test('planning: keys from content, prompt, model, style and audience; duplicates and errors', () => {
  const ws = mkdtempSync(join(tmpdir(), 'curator-batch-sources-'));
  try {
    mkdirSync(join(ws, 'docs', 'sub'), { recursive: true });
    writeFileSync(join(ws, 'docs', 'a.md'), 'Same words.');
    writeFileSync(join(ws, 'docs', 'sub', 'b.txt'), 'Same words.');
    writeFileSync(join(ws, 'docs', 'c.md'), '长江全长约6300公里。');
    writeFileSync(join(ws, 'docs', 'empty.md'), '  \n');
    writeFileSync(join(ws, 'docs', 'skip.bin'), 'x');
    const specs = specsFromFolder(join(ws, 'docs'));
    assert.deepEqual(specs.map((s) => s.path!.slice(ws.length + 1)), ['docs/a.md', 'docs/c.md', 'docs/empty.md', 'docs/sub/b.txt']);
    const langs: string[] = [];
    const plan = planJobs([...specs, { id: 'gone', path: 'docs/none.md' }, { id: 'x', text: 'Same words.', style: 'nostyle' }], {
      root: ws,
      model: 'm1',
      promptId: (style, _a, text) => {
        langs.push(/[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en');
        return style === 'nostyle' ? undefined : `tpl-${style}`;
      },
      defaults: { style: 'textbook', audience: 'college' },
    });
    assert.deepEqual(plan.jobs.map((j) => j.id), ['docs/a.md', 'docs/c.md']);
    assert.deepEqual(plan.duplicates, [{ id: 'docs/sub/b.txt', of: 'docs/a.md' }]);
    assert.deepEqual(plan.errors.map((e) => e.message.replace(/ ".*/, '')), ['the document is empty', 'no such file: docs/none.md', 'no prompt template for style']);
    assert.ok(langs.includes('zh'));
    const a = plan.jobs[0]!;
    assert.equal(a.source.path, 'docs/a.md');
    assert.ok(a.estTokens > 400);
    assert.equal(a.key, jobKey(a.source.sha256, 'tpl-textbook', 'm1', 'textbook', 'college'));
    assert.notEqual(a.key, jobKey(a.source.sha256, 'tpl-textbook', 'm2', 'textbook', 'college'), 'another model is another job');
    assert.notEqual(a.key, jobKey(a.source.sha256, 'tpl-textbook', 'm1', 'textbook', 'expert'));
    assert.equal(batchIdFor('/w/jobs.jsonl', 'x'), batchIdFor('/w/jobs.jsonl', 'x'));
    assert.notEqual(batchIdFor('/w/jobs.jsonl', 'x'), batchIdFor('/w/jobs.jsonl', 'y'), 'edited jobs file, new batch');
    assert.notEqual(batchIdFor('/w/jobs.jsonl', 'x'), batchIdFor('/w/other.jsonl', 'x'));
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('listUnfinishedBatches: batches run here with jobs left, not exported ones', async () => {
  const ws = mkdtempSync(join(tmpdir(), 'curator-batch-sources-'));
  try {
    const job = (k: string) => ({ id: k, key: k, source: { text: 't', sha256: 's', chars: 1 }, style: 's', audience: 'a', estTokens: 1 });
    for (const [id, mode, finished] of [['b-run', 'run', false], ['b-done', 'run', true], ['b-exp', 'export', false]] as const) {
      const j = await Journal.open(ws, id);
      await j.append({ t: 'plan', v: 1, batchId: id, time: 't', meta: { origin: 'o', model: 'm', mode }, jobs: [job('k1'), job('k2')] });
      await j.append({ t: 'fail', key: 'k1', job: 'k1', time: 't', reason: 'r', kind: 'x' });
      if (finished) await j.append({ t: 'fail', key: 'k2', job: 'k2', time: 't', reason: 'r', kind: 'x' });
      await j.close();
    }
    const u = listUnfinishedBatches(ws);
    assert.deepEqual(u.map((b) => [b.batchId, b.total, b.failed, b.unfinished]), [['b-run', 2, 1, 1]]);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
