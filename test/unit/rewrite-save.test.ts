import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { TeacherClient } from '../../src/core/llm/client';
import { rewriteText, saveRewrite, keepFailedAnswer } from '../../src/core/rewrite/rewrite';
import { loadTemplates } from '../../src/core/rewrite/templates';
import { checkAnswer } from '../../src/core/rewrite/checks';
import { writeNewFile } from '../../src/core/rewrite/naming';
import { readProvenance } from '../../src/core/provenance/log';
import { sha256 } from '../../src/core/text/hash';
import { TeacherDouble } from '../double/teacher-double';
import { tempDir } from './tempdirs';

const EN = 'The Eiffel Tower is 330 metres tall.\n\nIt was completed in March 1889 for the World Fair in Paris.';
const ZH = '长江全长约6300公里，是亚洲第一长河。\n\n三峡大坝于2006年5月20日全线建成。';
const double = new TeacherDouble({ chunkChars: 16 });
before(() => double.start());
after(() => double.stop());
beforeEach(() => double.reset());

const teacher = () => new TeacherClient({ baseURL: double.url, apiKey: 'k', model: 'double-model', timeoutMs: 3000, maxRetries: 2 }, { sleep: async () => {} });
const tmp = () => tempDir('curator-rw-');

test('rewrites in order chunk by chunk, streaming progress, with usage', async () => {
  const long = Array.from({ length: 8 }, (_, i) => `Paragraph ${i + 1}: the tower had ${1000 + i} visitors on day ${i + 1}.`).join('\n\n');
  const seen: number[] = [];
  const r = await rewriteText({ text: long, style: 'textbook', audience: 'college', templates: loadTemplates(), teacher: teacher(), chunkTokens: 40, onProgress: (p) => seen.push(p.chunk) });
  assert.ok(r.chunks >= 3, `${r.chunks} chunks`);
  assert.equal(r.chunksDone, r.chunks);
  assert.equal(double.count, r.chunks);
  assert.deepEqual([...new Set(seen)], Array.from({ length: r.chunks }, (_, i) => i), 'chunks in order');
  for (let i = 1; i <= 8; i++) assert.ok(r.text.includes(`${1000 + i - 1} visitors on day ${i}`), `paragraph ${i} kept`);
  assert.ok(r.text.indexOf('day 1.') < r.text.indexOf('day 8.'));
  assert.deepEqual(r.flags, []);
  assert.ok(r.usage.totalTokens > 0);
  assert.match(double.requests[1]!.body.messages![1]!.content, /part 2 of/);
});

test('flags truncated, empty, refused and wrong-language answers and stops spending', async () => {
  for (const kind of ['truncated', 'empty', 'refusal', 'wrong-language'] as const) {
    double.reset();
    double.enqueue({ kind });
    const r = await rewriteText({ text: EN, style: 'qa', audience: 'children', templates: loadTemplates(), teacher: teacher() });
    assert.ok(r.flags.includes(kind), `${kind} → ${r.flags.join(',')}`);
    assert.ok(r.problems.length > 0);
  }
  double.reset();
  double.enqueue({ kind: 'wrong-language' });
  const zh = await rewriteText({ text: ZH, style: 'textbook', audience: 'college', templates: loadTemplates(), teacher: teacher() });
  assert.deepEqual(zh.flags, ['wrong-language']);
  assert.match(double.requests[0]!.body.messages![0]!.content, /用中文写作/);
});

test('answer checks accept a good answer in the source language', () => {
  assert.deepEqual(checkAnswer({ sourceLang: 'en', text: 'A good and faithful rewrite of the text about the tower.', finishReason: 'stop' }), []);
  assert.deepEqual(checkAnswer({ sourceLang: 'zh', text: '长江是亚洲第一长河，全长约6300公里，三峡大坝于2006年建成。', finishReason: 'stop' }), []);
  assert.deepEqual(checkAnswer({ sourceLang: 'en', text: '  \n ', finishReason: 'stop' }), ['empty']);
  assert.deepEqual(checkAnswer({ sourceLang: 'en', text: 'Fine text but cut off by the limit of the', finishReason: 'length' }), ['truncated']);
});

test('saves a new file beside the source with a provenance line; the source is untouched', async () => {
  const root = tmp();
  mkdirSync(join(root, 'docs'));
  const src = join(root, 'docs', 'tower.md');
  writeFileSync(src, EN);
  const r = await rewriteText({ text: EN, style: 'textbook', audience: 'college', templates: loadTemplates(), teacher: teacher() });
  const a = saveRewrite({ root, sourcePath: src, sourceFileText: EN, style: 'textbook', audience: 'college', result: r });
  const b = saveRewrite({ root, sourcePath: src, sourceFileText: EN, style: 'textbook', audience: 'college', result: r });
  assert.equal(a.outputPath, join(root, 'docs', 'tower.textbook.college.md'));
  assert.equal(b.outputPath, join(root, 'docs', 'tower.textbook.college.2.md'), 'a clash gets a number');
  assert.equal(readFileSync(src, 'utf8'), EN, 'source untouched');
  assert.match(readFileSync(a.outputPath, 'utf8'), /330 metres tall/);
  const { records, errors } = readProvenance(root);
  assert.deepEqual(errors, []);
  assert.equal(records.length, 2);
  const rec = records[0]!;
  assert.equal(rec.type, 'rewrite');
  if (rec.type !== 'rewrite') return;
  assert.equal(rec.source.path, 'docs/tower.md');
  assert.equal(rec.source.sha256, sha256(EN));
  assert.equal(rec.output.path, 'docs/tower.textbook.college.md');
  assert.equal(rec.output.sha256, sha256(readFileSync(a.outputPath, 'utf8')));
  assert.equal(rec.style, 'textbook');
  assert.equal(rec.audience, 'college');
  assert.equal(rec.model, 'double-model');
  assert.match(rec.endpointHost, /^127\.0\.0\.1:\d+$/);
  assert.equal(rec.template.id, 'builtin:textbook:en');
  assert.match(rec.template.sha256, /^[0-9a-f]{64}$/);
  assert.ok(rec.usage.totalTokens > 0);
  assert.equal(rec.status, 'done');
  assert.notEqual(records[1]!.type === 'rewrite' && records[1]!.id, rec.id);
});

