// curator batch export / import: OpenAI Batch API input files (split at the limits) and output files
// (OpenAI / vLLM shape) imported as rewrites. The "batch API" here is the TEST DOUBLE answering each
// exported request without streaming, wrapped in the output line format, as `vllm run-batch` writes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { parseCustomId, parseOutputFile, splitIntoFiles } from '../../src/core/batch/batchfile';
import { readJournal } from '../../src/core/batch/journal';
import { loadQueue } from '../../src/core/batch/queue';
import { readProvenance } from '../../src/core/provenance/log';
import { TeacherDouble, extractDocument } from '../double/teacher-double';

const double = new TeacherDouble({ chunkDelayMs: 0 });
let url = '';
let ws = '';
before(async () => {
  url = await double.start();
  ws = mkdtempSync(join(tmpdir(), 'curator-batch-files-'));
  mkdirSync(join(ws, '.curator'));
  mkdirSync(join(ws, 'docs'));
  writeFileSync(join(ws, 'docs', 'a.md'), 'Alpha doc. The bridge is 120 m long.\n\nIt opened in 1932.\n');
  writeFileSync(join(ws, 'docs', 'b.md'), 'Bravo doc. The tower is 324 m tall and was finished in 1889.\n');
  writeFileSync(join(ws, 'docs', 'zh.md'), '查理文档。长江全长约6300公里。\n\n2020年，志愿者清理了500公斤垃圾。\n');
  const long = Array.from({ length: 60 }, (_, i) => `Long doc paragraph ${i}. The dam is ${100 + i} m high and was built in ${1900 + i}.`).join('\n\n');
  writeFileSync(join(ws, 'docs', 'long.md'), long + '\n');
  const jobs = [
    { id: 'a', path: 'docs/a.md' },
    { id: 'b', path: 'docs/b.md' },
    { id: 'zh', path: 'docs/zh.md', style: 'qa' },
    { id: 'long', path: 'docs/long.md' },
    { id: 'refused', text: 'Delta doc. The lake is 40 m deep.' },
    { id: 'broken', text: 'Echo doc. The road is 12 km long.' },
  ];
  writeFileSync(join(ws, 'jobs.jsonl'), jobs.map((j) => JSON.stringify(j)).join('\n') + '\n');
});
after(async () => {
  await double.stop();
  rmSync(ws, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t + '\n'), err: (t) => void (err += t + '\n'), env: {}, cwd: ws });
  return { code, out, err };
}

/** Runs an input file through the double like `vllm run-batch`: one output line per request. */
async function runBatchFile(input: string): Promise<string[]> {
  const out: string[] = [];
  for (const raw of readFileSync(input, 'utf8').split('\n').filter(Boolean)) {
    const req = JSON.parse(raw) as { custom_id: string; url: string; body: { messages: { role: string; content: string }[] } };
    const doc = extractDocument(req.body.messages);
    if (doc.includes('Echo doc')) {
      out.push(JSON.stringify({ id: 'batch_req_x', custom_id: req.custom_id, response: { status_code: 500, request_id: 'r', body: { error: { message: 'server exploded' } } }, error: null }));
      continue;
    }
    if (doc.includes('Delta doc')) double.enqueue({ kind: 'refusal' });
    const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...req.body, stream: false }) });
    out.push(JSON.stringify({ id: `batch_req_${out.length}`, custom_id: req.custom_id, response: { status_code: res.status, request_id: 'r', body: await res.json() }, error: null }));
  }
  return out;
}

test('export splits at the request and byte limits, one job per file, requests as a live rewrite sends them', async () => {
  const r = await cli('batch', 'export', 'jobs.jsonl', '--out', 'out/in', '--max-requests', '4', '--chunk-tokens', '300', '--model', 'double-model');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /exported 6 jobs as (\d+) requests in (\d+) files/);
  const files = readdirSync(join(ws, 'out')).sort();
  assert.ok(files.length >= 3);
  const lines = files.flatMap((f) => readFileSync(join(ws, 'out', f), 'utf8').trim().split('\n').map((l) => ({ f, l: JSON.parse(l) })));
  for (const f of files) assert.ok(readFileSync(join(ws, 'out', f), 'utf8').trim().split('\n').length <= 4, `${f} has at most 4 requests`);
  for (const { l } of lines) {
    assert.equal(l.method, 'POST');
    assert.equal(l.url, '/v1/chat/completions');
    assert.equal(l.body.model, 'double-model');
    assert.equal(l.body.messages.length, 2);
    assert.ok(parseCustomId(l.custom_id), l.custom_id);
  }
  const longParts = lines.filter(({ l }) => extractDocument(l.body.messages).includes('Long doc'));
  assert.ok(longParts.length >= 2, 'the long document is split into chunks');
  assert.equal(new Set(longParts.map((x) => x.f)).size, 1, "a job's chunks stay in one file");
  assert.deepEqual(longParts.map(({ l }) => parseCustomId(l.custom_id)!.chunk), [...longParts.keys()]);
  assert.equal(new Set(lines.map(({ l }) => l.custom_id)).size, lines.length, 'custom_ids are unique');
  assert.ok(lines.some(({ l }) => l.body.messages[0].content.includes('要求')), 'the Chinese document gets the Chinese prompt');
});

