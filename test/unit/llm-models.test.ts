// A custom endpoint (issue 17, item 4): the URL as typed, and the models the server lists at /models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { listModels, normaliseBaseUrl } from '../../src/core/llm/models';
import { LlmError } from '../../src/core/llm/errors';
import { TeacherDouble } from '../double/teacher-double';

test('the base URL as typed becomes the one the client needs', () => {
  assert.deepEqual(normaliseBaseUrl('localhost:8000/v1'), { url: 'http://localhost:8000/v1' });
  assert.deepEqual(normaliseBaseUrl(' https://api.example.com/v1/ '), { url: 'https://api.example.com/v1' });
  assert.deepEqual(normaliseBaseUrl('http://10.0.0.5:11434/v1/chat/completions'), { url: 'http://10.0.0.5:11434/v1' });
  assert.deepEqual(normaliseBaseUrl('http://gpu-box:8000/v1/models'), { url: 'http://gpu-box:8000/v1' });
  assert.ok('error' in normaliseBaseUrl(''));
  assert.ok('error' in normaliseBaseUrl('ftp://example.com/v1'));
  assert.ok('error' in normaliseBaseUrl('http://'));
});

test('lists the models of an OpenAI-compatible server, sending the key', async () => {
  const double = new TeacherDouble({ apiKey: 'sk-models' });
  const url = await double.start();
  try {
    assert.deepEqual(await listModels(url, 'sk-models'), ['double-model']);
  } finally {
    await double.stop();
  }
});

test('a server that lists no models gives []; 401 is an auth error; a closed port says the server may not be running', async () => {
  let status = 200;
  let body: unknown = { object: 'list', data: [] };
  const srv = createServer((req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(srv.address() as { port: number }).port}/v1`;
  try {
    assert.deepEqual(await listModels(base, ''), []);
    body = { data: [{ id: 'qwen2.5:7b' }, { id: 'llama3.1:8b' }, { id: 'qwen2.5:7b' }] };
    assert.deepEqual(await listModels(base, ''), ['llama3.1:8b', 'qwen2.5:7b'], 'sorted, once each');
    status = 401;
    const e = await listModels(base, 'bad').then(() => undefined, (x: unknown) => x);
    assert.ok(e instanceof LlmError && e.kind === 'auth');
  } finally {
    await new Promise<void>((r) => srv.close(() => r()));
  }
  const n = createNetServer();
  await new Promise<void>((r) => n.listen(0, '127.0.0.1', r));
  const port = (n.address() as { port: number }).port;
  await new Promise<void>((r) => n.close(() => r()));
  const dead = await listModels(`http://127.0.0.1:${port}/v1`, '').then(() => undefined, (x: unknown) => x);
  assert.ok(dead instanceof LlmError);
  assert.equal(dead.kind, 'connect');
  assert.equal(dead.message, `cannot connect to 127.0.0.1:${port}: connection refused — is the server running?`);
});
