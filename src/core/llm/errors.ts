import type { LlmErrorKind } from './types';

/** A teacher-model failure with a kind the UI can explain and a flag saying whether a retry may help. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LlmError';
  }

  get retryable(): boolean {
    return this.kind === 'rate-limit' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network';
  }
}

/** Parses Retry-After (seconds or HTTP date) and retry-after-ms headers. */
export function parseRetryAfter(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (!ra) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.max(0, Number(ra) * 1000);
  const t = Date.parse(ra);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 20 s. `rand` is injectable for tests. */
export function backoffMs(attempt: number, rand: () => number = Math.random): number {
  const base = Math.min(20000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + 0.5 * rand()));
}
