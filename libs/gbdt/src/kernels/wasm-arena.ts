type ArrayConstructor = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
type ArenaSpec = Record<string, readonly [ArrayConstructor, number]>;

/** Typed arrays carved out of one WebAssembly memory, with their byte addresses for the kernels. */
export interface WasmArena<S extends ArenaSpec> {
  memory: WebAssembly.Memory;
  arrays: { [K in keyof S]: InstanceType<S[K][0]> };
  /** Byte address of each array in `memory`. */
  address: { [K in keyof S]: number };
}

const PAGE_BYTES = 65_536;
const MAX_PAGES = 65_536; // wasm32: 4 GiB
const ALIGN = 64; // a cache line: SIMD loads never straddle one

/**
 * Allocates one shared, fixed-size WebAssembly memory holding every array of `spec` ({ name: [Float64Array, length] }).
 * Shared so worker threads can run the same kernels on it; fixed so the views never detach (memory.grow would).
 */
export function createWasmArena<S extends ArenaSpec>(spec: S): WasmArena<S> {
  const address = {} as Record<string, number>;
  let bytes = 0;
  for (const [name, [ctor, length]] of Object.entries(spec)) {
    address[name] = bytes;
    bytes += Math.ceil((length * ctor.BYTES_PER_ELEMENT) / ALIGN) * ALIGN;
  }
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  if (pages > MAX_PAGES) {
    const sizes = Object.entries(spec).map(([name, [ctor, length]]) => `${name} ${((length * ctor.BYTES_PER_ELEMENT) / 2 ** 20).toFixed(0)} MiB`);
    throw new RangeError(`training buffers need ${(bytes / 2 ** 30).toFixed(2)} GiB, over WebAssembly's 4 GiB (${sizes.join(', ')}): train on fewer rows or features`);
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const arrays = {} as Record<string, Float64Array | Int32Array | Uint8Array>;
  for (const [name, [ctor, length]] of Object.entries(spec)) arrays[name] = new ctor(memory.buffer, address[name], length);
  return { memory, arrays, address } as WasmArena<S>;
}
