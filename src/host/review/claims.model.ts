// The optional claim check of a rewrite by the teacher model, through src/core/review/claimcheck.ts
// (prompt, tolerant parser, cache keyed by content and model): the model lists the rewrite's claims the
// source does not support. Shown beside the deterministic facts; the offline review never waits for it.
// Results are cached in .curator/cache/claim-check.json. No vscode here.
import { join } from 'node:path';
import { ClaimCheckCache, checkClaims as coreCheckClaims, type ClaimCheckFailureCode, type ClaimCheckResult } from '../../core/review/claimcheck';
import type { Teacher } from '../../core/llm/types';
import type { ClaimCheckView } from '../../shared/review-protocol';

export function claimCachePath(root: string): string {
  return join(root, '.curator', 'cache', 'claim-check.json');
}

export function toClaimView(r: Extract<ClaimCheckResult, { ok: true }>, model: string): ClaimCheckView {
  const claims = r.claims
    .map((c, i) => ({ c, i }))
    // contradicted first, then unsupported, each in the model's order
    .sort((a, b) => (a.c.type === b.c.type ? a.i - b.i : a.c.type === 'contradicted' ? -1 : 1))
    .map(({ c }) => ({ claim: c.claim, verdict: c.type, ...(c.evidence.trim() ? { evidence: c.evidence.trim() } : {}) }));
  return { model, cached: !!r.cached, consistent: r.consistent, claims };
}

/** A cached check of exactly these texts with this model, if any. */
export function readCachedClaims(root: string, source: string, rewrite: string, model: string): ClaimCheckView | undefined {
  const hit = new ClaimCheckCache(claimCachePath(root)).get(ClaimCheckCache.key(source, rewrite, model));
  return hit && hit.ok ? toClaimView({ ...hit, cached: true }, model) : undefined;
}

/** A claim check without a result: `code` tells a failed call from an answer that was not the JSON asked for. */
export class ClaimCheckFailure extends Error {
  constructor(
    message: string,
    readonly code: ClaimCheckFailureCode | undefined,
  ) {
    super(message);
    this.name = 'ClaimCheckFailure';
  }

  /** The model answered, but not in the JSON asked for: a better-suited model or a lower temperature helps. */
  get notJson(): boolean {
    return this.code !== undefined && this.code !== 'call-failed';
  }
}

/** Runs the check (or returns the cached one); a failure is thrown as a ClaimCheckFailure with the reason. */
export async function checkClaims(root: string, source: string, rewrite: string, lang: string, teacher: Teacher, signal?: AbortSignal): Promise<ClaimCheckView> {
  const r = await coreCheckClaims(source, rewrite, async (messages) => (await teacher.complete(messages, { signal })).text, {
    model: teacher.model,
    lang,
    cachePath: claimCachePath(root),
  });
  if (!r.ok) throw new ClaimCheckFailure(r.error, r.code);
  return toClaimView(r, teacher.model);
}
