// A small `fetch` for the openai client on Node's own http/https modules with keep-alive agents.
//
// Why: a batch keeps tens of streamed requests in flight, and Node's built-in fetch (undici behind the
// WHATWG fetch layers) costs about 1.5 ms of CPU per streamed request on these machines, which on two
// cores is what holds a batch under its ideal throughput (`npm run bench -- batch`). http.request with a
// keep-alive agent does the same work for less. It is also what VS Code's proxy and certificate support
// patches in the extension host. Anything this does not handle (a body that is not a string or bytes)
// goes to the built-in fetch.
import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';

export interface NodeFetchOptions {
  /** Most sockets per host (default: unlimited; the scheduler caps concurrency). */
  maxSockets?: number;
}

export function createNodeFetch(opts: NodeFetchOptions = {}): typeof fetch {
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? Infinity };
  const agents = { 'http:': new http.Agent(agentOpts), 'https:': new https.Agent(agentOpts) };

  return async function nodeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const body = init.body;
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (typeof input !== 'string' && !(input instanceof URL)) return fetch(input, init);
    if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) return fetch(input, init);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fetch(input, init);
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortError(signal);

    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    if (typeof body === 'string' && headers['content-length'] === undefined) headers['content-length'] = String(Buffer.byteLength(body));
    if (body instanceof Uint8Array && headers['content-length'] === undefined) headers['content-length'] = String(body.byteLength);

    return new Promise<Response>((resolve, reject) => {
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(url, { method: init.method ?? 'GET', headers, agent: agents[url.protocol as 'http:' | 'https:'] }, (res) => {
        const status = res.statusCode ?? 0;
        const resHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) resHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const noBody = init.method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
        if (noBody) res.resume();
        const response = new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
          status,
          statusText: res.statusMessage ?? '',
          headers: resHeaders,
        });
        Object.defineProperty(response, 'url', { value: url.href });
        // an abort while the body streams destroys the socket, which errors the body stream
        res.once('close', () => signal?.removeEventListener('abort', onAbort));
        resolve(response);
      });
      const onAbort = () => {
        const err = abortError(signal!);
        req.destroy(err);
        reject(err);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.once('error', (e) => {
        signal?.removeEventListener('abort', onAbort);
        reject(new TypeError('fetch failed', { cause: e }));
      });
      req.end(body ?? undefined);
    });
  };
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const e = new Error('This operation was aborted');
  e.name = 'AbortError';
  return e;
}
