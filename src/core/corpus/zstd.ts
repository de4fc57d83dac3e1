// Streaming zstd decompression for .jsonl.zst shards, with fzstd (pure JavaScript, streaming). It reads
// multi-frame files (zstd's `cat a.zst b.zst`, pzstd and DCLM-style shards) and skippable frames, and fails
// when the data ends inside a frame. Node's own zlib zstd (22.15+, 24) is not used: Node 20 has none, and
// where it exists it stops after the first frame and drops the rest without an error (nodejs/node#64741).
import { errorMessage } from '../util/errors';
import { Transform, type TransformCallback } from 'node:stream';
import { Decompress } from 'fzstd';

/** The zstd frame magic number (little-endian 0xFD2FB528), or a skippable frame's (0x184D2A5?). */
export function hasZstdMagic(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return true;
  return (head[0]! & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18;
}

/** A truncated or corrupt zstd stream, with a message naming what went wrong. */
export class ZstdStreamError extends Error {
  constructor(
    message: string,
    readonly truncated: boolean,
  ) {
    super(message);
    this.name = 'ZstdStreamError';
  }
}

/** A decoder's error as a ZstdStreamError (`truncated` when the input ended inside a frame). */
export function zstdError(e: unknown): ZstdStreamError {
  if (e instanceof ZstdStreamError) return e;
  const err = e as { code?: unknown; message?: string };
  // fzstd's error code 5 is "unexpected EOF".
  if (err?.code === 5) return new ZstdStreamError('the zstd data ends inside a frame (truncated file?)', true);
  return new ZstdStreamError(`corrupt zstd data: ${errorMessage(e)}`, false);
}

class ZstdDecompressor extends Transform {
  private readonly dec: Decompress;
  constructor() {
    super();
    this.dec = new Decompress((chunk) => {
      // fzstd's blocks may be views of its window buffer: copy before handing them on.
      if (chunk.length) this.push(Buffer.from(chunk));
    });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.dec.push(chunk);
      cb();
    } catch (e) {
      cb(zstdError(e));
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      this.dec.push(new Uint8Array(0), true);
      cb();
    } catch (e) {
      cb(zstdError(e));
    }
  }
}

/** A Transform from zstd bytes to the decompressed bytes; its errors are ZstdStreamError. */
export function createZstdDecompressor(): Transform {
  return new ZstdDecompressor();
}
