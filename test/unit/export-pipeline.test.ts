import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/commands/types';
import { datatrovePipelineScript, lshForThreshold } from '../../src/core/corpus/pipeline/datatrove';
import { DEFAULT_DEDUP } from '../../src/core/corpus/dedup/lsh';

function capture(cwd: string): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, cwd }, out, err };
}

test('the fineweb script: datatrove reader, the four filters with their thresholds in order, MinHash stages, writer', () => {
  const s = datatrovePipelineScript({ preset: 'fineweb', input: '/data/corpus', inputFormat: 'jsonl', output: '/data/out', executor: 'slurm', tasks: 8 });
  assert.match(s, /^from datatrove\.pipeline\.readers import JsonlReader$/m);
  assert.match(s, /^from datatrove\.pipeline\.filters import GopherRepetitionFilter, GopherQualityFilter, C4QualityFilter, FineWebQualityFilter$/m);
  const order = ['GopherRepetitionFilter(', 'GopherQualityFilter(', 'C4QualityFilter(', 'FineWebQualityFilter(', 'JsonlWriter(f"{OUT}/filtered")'].map((x) => s.indexOf(x));
  assert.ok(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!)), JSON.stringify(order));
  assert.match(s, /top_n_grams=\(\(2, 0\.2\), \(3, 0\.18\), \(4, 0\.16\)\),/);
  assert.match(s, /dup_n_grams=\(\(5, 0\.15\), \(6, 0\.14\), \(7, 0\.13\), \(8, 0\.12\), \(9, 0\.11\), \(10, 0\.1\)\),/);
  assert.match(s, /min_doc_words=50,/);
  assert.match(s, /min_stop_words=2,/);
  // FineWeb's C4 step keeps lines without terminal punctuation
  assert.match(s, /C4QualityFilter\([^)]*filter_no_terminal_punct=False,/s);
  assert.match(s, /line_punct_thr=0\.12,/);
  assert.match(s, /exclusion_writer=JsonlWriter\(f"\{OUT\}\/removed\/fineweb"\)/);
  // MinHash: our shingles and LSH buckets for our threshold; the four datatrove stages, chained
  const lsh = lshForThreshold(DEFAULT_DEDUP.threshold);
  assert.match(s, new RegExp(`n_grams=${DEFAULT_DEDUP.wordShingle},\\n    num_buckets=${lsh.buckets},\\n    hashes_per_bucket=${lsh.perBucket},`));
  for (const stage of ['MinhashDedupSignature(', 'MinhashDedupBuckets(', 'MinhashDedupCluster(', 'MinhashDedupFilter(']) assert.ok(s.includes(stage), stage);
  assert.match(s, /depends=filtering\)/);
  assert.match(s, /depends=clusters\)/);
  assert.match(s, /JsonlWriter\(f"\{OUT\}\/output"\)/);
  // executors: the default chosen, the three offered
  assert.match(s, /"--executor", choices=\["local", "slurm", "ray"\], default="slurm"/);
  assert.match(s, /SlurmPipelineExecutor\(/);
  assert.match(s, /RayPipelineExecutor\(/);
  assert.match(s, /LocalPipelineExecutor\(/);
  assert.match(s, /default=8, help="parallel tasks/);
  assert.match(s, /^INPUT = "\/data\/corpus"$/m);
  assert.match(s, /has no containment rule/);
});

test('the gopher script has only the Gopher filters; Parquet input uses ParquetReader', () => {
  const s = datatrovePipelineScript({ preset: 'gopher', input: '/d', inputFormat: 'parquet', output: '/o' });
  assert.match(s, /import GopherRepetitionFilter, GopherQualityFilter$/m);
  assert.ok(!s.includes('C4QualityFilter'));
  assert.match(s, /return ParquetReader\(INPUT, glob_pattern="\*\*\/\*\.parquet", text_key="text"\)/);
  assert.match(s, /default="local"/);
});

test('LSH buckets put the 50 % point near the threshold within 112 hashes', () => {
  for (const t of [0.5, 0.7, 0.8]) {
    const l = lshForThreshold(t);
    assert.ok(l.buckets * l.perBucket <= 112);
    assert.ok(Math.abs(l.half - t) < 0.03, JSON.stringify(l));
    const p = 1 - Math.pow(1 - Math.pow(l.half, l.perBucket), l.buckets);
    assert.ok(Math.abs(p - 0.5) < 1e-9);
  }
});

test('curator export-pipeline writes the script; a folder without JSONL/Parquet is an error with a hint', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-'));
  try {
    mkdirSync(join(dir, 'web'));
    writeFileSync(join(dir, 'web', 'part-0.jsonl'), '{"text": "hello"}\n');
    const c = capture(dir);
    assert.equal(await main(['export-pipeline', '.', '--preset', 'fineweb'], c.io), 0);
    const file = join(dir, '.curator', 'pipelines', 'datatrove-fineweb.py');
    assert.match(c.out[0]!, /datatrove-fineweb\.py/);
    const s = readFileSync(file, 'utf8');
    assert.match(s, /JsonlReader\(INPUT, glob_pattern="\*\*\/\*\.jsonl\*"/);
    assert.ok(s.includes(`INPUT = ${JSON.stringify(dir)}`));
    assert.equal(await main(['export-pipeline', '.', '--preset', 'nope'], capture(dir).io), 2);
    assert.equal(await main(['export-pipeline', '.', '--preset', 'c4', '--executor', 'k8s'], capture(dir).io), 2);
    const empty = mkdtempSync(join(tmpdir(), 'pipeline-empty-'));
    writeFileSync(join(empty, 'a.txt'), 'text');
    const e = capture(empty);
    assert.equal(await main(['export-pipeline', '.', '--preset', 'c4'], e.io), 1);
    assert.match(e.err.join('\n'), /curator export/);
    rmSync(empty, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
