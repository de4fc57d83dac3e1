// The teacher-model client: any OpenAI-compatible endpoint through the `openai` package.
//
// The openai client's own retries are switched off (maxRetries: 0) and done here instead, because:
// its waits cannot be cancelled, it tells the caller nothing about them (the UI shows "rate limited,
// retrying in 4 s"), it honours any Retry-After however long, and its timeout ends when the response
// headers arrive, so a stream that stalls halfway would hang forever. Here the timeout also covers every
// silence between streamed pieces, and a cancel ends a wait at once.
import OpenAI, { APIError, APIUserAbortError } from 'openai';
import { estimateTokens } from '../text/lang';
import { createNodeFetch } from './node-fetch';
import { LlmError, backoffMs, parseRetryAfter } from './errors';
import type { ChatMessage, CompleteOptions, CompletionResult, EndpointConfig, Teacher } from './types';
import { errorMessage } from '../util/errors';

export interface ClientDeps {
  /** A fetch implementation (tests may wrap it); default: createNodeFetch() (see node-fetch.ts). */
  fetch?: typeof fetch;
  /** Sleep that ends early on abort; injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export function endpointHost(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new LlmError('aborted', 'cancelled'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new LlmError('aborted', 'cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export class TeacherClient implements Teacher {
  private readonly openai: OpenAI;
  readonly model: string;
  readonly endpointHost: string;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly random: () => number;
  /** Servers that reject stream_options get it left out from then on. */
  private streamUsage = true;
  private maxTokensParam: 'max_tokens' | 'max_completion_tokens' = 'max_tokens';

  constructor(
    private readonly cfg: EndpointConfig,
    deps: ClientDeps = {},
  ) {
    this.openai = new OpenAI({
      baseURL: cfg.baseURL,
      // Local servers (Ollama, vLLM, LM Studio) need no key, but the client insists on one.
      apiKey: cfg.apiKey || 'not-needed',
      maxRetries: 0,
      timeout: cfg.timeoutMs,
      fetch: deps.fetch ?? createNodeFetch(),
      dangerouslyAllowBrowser: false,
    });
    this.model = cfg.model;
    this.endpointHost = endpointHost(cfg.baseURL);
    this.sleep = deps.sleep ?? abortableSleep;
    this.random = deps.random ?? Math.random;
  }

  async complete(messages: ChatMessage[], opts: CompleteOptions = {}): Promise<CompletionResult> {
    let attempt = 0;
    for (;;) {
      attempt++;
      try {
        const r = await this.once(messages, opts);
        return { ...r, attempts: attempt };
      } catch (e) {
        const err = this.toLlmError(e, opts.signal);
        if (err.kind === 'bad-request' && this.adaptToServer(err)) {
          attempt--;
          continue;
        }
        // A server that is not there will not be there in a minute either: one retry (a restart, a blip), then say so.
        const retries = err.kind === 'connect' ? Math.min(1, this.cfg.maxRetries) : this.cfg.maxRetries;
        const retryable = err.retryable || err.kind === 'connect';
        if (!retryable || attempt > retries) {
          if (attempt > 1 && err.retryable) err.message = `${err.message} (after ${attempt} attempts)`;
          throw err;
        }
        const maxWait = this.cfg.maxRetryAfterMs ?? 120_000;
        if (err.retryAfterMs !== undefined && err.retryAfterMs > maxWait) {
          throw new LlmError(err.kind, `${err.message}; the server asks to wait ${Math.round(err.retryAfterMs / 1000)} s`, err.status, err.retryAfterMs);
        }
        const delayMs = err.retryAfterMs ?? backoffMs(attempt, this.random);
        opts.onRetry?.({ attempt, delayMs, kind: err.kind, status: err.status, message: err.message });
        await this.sleep(delayMs, opts.signal);
      }
    }
  }

  /** Some servers reject optional parameters; learn once and go on without them. */
  private adaptToServer(err: LlmError): boolean {
    const m = err.message.toLowerCase();
    if (this.streamUsage && m.includes('stream_options')) {
      this.streamUsage = false;
      return true;
    }
    if (this.maxTokensParam === 'max_tokens' && m.includes('max_tokens') && m.includes('max_completion_tokens')) {
      this.maxTokensParam = 'max_completion_tokens';
      return true;
    }
    return false;
  }

