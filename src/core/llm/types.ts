import type { TokenUsage } from '../provenance/types';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Everything needed to talk to one OpenAI-compatible endpoint. The key is passed in, never stored here. */
export interface EndpointConfig {
  baseURL: string;
  apiKey: string;
  model: string;
  temperature?: number;
  /** Upper bound on the answer's tokens (max_tokens). */
  maxOutputTokens?: number;
  /** Time allowed for the first byte of an answer and for any silence between streamed pieces. */
  timeoutMs: number;
  /** Retries after a 429, a 5xx, a timeout or a dropped connection (a connection that cannot be made at all: one). */
  maxRetries: number;
  /** Longest wait honoured from a Retry-After header (longer ones fail as rate-limited). */
  maxRetryAfterMs?: number;
  /** Counts the tokens of a prompt and an answer when the server reports no usage (cost figures); default the estimate. */
  countTokens?: (text: string) => number;
}

export type LlmErrorKind =
  | 'auth'
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'network'
  /** No connection at all: refused, unknown host, unreachable (tried once more, then reported at once). */
  | 'connect'
  | 'aborted'
  | 'bad-request'
  | 'not-found'
  | 'bad-response';

export interface CompletionResult {
  text: string;
  /** 'stop', 'length', 'content_filter', … or null when the server sent none. */
  finishReason: string | null;
  /** The model's refusal message when the API reports one. */
  refusal?: string;
  usage: TokenUsage;
  /** True when the server sent no usage and it was estimated from the text. */
  usageEstimated: boolean;
  model: string;
  /** Requests made, including retries. */
  attempts: number;
}

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  kind: LlmErrorKind;
  status?: number;
  message: string;
}

export interface CompleteOptions {
  signal?: AbortSignal;
  /** Called with each streamed piece and the text so far. */
  onDelta?: (delta: string, soFar: string) => void;
  onRetry?: (info: RetryInfo) => void;
}

/** What the rewrite and batch code need of a teacher model; the real one is TeacherClient. */
export interface Teacher {
  readonly model: string;
  readonly endpointHost: string;
  complete(messages: ChatMessage[], opts?: CompleteOptions): Promise<CompletionResult>;
}
