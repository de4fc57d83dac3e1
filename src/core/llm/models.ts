// Setting up a custom endpoint: the base URL as the user types it, made into the one the client needs, and
// the models the server lists at GET <base>/models (OpenAI, vLLM, Ollama, LM Studio, llama.cpp all answer
// { data: [{ id }] }). A failure comes back as an LlmError with the client's wording ("cannot connect to …").
import { connectFailure, endpointHost } from './client';
import { LlmError } from './errors';
import { createNodeFetch } from './node-fetch';
import { errorMessage } from '../util/errors';

/**
 * The base URL of what the user typed: "localhost:8000/v1" → "http://localhost:8000/v1"; a trailing slash
 * or a pasted "/chat/completions" is dropped. Returns { error } for what is not an http(s) URL.
 */
export function normaliseBaseUrl(input: string): { url: string } | { error: string } {
  let s = input.trim();
  if (!s) return { error: 'empty' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `http://${s}`;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return { error: 'not a URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: 'not an http or https URL' };
  if (!u.hostname) return { error: 'no host' };
  let path = u.pathname.replace(/\/+$/, '');
  path = path.replace(/\/chat\/completions$/i, '').replace(/\/models$/i, '');
  return { url: `${u.protocol}//${u.host}${path}` };
}

/** The model ids a server lists at GET <base>/models, sorted; [] when it lists none. */
export async function listModels(baseURL: string, apiKey: string, opts: { fetch?: typeof fetch; timeoutMs?: number; signal?: AbortSignal } = {}): Promise<string[]> {
  const host = endpointHost(baseURL);
  const f = opts.fetch ?? createNodeFetch();
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), opts.timeoutMs ?? 10_000);
  const onAbort = () => ctrl.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let res: Response;
  try {
    res = await f(`${baseURL.replace(/\/+$/, '')}/models`, { method: 'GET', headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {}, signal: ctrl.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw new LlmError('aborted', 'cancelled');
    if (ctrl.signal.aborted) throw new LlmError('timeout', `no answer from ${host} for ${Math.round((opts.timeoutMs ?? 10_000) / 1000)} s`);
    const c = connectFailure(e);
    throw c ? new LlmError('connect', `cannot connect to ${host}: ${c}`) : new LlmError('network', `cannot reach ${host}: ${errorMessage(e)}`);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
  const text = await res.text();
  if (res.status === 401 || res.status === 403) throw new LlmError('auth', `${host} refused the API key (${res.status})`, res.status);
  if (res.status === 404) throw new LlmError('not-found', `${host} has no model list at this URL (404)`, res.status);
  if (!res.ok) throw new LlmError(res.status >= 500 ? 'server' : 'bad-request', `${host} failed to list its models (${res.status})`, res.status);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new LlmError('bad-response', `${host} answered the model list with something that is not JSON`);
  }
  const data = (body as { data?: unknown; models?: unknown })?.data ?? (body as { models?: unknown })?.models;
  if (!Array.isArray(data)) return [];
  const ids = new Set<string>();
  for (const m of data as unknown[]) {
    const id = typeof m === 'string' ? m : (m as { id?: unknown; name?: unknown })?.id ?? (m as { name?: unknown })?.name;
    if (typeof id === 'string' && id.trim()) ids.add(id.trim());
  }
  return [...ids].sort((a, b) => a.localeCompare(b));
}
