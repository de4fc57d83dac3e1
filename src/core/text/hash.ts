import { createHash } from 'node:crypto';

/** SHA-256 of a string (UTF-8) or bytes, as lowercase hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A short stable id: the first 16 hex digits of SHA-256. */
export function shortHash(data: string | Uint8Array): string {
  return sha256(data).slice(0, 16);
}

/**
 * A fast 32-bit hash of text[s, e) (h = h·31 + char code), for in-memory tables keyed by a span of a text
 * without making a string of it. Not stable across versions; collisions must be settled by the caller.
 */
export function spanHash(text: string, s = 0, e = text.length): number {
  let hash = 0;
  for (let i = s; i < e; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return hash;
}
