import { createWasmArena } from './wasm-arena';

describe('createWasmArena', () => {
  it('lays arrays out on cache-line boundaries, with their byte addresses', () => {
    const arena = createWasmArena({ bytes: [Uint8Array, 3], floats: [Float64Array, 5], ints: [Int32Array, 2] } as const);
    expect(arena.address).toEqual({ bytes: 0, floats: 64, ints: 128 });
    arena.arrays.floats[1] = 2.5;
    expect(new Float64Array(arena.memory.buffer, arena.address.floats, 5)[1]).toBe(2.5);
    arena.release();
  });

  it('reuses a released memory, grown when the next arena needs more, and never one still in use', () => {
    const first = createWasmArena({ a: [Uint8Array, 100] } as const);
    const concurrent = createWasmArena({ a: [Uint8Array, 100] } as const);
    expect(concurrent.memory).not.toBe(first.memory);
    first.release();
    const larger = createWasmArena({ a: [Float64Array, 100_000] } as const);
    expect(larger.memory).toBe(first.memory);
    expect(larger.memory.buffer.byteLength).toBeGreaterThanOrEqual(800_000);
    larger.arrays.a[99_999] = 1; // the grown part is addressable
    larger.release();
    larger.release(); // idempotent
    concurrent.release(); // smaller than the one kept: dropped
    expect(createWasmArena({ a: [Uint8Array, 1] } as const).memory).toBe(first.memory);
  });

  it('refuses more than WebAssembly can address, naming the arrays', () => {
    expect(() => createWasmArena({ bins: [Uint8Array, 3 * 2 ** 30], gradHess: [Float64Array, 2 ** 28] } as const)).toThrow(
      /over WebAssembly's 4 GiB \(bins 3072 MiB, gradHess 2048 MiB\)/,
    );
  });
});
