import { createHash } from 'node:crypto';

/** SHA-256 of a string (UTF-8) or bytes, as lowercase hex. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A short stable id: the first 16 hex digits of SHA-256. */
export function shortHash(data: string | Uint8Array): string {
  return sha256(data).slice(0, 16);
}
