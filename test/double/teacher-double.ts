// TEST DOUBLE — not a model. A local OpenAI-compatible HTTP server for tests and benchmarks.
// It answers POST /v1/chat/completions (streaming SSE or plain JSON) with a deterministic "rewrite" of the
// document found between <document> tags in the last user message, and can be scripted to fail:
// 429 with Retry-After, 500, slow first byte, stalls mid-stream, truncation (finish_reason "length"),
// an empty answer, a refusal, an answer in the wrong language, malformed SSE, or hanging until the client
// gives up. It counts requests and records them (including the Authorization header) for assertions.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { kind: 'ok' }
  | { kind: '429'; retryAfterSeconds?: number }
  | { kind: '500' }
  | { kind: '401' }
  | { kind: 'slow'; firstByteMs: number }
  | { kind: 'stall'; afterChunks: number }
  | { kind: 'truncated' }
  | { kind: 'empty' }
  | { kind: 'refusal' }
  | { kind: 'wrong-language' }
  | { kind: 'malformed' }
  | { kind: 'hang' }
  | { kind: 'text'; text: string }
  /** A server that reports no token usage (some local servers). */
  | { kind: 'no-usage' };

export interface RecordedRequest {
  n: number;
  authorization?: string;
  body: { model?: string; messages?: { role: string; content: string }[]; stream?: boolean; [k: string]: unknown };
  fault: Fault['kind'];
  /** Set when the client went away before the answer ended (cancel, timeout). */
  aborted: boolean;
}

export interface DoubleOptions {
  /**
   * Latency before the first byte of every answer (default 0), counted from the request's arrival: the
   * answer is prepared meanwhile, so the double's own work does not add to it (as with a server whose
   * answer is ready when it sends).
   */
  latencyMs?: number;
  /** Pause between streamed pieces (default 1 ms). */
  chunkDelayMs?: number;
  /** Characters per streamed piece (default 24). */
  chunkChars?: number;
  /** Required API key; requests with another one get 401 (default: any key). */
  apiKey?: string;
}

export class TeacherDouble {
  private server: Server | undefined;
  private faults: Fault[] = [];
  /** A fault applied to every request whose document contains the key (after the queue). */
  private faultByText = new Map<string, Fault>();
  readonly requests: RecordedRequest[] = [];
  private openResponses = new Set<ServerResponse>();
  url = '';
  /** Requests being answered right now, and the most answered at once since the last reset (high-water mark). */
  inFlight = 0;
  maxInFlight = 0;

  constructor(readonly opts: DoubleOptions = {}) {}

  /** Queues faults for the next requests, in order; afterwards requests succeed. */
  enqueue(...faults: Fault[]): this {
    this.faults.push(...faults);
    return this;
  }

  /** Every request whose document contains `marker` gets `fault` (e.g. always 500 for one document). */
  faultWhen(marker: string, fault: Fault): this {
    this.faultByText.set(marker, fault);
    return this;
  }

  reset(): void {
    this.faults = [];
    this.faultByText.clear();
    this.requests.length = 0;
    this.maxInFlight = this.inFlight;
  }

  get count(): number {
    return this.requests.length;
  }

