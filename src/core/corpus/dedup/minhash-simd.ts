// The MinHash signature loop (minhash.ts signatureOf) in WebAssembly SIMD: the same minima of
// fmix32(shingle XOR seed_i), four hashes per 128-bit lane group, sixteen per pass over the shingles.
// The module is assembled here from its instructions (a few hundred bytes; no build step, no dependency)
// and used when the runtime has WebAssembly SIMD (Node 16.4+, VS Code's Electron); otherwise `undefined`
// and the caller runs its JavaScript loop. test/unit/minhash-simd.test.ts checks it against that loop.

/** Memory layout (bytes): seeds at 0, minima at OUT, shingles from SH (grown as needed). */
const OUT = 4096;
const SH = 8192;
/** Hashes per pass: four v128 lanes groups. */
const GROUP = 16;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

// Opcodes (WebAssembly core + SIMD; SIMD ones follow the 0xfd prefix as LEB128).
const I32_CONST = 0x41;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_LOAD = 0x28;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_GE_U = 0x4f;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR = 0x0c;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const simd = (op: number) => [0xfd, ...uleb(op)];
const V128_LOAD = simd(0x00);
const V128_STORE = simd(0x0b);
const I32X4_SPLAT = simd(0x11);
const V128_XOR = simd(0x51);
const I32X4_SHR_U = simd(0xad);
const I32X4_MUL = simd(0xb5);
const I32X4_MIN_U = simd(0xb7);

/** The module: `sig(sh, n, seeds, out, groups)` updates out[0 … 16·groups) with the minima over sh[0 … n). */
function moduleBytes(): Uint8Array {
  // Locals: 0 sh, 1 n, 2 seeds, 3 out, 4 groups (params); 5 g, 6 s, 7 p (i32); 8 c1, 9 c2, 10–13 seed
  // vectors, 14–17 minima, 18 x, 19 h (v128).
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  const mem = (offset: number, align = 4) => [align, ...uleb(offset)];
  const body: number[] = [];
  const emit = (...xs: (number | number[])[]) => {
    for (const x of xs) if (Array.isArray(x)) body.push(...x);
    else body.push(x);
  };
  emit(I32_CONST, sleb(0x85ebca6b), I32X4_SPLAT, set(8));
  emit(I32_CONST, sleb(0xc2b2ae35), I32X4_SPLAT, set(9));
  emit(BLOCK, VOID, LOOP, VOID);
  emit(get(5), get(4), I32_GE_U, BR_IF, 1);
  emit(get(5), I32_CONST, 6, I32_SHL, set(7)); // p = g * 64 bytes
  for (let k = 0; k < 4; k++) emit(get(2), get(7), I32_ADD, V128_LOAD, mem(16 * k), set(10 + k));
  for (let k = 0; k < 4; k++) emit(get(3), get(7), I32_ADD, V128_LOAD, mem(16 * k), set(14 + k));
  emit(I32_CONST, 0, set(6));
  emit(BLOCK, VOID, LOOP, VOID);
  emit(get(6), get(1), I32_GE_U, BR_IF, 1);
  emit(get(0), get(6), I32_CONST, 2, I32_SHL, I32_ADD, I32_LOAD, mem(0, 2), I32X4_SPLAT, set(18));
  for (let k = 0; k < 4; k++) {
    // h = fmix32(x ^ seed): h ^= h >>> 16; h *= c1; h ^= h >>> 13; h *= c2; h ^= h >>> 16; min = min_u(min, h)
    emit(get(18), get(10 + k), V128_XOR, LOCAL_TEE, 19, get(19), I32_CONST, 16, I32X4_SHR_U, V128_XOR);
    emit(get(8), I32X4_MUL, LOCAL_TEE, 19, get(19), I32_CONST, 13, I32X4_SHR_U, V128_XOR);
    emit(get(9), I32X4_MUL, LOCAL_TEE, 19, get(19), I32_CONST, 16, I32X4_SHR_U, V128_XOR);
    emit(get(14 + k), I32X4_MIN_U, set(14 + k));
  }
  emit(get(6), I32_CONST, 1, I32_ADD, set(6), BR, 0, END, END);
  for (let k = 0; k < 4; k++) emit(get(3), get(7), I32_ADD, get(14 + k), V128_STORE, mem(16 * k));
  emit(get(5), I32_CONST, 1, I32_ADD, set(5), BR, 0, END, END);
  emit(END);
  const locals = [2, 3, 0x7f, 12, 0x7b];
  const code = [...locals, ...body];
  const func = [...uleb(code.length), ...code];
  const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, 1]),
    ...section(7, [2, ...name('sig'), 0, 0, ...name('mem'), 2, 0]),
    ...section(10, [1, ...func]),
  ]);
}

/** The part of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface Simd {
  sig: (sh: number, n: number, seeds: number, out: number, groups: number) => void;
  mem: WasmMemory;
  u32: Uint32Array;
  seedsOf: Uint32Array | undefined;
}

let state: Simd | null | undefined;

function load(): Simd | null {
  if (!wasm) return null;
  try {
    const bytes = moduleBytes();
    if (!wasm.validate(bytes)) return null;
    const inst = new wasm.Instance(new wasm.Module(bytes), {});
    const mem = inst.exports.mem as WasmMemory;
    return { sig: inst.exports.sig as Simd['sig'], mem, u32: new Uint32Array(mem.buffer), seedsOf: undefined };
  } catch {
    return null;
  }
}

/**
 * The MinHash minima of `shingles` under fmix32(x ^ seeds[i]), or undefined when WebAssembly SIMD is not
 * available or the seeds are not a multiple of 16 (at most 1,024). Empty input gives all 0xffffffff.
 */
export function simdSignature(shingles: Uint32Array, seeds: Uint32Array): Uint32Array | undefined {
  if (state === undefined) state = load();
  const s = state;
  if (!s || seeds.length % GROUP !== 0 || seeds.length > (OUT >> 2)) return undefined;
  const need = SH + shingles.length * 4;
  if (need > s.mem.buffer.byteLength) {
    s.mem.grow(Math.ceil((need - s.mem.buffer.byteLength) / 65536));
    s.u32 = new Uint32Array(s.mem.buffer);
  }
  const u32 = s.u32;
  if (s.seedsOf !== seeds) {
    u32.set(seeds, 0);
    s.seedsOf = seeds;
  }
  u32.fill(0xffffffff, OUT >> 2, (OUT >> 2) + seeds.length);
  u32.set(shingles, SH >> 2);
  s.sig(SH, shingles.length, 0, OUT, seeds.length / GROUP);
  return u32.slice(OUT >> 2, (OUT >> 2) + seeds.length);
}
