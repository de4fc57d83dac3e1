// Time for the batch scheduler, injectable so rate-limit tests run on a fake clock instead of waiting.

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Resolves after `ms`; rejects at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export class AbortedError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'AbortError';
  }
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError());
      const onAbort = () => {
        clearTimeout(t);
        reject(new AbortedError());
      };
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock that only moves when told to (tests). Sleepers wake in time order as `advance` passes their
 * deadline; `runUntilIdle`-style helpers are left to the test, which awaits microtasks between steps.
 */
export class ManualClock implements Clock {
  private t = 0;
  private sleepers: { until: number; resolve: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError());
      const s = { until: this.t + Math.max(0, ms), resolve };
      this.sleepers.push(s);
      signal?.addEventListener(
        'abort',
        () => {
          this.sleepers = this.sleepers.filter((x) => x !== s);
          reject(new AbortedError());
        },
        { once: true },
      );
    });
  }

  /** Number of pending sleeps. */
  get waiting(): number {
    return this.sleepers.length;
  }

  /** The earliest pending wake-up time, if any. */
  get nextWake(): number | undefined {
    return this.sleepers.length ? Math.min(...this.sleepers.map((s) => s.until)) : undefined;
  }

  /** Moves time forward to `to` (or by nothing), waking every sleeper whose time has come. */
  advanceTo(to: number): void {
    this.t = Math.max(this.t, to);
    const due = this.sleepers.filter((s) => s.until <= this.t).sort((a, b) => a.until - b.until);
    this.sleepers = this.sleepers.filter((s) => s.until > this.t);
    for (const s of due) s.resolve();
  }

  advance(ms: number): void {
    this.advanceTo(this.t + ms);
  }
}