  /** Requests whose document contains `marker`. */
  countFor(marker: string): number {
    let n = 0;
    for (const r of this.requests) if (extractDocument(r.body.messages ?? []).includes(marker)) n++;
    return n;
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const { port: p } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${p}/v1`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const r of this.openResponses) r.destroy();
    if (!this.server) return;
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      return json(res, 200, { object: 'list', data: [{ id: 'double-model', object: 'model', owned_by: 'test-double' }] });
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return json(res, 404, { error: { message: 'not found' } });
    let body: RecordedRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return json(res, 400, { error: { message: 'bad JSON' } });
    }
    const doc = extractDocument(body.messages ?? []);
    let fault: Fault = this.faults.shift() ?? { kind: 'ok' };
    if (fault.kind === 'ok') for (const [k, f] of this.faultByText) if (doc.includes(k)) fault = f;
    const rec: RecordedRequest = { n: this.requests.length + 1, authorization: req.headers.authorization, body, fault: fault.kind, aborted: false };
    this.requests.push(rec);
    this.openResponses.add(res);
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    res.on('close', () => {
      this.inFlight--;
      if (!res.writableFinished) rec.aborted = true;
      this.openResponses.delete(res);
    });
    if (this.opts.apiKey && req.headers.authorization !== `Bearer ${this.opts.apiKey}`) {
      return json(res, 401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
    }
    const latency = this.opts.latencyMs ?? 0;
    /** Waits out what is left of the latency since the request arrived. */
    const latencyOver = async () => {
      const left = latency - (performance.now() - arrived);
      if (left > 0) await delay(Math.ceil(left));
    };
    if (fault.kind !== 'ok' && fault.kind !== 'text') await latencyOver();
    switch (fault.kind) {
      case '429':
        return json(res, 429, { error: { message: 'Rate limit reached (test double)', type: 'rate_limit' } }, { 'retry-after': String(fault.retryAfterSeconds ?? 0.05) });
      case '500':
        return json(res, 500, { error: { message: 'Internal error (test double)' } });
      case '401':
        return json(res, 401, { error: { message: 'Incorrect API key provided' } });
      case 'hang':
        return; // never answers; the client must time out or cancel
      case 'slow':
        await delay(fault.firstByteMs);
        break;
      default:
        break;
    }
    if (res.destroyed) return;
    const lang = /[\u4e00-\u9fff]/.test(doc.slice(0, 2000)) ? 'zh' : 'en';
    const laterPart = /part ([2-9]|\d\d+) of|第 ([2-9]|\d\d+) 部分/.test(body.messages?.at(-1)?.content.split('<document>')[0] ?? '');
    let text = fault.kind === 'text' ? fault.text : fakeRewrite(doc, lang, !laterPart);
    let finish = 'stop';
    if (fault.kind === 'empty') text = '';
    if (fault.kind === 'refusal') text = lang === 'zh' ? '抱歉，我无法协助完成这个请求。' : "I'm sorry, but I can't help with that request.";
    if (fault.kind === 'wrong-language') text = lang === 'zh' ? 'This lesson explains the topic in English instead of Chinese, which the source was written in.' : '本课用中文讲解这个主题，而原文是英文写的，这是一个错误的语言。';
    if (fault.kind === 'truncated') {
      text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      finish = 'length';
    }
    const model = body.model ?? 'double-model';
    const promptTokens = Math.ceil(JSON.stringify(body.messages ?? []).length / 4);
    const completionTokens = Math.ceil(text.length / 4);
    if (!body.stream) {
      await latencyOver();
      return json(res, 200, {
        id: `chatcmpl-double-${rec.n}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      });
    }
    const id = `chatcmpl-double-${rec.n}`;
    const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
    const size = this.opts.chunkChars ?? 24;
    const pause = this.opts.chunkDelayMs ?? 1;
    // With no pause between pieces the whole answer is ready at once: it goes out in one write, as from a
    // server that has the answer ready, rather than one write (and one TCP segment) per piece. (Not with
    // res.cork(): under Node 24.21 a corked chunked response sent only its first piece.)
    const held: string[] = [];
    const hold = !pause && fault.kind !== 'stall' && fault.kind !== 'malformed';
    // Held answers are built during the latency and sent when it is over; streamed ones start then.
    const head = () => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    if (!hold) {
      await latencyOver();
      if (res.destroyed) return;
      head();
    }
    const send = (obj: unknown) => {
      const line = `data: ${JSON.stringify(obj)}\n\n`;
      if (hold) held.push(line);
      else res.write(line);
    };
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    let sent = 0;
    for (let i = 0; i < text.length; i += size) {
      if (res.destroyed) return;
      if (fault.kind === 'stall' && sent >= fault.afterChunks) return; // goes silent, connection open
      if (fault.kind === 'malformed' && sent === 1) {
        res.write('data: {"choices": [ {"delta": \n\n');
        res.end();
        return;
      }
      send({ ...base, choices: [{ index: 0, delta: { content: text.slice(i, i + size) }, finish_reason: null }] });
      sent++;
      if (pause) await delay(pause);
    }
    if (fault.kind === 'stall') return;
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    const so = body.stream_options as { include_usage?: boolean } | undefined;
    if (so?.include_usage && fault.kind !== 'no-usage') {
      send({ ...base, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } });
    }
    const rest = held.join('') + 'data: [DONE]\n\n';
    if (hold) {
      await latencyOver();
      if (res.destroyed) return;
      head();
    }
    res.end(rest);
  }
}

/** The document the prompt carries between <document> tags (or the whole last user message). */
export function extractDocument(messages: { role: string; content: string }[]): string {
  const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const m = /<document>\n?([\s\S]*?)\n?<\/document>/.exec(user);
  return m ? m[1]! : user;
}

/**
 * A deterministic stand-in for a rewrite: a heading and an opening line in the document's language,
 * then every paragraph of the source (facts intact), so tests can check content and language.
 */
export function fakeRewrite(doc: string, lang: 'zh' | 'en', opening = true): string {
  const paras = doc.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  if (!opening) return paras.join('\n\n');
  if (lang === 'zh') return ['## 课文', '', '本节用通俗的语言讲解下面的内容。', '', ...paras.flatMap((p) => [p, ''])].join('\n').trim();
  return ['## Lesson', '', 'In this section we explain the following material step by step.', '', ...paras.flatMap((p) => [p, ''])].join('\n').trim();
}

function json(res: ServerResponse, status: number, obj: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(obj));
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