  private async once(messages: ChatMessage[], opts: CompleteOptions): Promise<Omit<CompletionResult, 'attempts'>> {
    // One controller per attempt: the caller's cancel and our silence timer both abort it.
    const ctrl = new AbortController();
    const onAbort = () => ctrl.abort(opts.signal?.reason);
    if (opts.signal?.aborted) throw new LlmError('aborted', 'cancelled');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Re-armed on every streamed piece: refresh() restarts the same timer rather than making a new one.
    const arm = () => {
      if (timer) {
        timer.refresh();
        return;
      }
      timer = setTimeout(() => {
        timedOut = true;
        ctrl.abort(new Error('timeout'));
      }, this.cfg.timeoutMs);
    };
    try {
      arm();
      const body: OpenAI.Chat.ChatCompletionCreateParamsStreaming = {
        model: this.cfg.model,
        messages,
        stream: true,
        ...(this.cfg.temperature !== undefined ? { temperature: this.cfg.temperature } : {}),
        ...(this.cfg.maxOutputTokens ? { [this.maxTokensParam]: this.cfg.maxOutputTokens } : {}),
        ...(this.streamUsage ? { stream_options: { include_usage: true } } : {}),
      };
      const stream = await this.openai.chat.completions.create(body, { signal: ctrl.signal, timeout: this.cfg.timeoutMs });
      let text = '';
      let finishReason: string | null = null;
      let refusal = '';
      let usage: OpenAI.CompletionUsage | undefined;
      let model = this.cfg.model;
      for await (const chunk of stream) {
        arm();
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta?.content ?? '';
        if (choice.delta?.refusal) refusal += choice.delta.refusal;
        if (delta) {
          text += delta;
          opts.onDelta?.(delta, text);
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
      // The openai stream ends quietly when its request is aborted: an abort must not pass for an answer.
      if (timedOut && !opts.signal?.aborted) throw new LlmError('timeout', `the answer from ${this.endpointHost} stalled for ${seconds(this.cfg.timeoutMs)}`);
      if (opts.signal?.aborted) throw new LlmError('aborted', 'cancelled');
      if (finishReason === null) throw new LlmError('network', `the answer from ${this.endpointHost} ended before it was finished (no finish_reason)`);
      const promptText = messages.map((m) => m.content).join('\n');
      const count = this.cfg.countTokens ?? estimateTokens;
      return {
        text,
        finishReason,
        refusal: refusal || undefined,
        usage: usage
          ? { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0, totalTokens: usage.total_tokens ?? 0 }
          : {
              promptTokens: count(promptText),
              completionTokens: count(text),
              totalTokens: count(promptText) + count(text),
            },
        usageEstimated: !usage,
        model,
      };
    } catch (e) {
      if (timedOut && !opts.signal?.aborted) {
        throw new LlmError('timeout', `no answer from ${this.endpointHost} for ${seconds(this.cfg.timeoutMs)}`);
      }
      throw e;
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  private toLlmError(e: unknown, signal?: AbortSignal): LlmError {
    if (e instanceof LlmError) return e;
    if (signal?.aborted || e instanceof APIUserAbortError) return new LlmError('aborted', 'cancelled');
    if (e instanceof APIError && e.status !== undefined) {
      const status = e.status;
      const retryAfter = parseRetryAfter(e.headers as Headers | undefined);
      const detail = apiMessage(e);
      if (status === 401 || status === 403) return new LlmError('auth', `${this.endpointHost} refused the API key (${status}): ${detail}`, status);
      if (status === 404) return new LlmError('not-found', `${this.endpointHost} has no model "${this.model}" or no chat API at this URL (404): ${detail}`, status);
      if (status === 429) return new LlmError('rate-limit', `rate limited by ${this.endpointHost} (429): ${detail}`, status, retryAfter);
      if (status === 408 || status >= 500) return new LlmError('server', `${this.endpointHost} failed (${status}): ${detail}`, status, retryAfter);
      return new LlmError('bad-request', `${this.endpointHost} rejected the request (${status}): ${detail}`, status);
    }
    const msg = errorMessage(e);
    const connect = connectFailure(e);
    if (connect) return new LlmError('connect', `cannot connect to ${this.endpointHost}: ${connect}`);
    if (/timed? ?out/i.test(msg)) return new LlmError('timeout', `no answer from ${this.endpointHost}: ${msg}`);
    if (e instanceof APIError || /fetch failed|ECONNREFUSED|ECONNRESET|ENOTFOUND|socket|terminated|network/i.test(msg + String((e as { cause?: unknown })?.cause ?? ''))) {
      return new LlmError('network', `cannot reach ${this.endpointHost}: ${causeMessage(e)}`);
    }
    return new LlmError('bad-response', `unexpected answer from ${this.endpointHost}: ${msg}`);
  }
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

function apiMessage(e: APIError): string {
  const body = e.error as { message?: string } | undefined;
  const m = body?.message ?? e.message ?? '';
  return m.replace(/^\d{3}\s+/, '').slice(0, 300) || 'no details';
}

const CONNECT_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused — is the server running?',
  ENOTFOUND: 'host not found — is the address right?',
  EAI_AGAIN: 'host not found — is the address right?',
  EAI_NONAME: 'host not found — is the address right?',
  EHOSTUNREACH: 'host unreachable — is the server running and the network up?',
  ENETUNREACH: 'network unreachable — is the network up?',
};

/**
 * What kept a connection from being made (refused, unknown host, unreachable), from the error codes along the
 * cause chain (openai's APIConnectionError → fetch's TypeError → the socket error, or an AggregateError of
 * one per address tried); undefined when a connection was made or the reason is another.
 */
export function connectFailure(e: unknown): string | undefined {
  const seen = new Set<unknown>();
  const stack: unknown[] = [e];
  while (stack.length) {
    const x = stack.pop();
    if (!x || typeof x !== 'object' || seen.has(x)) continue;
    seen.add(x);
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_FAILURES[code]) return CONNECT_FAILURES[code];
    stack.push((x as { cause?: unknown }).cause);
    const errors = (x as { errors?: unknown }).errors;
    if (Array.isArray(errors)) stack.push(...(errors as unknown[]));
  }
  return undefined;
}

function causeMessage(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return errorMessage(e);
}