test('split limits by bytes, and a single job over the limit is an error', () => {
  const g = (n: number, size: number) => Array.from({ length: n }, () => 'x'.repeat(size - 1));
  const files = splitIntoFiles([g(1, 10), g(2, 10), g(1, 10), g(1, 10)], { maxRequests: 100, maxBytes: 30 });
  assert.deepEqual(files.map((f) => f.length), [3, 2]);
  assert.throws(() => splitIntoFiles([g(4, 10)], { maxRequests: 3, maxBytes: 1000 }), /over the per-file limit/);
});

test('import: answers become rewrites with provenance and journal lines; bad lines reported by number', async () => {
  const inputs = readdirSync(join(ws, 'out')).sort().map((f) => join(ws, 'out', f));
  const outLines = (await Promise.all(inputs.map(runBatchFile))).flat();
  const batchId = parseCustomId(JSON.parse(outLines[0]!).custom_id)!.batchId;
  // Damage: a malformed line, a custom_id of another batch, a key not in the plan.
  outLines.splice(1, 0, '{"custom_id": "oops', JSON.stringify({ custom_id: `b-0000000000000000|abc|0|1`, response: { status_code: 200, body: {} } }), JSON.stringify({ custom_id: `${batchId}|deadbeef|0|1`, response: { status_code: 200, body: {} } }));
  writeFileSync(join(ws, 'results.jsonl'), outLines.join('\n') + '\n');
  const r = await cli('batch', 'import', 'results.jsonl', '--root', ws);
  assert.equal(r.code, 1, 'some lines failed');
  assert.match(r.out, /^done 4, failed 2, skipped 0, 5 lines not imported/m);
  assert.match(r.err, /results\.jsonl:2: malformed line/);
  assert.match(r.err, /results\.jsonl:3: no batch b-0000000000000000/);
  assert.match(r.err, /results\.jsonl:4: no job with key deadbeef/);
  assert.match(r.err, /job refused: the model refused/);
  assert.match(r.err, /job broken: HTTP 500: server exploded/);

  const st = readJournal(ws, batchId)!;
  assert.equal(st.done.size, 4);
  assert.ok([...st.done.values()].every((d) => d.imported));
  const long = [...st.done.values()].find((d) => d.job === 'long')!;
  const text = readFileSync(join(ws, long.output.path), 'utf8');
  assert.match(text, /Long doc paragraph 0\./);
  assert.match(text, /Long doc paragraph 59\./, 'all chunks joined in order');
  assert.ok(text.indexOf('paragraph 10.') < text.indexOf('paragraph 50.'));
  assert.ok(existsSync(join(ws, 'docs', 'zh.qa.college.md')));
  const recs = readProvenance(ws).records.filter((x) => x.type === 'rewrite');
  assert.equal(recs.length, 4);
  assert.ok(recs.every((x) => x.type === 'rewrite' && x.batchId === batchId && x.model === 'double-model'));
  const q = loadQueue(ws);
  assert.equal(q.length, 4);
  assert.ok(q.every((i) => i.state === 'pending' && i.verdict !== undefined));

  // Importing the same file again writes nothing new.
  const again = await cli('batch', 'import', 'results.jsonl', '--root', ws);
  assert.match(again.out, /^done 0, failed 2, skipped 4/m);
  assert.equal(readProvenance(ws).records.filter((x) => x.type === 'rewrite').length, 4);

  // A live run of the same jobs requests only what the import did not finish.
  double.reset();
  const run = await cli('batch', 'run', 'jobs.jsonl', '--base-url', url, '--model', 'double-model', '--retries', '0', '--max-attempts', '1');
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /^done 2, failed 0, skipped 4/m);
  assert.equal(double.count, 2);
  assert.equal(double.countFor('Delta doc') + double.countFor('Echo doc'), 2);
});

test('output lines: error objects, non-200 statuses and missing choices are errors, not answers', () => {
  const id = 'b-1|ab|0|1';
  const { answers, problems } = parseOutputFile(
    [
      JSON.stringify({ custom_id: id, response: null, error: { code: 'batch_expired', message: 'expired' } }),
      JSON.stringify({ custom_id: id, response: { status_code: 429, body: { error: { message: 'slow down' } } } }),
      JSON.stringify({ custom_id: id, response: { status_code: 200, body: { choices: [] } } }),
      JSON.stringify({ custom_id: id, response: { status_code: 200, body: { model: 'm', choices: [{ message: { content: 'hi' }, finish_reason: 'length' }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } } } }),
      '',
      '[1,2]',
    ].join('\n'),
  );
  assert.deepEqual(
    answers.map((a) => a.error ?? a.text),
    ['batch_expired: expired', 'HTTP 429: slow down', 'the response has no choices', 'hi'],
  );
  assert.equal(answers[3]!.finishReason, 'length');
  assert.deepEqual(answers[3]!.usage, { promptTokens: 3, completionTokens: 2, totalTokens: 5 });
  assert.deepEqual(problems.map((p) => p.line), [6]);
});