test('a flagged result is refused unless allowed, and can be kept in .curator/failed', async () => {
  const root = tmp();
  const src = join(root, 'a.txt');
  writeFileSync(src, EN);
  double.enqueue({ kind: 'truncated' });
  const r = await rewriteText({ text: EN, style: 'textbook', audience: 'college', templates: loadTemplates(), teacher: teacher() });
  assert.throws(() => saveRewrite({ root, sourcePath: src, sourceFileText: EN, style: 'textbook', audience: 'college', result: r }), /not saved: cut off/);
  assert.equal(readdirSync(root).filter((f) => f.startsWith('a.')).length, 1);
  const kept = keepFailedAnswer(root, src, r);
  assert.match(readFileSync(kept, 'utf8'), /problems: cut off by the output token limit/);
  const ok = saveRewrite({ root, sourcePath: src, sourceFileText: EN, style: 'textbook', audience: 'college', result: r, allowFlagged: true });
  assert.ok(ok.outputPath.endsWith('a.textbook.college.txt'));
  assert.equal(ok.record.status, 'flagged');
  assert.deepEqual(ok.record.flags, ['truncated']);
});

test('naming: html becomes .md, selections are named, explicit targets are never overwritten', () => {
  const root = tmp();
  const p1 = writeNewFile(join(root, 'page.html'), 'qa', 'children', 'x');
  assert.ok(p1.endsWith('page.qa.children.md'));
  const p2 = writeNewFile(join(root, 'page.html'), 'qa', 'children', 'y', { selection: true });
  assert.ok(p2.endsWith('page.selection.qa.children.md'));
  assert.throws(() => writeNewFile(join(root, 'page.html'), 'qa', 'children', 'z', { outFile: p1 }), /never overwrites/);
  assert.equal(readFileSync(p1, 'utf8'), 'x');
});

test('curator rewrite CLI: prints the output path, writes the provenance line, fails with one line', async () => {
  const root = tmp();
  mkdirSync(join(root, '.curator'));
  const src = join(root, '长江.md');
  writeFileSync(src, ZH);
  await runAsync(join(__dirname, '..', '..', 'src', 'cli', 'main.ts'), root, src);
});

async function runAsync(cli: string, root: string, src: string): Promise<void> {
  const tsx = pathToFileURL(require.resolve('tsx')).href;
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', tsx, cli, ...args], { cwd: root, env: { ...process.env, OPENAI_API_KEY: 'sk-cli', OPENAI_BASE_URL: double.url, ...env } });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ code: code ?? 1, out, err }));
    });
  const ok = await run(['rewrite', '长江.md', '--style', 'textbook', '--audience', 'high-school', '--model', 'cli-model']);
  assert.equal(ok.code, 0, ok.err);
  const outPath = ok.out.trim();
  assert.equal(outPath, join(root, '长江.textbook.high-school.md'));
  assert.match(readFileSync(outPath, 'utf8'), /6300公里/);
  assert.equal(double.requests.at(-1)!.authorization, 'Bearer sk-cli');
  assert.equal(double.requests.at(-1)!.body.model, 'cli-model');
  const rec = readProvenance(root).records.at(-1)!;
  assert.ok(rec.type === 'rewrite' && rec.source.path === '长江.md' && rec.source.lang === 'zh' && rec.model === 'cli-model');

  const bad = await run(['rewrite', '长江.md', '--style', 'poem', '--audience', 'college']);
  assert.equal(bad.code, 2);
  assert.equal(bad.err.trim().split('\n').length, 1);
  assert.match(bad.err, /unknown style "poem"/);

  double.enqueue({ kind: 'truncated' });
  const cut = await run(['rewrite', '长江.md', '--style', 'qa', '--audience', 'college', '--retries', '0']);
  assert.equal(cut.code, 1);
  assert.match(cut.err, /cut off by the output token limit.*kept in .*\.curator\/failed\//);
  assert.equal(existsSync(join(root, '长江.qa.college.md')), false);

  double.enqueue({ kind: '500' });
  const down = await run(['rewrite', '长江.md', '--style', 'qa', '--audience', 'college', '--retries', '0']);
  assert.equal(down.code, 1);
  assert.match(down.err, /^curator rewrite: .*failed \(500\)/);

  const missing = await run(['rewrite', 'nope.md', '--style', 'qa', '--audience', 'college']);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /nope\.md: no such file/);
  assert.equal(readFileSync(src, 'utf8'), ZH);
}
