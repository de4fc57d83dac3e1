import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeFetch } from '../../src/core/llm/node-fetch';

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('node fetch: sends method, headers and body; returns status, headers and the streamed body', async () => {
  const seen: { method?: string; auth?: string; length?: string; body?: string }[] = [];
  const { server, url } = await serve(async (req, res) => {
    let body = '';
    for await (const c of req) body += c;
    seen.push({ method: req.method, auth: req.headers.authorization, length: req.headers['content-length'], body });
    res.writeHead(201, [['content-type', 'text/event-stream'], ['x-a', '1'], ['set-cookie', 'a=1'], ['set-cookie', 'b=2']]);
    res.write('data: one\n\n');
    setTimeout(() => res.end('data: two\n\n'), 20);
  });
  try {
    const f = createNodeFetch();
    const r = await f(`${url}/v1/chat/completions`, { method: 'POST', headers: { authorization: 'Bearer k' }, body: '{"x":"é"}' });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('x-a'), '1');
    assert.equal(r.headers.get('content-type'), 'text/event-stream');
    assert.equal(await r.text(), 'data: one\n\ndata: two\n\n');
    assert.deepEqual(seen, [{ method: 'POST', auth: 'Bearer k', length: String(Buffer.byteLength('{"x":"é"}')), body: '{"x":"é"}' }]);
    const again = await f(`${url}/again`, { method: 'GET' });
    assert.equal(again.status, 201);
    await again.text();
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

test('node fetch: an abort before the answer rejects; an abort while the body streams errors the body', async () => {
  const { server, url } = await serve((req, res) => {
    if (req.url === '/slow') return; // never answers
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first piece');
    // then silence, connection open
  });
  try {
    const f = createNodeFetch();
    const c1 = new AbortController();
    const p = f(`${url}/slow`, { method: 'GET', signal: c1.signal });
    setTimeout(() => c1.abort(), 30);
    await assert.rejects(p, (e: Error) => e.name === 'AbortError');

    const c2 = new AbortController();
    const r = await f(`${url}/stream`, { method: 'GET', signal: c2.signal });
    const reader = r.body!.getReader();
    const first = await reader.read();
    assert.equal(new TextDecoder().decode(first.value), 'first piece');
    setTimeout(() => c2.abort(), 30);
    await assert.rejects(reader.read());

    const c3 = new AbortController();
    c3.abort();
    await assert.rejects(f(`${url}/stream`, { method: 'GET', signal: c3.signal }), (e: Error) => e.name === 'AbortError');
  } finally {
    server.close();
    server.closeAllConnections();
  }
});

test('node fetch: a refused connection is a "fetch failed" TypeError with the socket error as its cause', async () => {
  const { server, url } = await serve((_q, r) => r.end());
  server.close();
  await new Promise((r) => server.once('close', r));
  const err = await createNodeFetch()(`${url}/x`, { method: 'GET' }).then(
    () => undefined,
    (e: unknown) => e as TypeError & { cause?: { code?: string } },
  );
  assert.ok(err instanceof TypeError);
  assert.equal(err.message, 'fetch failed');
  assert.equal(err.cause?.code, 'ECONNREFUSED');
});
