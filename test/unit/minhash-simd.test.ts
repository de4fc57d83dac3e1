// The WebAssembly SIMD MinHash loop gives exactly the JavaScript loop's signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simdSignature } from '../../src/core/corpus/dedup/minhash-simd';
import { hashSeeds, shingleHashes, signatureJs, signatureOf } from '../../src/core/corpus/dedup/minhash';

test('the SIMD signature equals the JavaScript one on random shingles of every size, and on text', () => {
  let x = 0x2545f491;
  const rnd = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  for (const count of [16, 112, 128]) {
    const seeds = hashSeeds(7, count);
    for (const n of [0, 1, 2, 3, 17, 250, 5000, 70000]) {
      const sh = Uint32Array.from({ length: n }, rnd);
      sh[0] = 0xffffffff;
      const simd = simdSignature(sh, seeds);
      assert.ok(simd, 'WebAssembly SIMD is available in Node');
      assert.deepEqual(simd, signatureJs(sh, seeds), `${count} hashes, ${n} shingles`);
    }
  }
  const text = 'The quick brown fox jumps over the lazy dog while the cat sleeps on the warm windowsill.';
  const sh = shingleHashes(text, 'en', { bands: 56, rows: 2 });
  assert.deepEqual(signatureOf(sh, { bands: 56, rows: 2 }), signatureJs(sh, hashSeeds(1, 112)));
  // Not a multiple of 16: the JavaScript loop.
  assert.equal(simdSignature(sh, hashSeeds(1, 14 * 8 + 4)), undefined);
});
