import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { TeacherClient } from '../../src/core/llm/client';
import { LlmError, parseRetryAfter } from '../../src/core/llm/errors';
import { TeacherDouble } from '../double/teacher-double';

const double = new TeacherDouble({ chunkChars: 10, apiKey: 'sk-test' });
let url = '';
before(async () => {
  url = await double.start();
});
after(() => double.stop());
beforeEach(() => double.reset());

const doc = 'Paris is the capital of France. It had 2,102,650 residents in January 2023.';
const messages = [{ role: 'user' as const, content: `Rewrite this.\n<document>\n${doc}\n</document>` }];
const waits: number[] = [];
function client(over: Partial<ConstructorParameters<typeof TeacherClient>[0]> = {}) {
  waits.length = 0;
  return new TeacherClient(
    { baseURL: url, apiKey: 'sk-test', model: 'double-model', timeoutMs: 2000, maxRetries: 3, ...over },
    { sleep: async (ms) => void waits.push(ms), random: () => 0.5 },
  );
}

test('streams the answer piece by piece through the openai client, with usage and the key', async () => {
  const pieces: string[] = [];
  const r = await client().complete(messages, { onDelta: (d) => pieces.push(d) });
  assert.ok(pieces.length > 3, 'several streamed pieces');
  assert.equal(pieces.join(''), r.text);
  assert.match(r.text, /2,102,650 residents/);
  assert.equal(r.finishReason, 'stop');
  assert.equal(r.usageEstimated, false);
  assert.ok(r.usage.completionTokens > 0);
  assert.equal(double.requests[0]!.authorization, 'Bearer sk-test');
  assert.equal(double.requests[0]!.body.stream, true);
});

test('without usage from the server, tokens are counted with the configured counter (the tokenizer setting), else estimated', async () => {
  double.enqueue({ kind: 'no-usage' }, { kind: 'no-usage' });
  const est = await client().complete(messages);
  assert.equal(est.usageEstimated, true);
  const counted: string[] = [];
  const r = await client({ countTokens: (t) => (counted.push(t), t.length) }).complete(messages);
  assert.equal(r.usageEstimated, true);
  assert.equal(r.usage.completionTokens, r.text.length);
  assert.equal(r.usage.promptTokens, messages[0]!.content.length);
  assert.ok(counted.includes(r.text));
  assert.notEqual(est.usage.completionTokens, r.usage.completionTokens);
});

test('retries 429 honouring Retry-After, and 500 with backoff, telling the caller', async () => {
  double.enqueue({ kind: '429', retryAfterSeconds: 3 }, { kind: '500' });
  const retries: string[] = [];
  const r = await client().complete(messages, { onRetry: (i) => retries.push(`${i.kind}:${i.status}`) });
  assert.match(r.text, /capital of France/);
  assert.equal(r.attempts, 3);
  assert.deepEqual(retries, ['rate-limit:429', 'server:500']);
  assert.equal(waits[0], 3000, 'Retry-After of 3 s honoured');
  assert.equal(waits[1], 1000, 'second backoff step (jitter fixed at the midpoint)');
  assert.equal(double.count, 3);
});

test('gives up after maxRetries with a clear error', async () => {
  double.enqueue({ kind: '500' }, { kind: '500' }, { kind: '500' });
  await assert.rejects(client({ maxRetries: 2 }).complete(messages), (e: LlmError) => {
    assert.equal(e.kind, 'server');
    assert.equal(e.status, 500);
    assert.match(e.message, /after 3 attempts/);
    return true;
  });
});

test('a refused key is not retried', async () => {
  await assert.rejects(client({ apiKey: 'wrong' }).complete(messages), (e: LlmError) => e.kind === 'auth' && e.status === 401);
  assert.equal(double.count, 1);
});

test('the timeout is a silence timeout: an answer that streams for longer than it, never pausing that long, completes', async () => {
  // 30 pieces 25 ms apart: about 750 ms in all against a 300 ms timeout, which must restart on every piece.
  const slow = new TeacherDouble({ chunkChars: 10, chunkDelayMs: 25, apiKey: 'sk-test' });
  const slowUrl = await slow.start();
  try {
    const text = 'The answer streams slowly, piece by piece, and each piece arrives well in time. '.repeat(4);
    slow.enqueue({ kind: 'text', text });
    const t0 = Date.now();
    const r = await new TeacherClient({ baseURL: slowUrl, apiKey: 'sk-test', model: 'double-model', timeoutMs: 300, maxRetries: 0 }).complete(messages);
    assert.equal(r.text, text);
    assert.equal(r.finishReason, 'stop');
    assert.ok(Date.now() - t0 > 300, 'the whole answer took longer than the timeout');
    assert.equal(slow.count, 1, 'one request, no retry');
  } finally {
    await slow.stop();
  }
});

test('times out when no byte comes, and when the stream stalls midway, then retries', async () => {
  double.enqueue({ kind: 'hang' }, { kind: 'stall', afterChunks: 2 });
  const r = await client({ timeoutMs: 300 }).complete(messages);
  assert.equal(r.attempts, 3);
  assert.match(r.text, /capital/);
  double.reset();
  double.enqueue({ kind: 'stall', afterChunks: 1 });
  await assert.rejects(client({ timeoutMs: 300, maxRetries: 0 }).complete(messages), (e: LlmError) => e.kind === 'timeout');
});

test('cancel aborts the HTTP request at once', async () => {
  double.enqueue({ kind: 'hang' });
  const ctrl = new AbortController();
  const p = client({ timeoutMs: 10000 }).complete(messages, { signal: ctrl.signal });
  await new Promise((r) => setTimeout(r, 100));
  ctrl.abort();
  await assert.rejects(p, (e: LlmError) => e.kind === 'aborted');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(double.requests[0]!.aborted, true, 'the server saw the connection closed');
});

test('reports a truncated answer through finish_reason', async () => {
  double.enqueue({ kind: 'truncated' });
  const r = await client().complete(messages);
  assert.equal(r.finishReason, 'length');
});

test('a malformed stream is an error, not a silent partial answer', async () => {
  double.enqueue({ kind: 'malformed' });
  await assert.rejects(client({ maxRetries: 0 }).complete(messages), LlmError);
});

test('parses Retry-After as seconds, as a date, and retry-after-ms', () => {
  const h = (o: Record<string, string>) => ({ get: (k: string) => o[k] ?? null });
  assert.equal(parseRetryAfter(h({ 'retry-after': '7' })), 7000);
  assert.equal(parseRetryAfter(h({ 'retry-after-ms': '250' })), 250);
  assert.equal(parseRetryAfter(h({ 'retry-after': new Date(10_000 + 5000).toUTCString() }), 10_000), 5000);
  assert.equal(parseRetryAfter(h({})), undefined);
});
