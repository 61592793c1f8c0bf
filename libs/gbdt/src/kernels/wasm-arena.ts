type ArrayConstructor = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
type ArenaSpec = Record<string, readonly [ArrayConstructor, number]>;

/** Typed arrays carved out of one WebAssembly memory, with their byte addresses for the kernels. */
export interface WasmArena<S extends ArenaSpec> {
  memory: WebAssembly.Memory;
  arrays: { [K in keyof S]: InstanceType<S[K][0]> };
  /** Byte address of each array in `memory`. */
  address: { [K in keyof S]: number };
  /** Hands the memory back for the next arena of this thread; the arrays must not be used afterwards. */
  release(): void;
}

const PAGE_BYTES = 65_536;
const MAX_PAGES = 65_536; // wasm32: 4 GiB
const ALIGN = 64; // a cache line: SIMD loads never straddle one

/**
 * A released memory, kept for the next arena. Training allocates tens of MiB at a time; fresh memories per training
 * are freed only by a full GC, which V8 does not hurry for (they count little towards its heap), so a process
 * training model after model (a hyper-parameter search) would grow by one arena per model until then.
 */
let idle: WebAssembly.Memory | undefined;

/**
 * Lays out every array of `spec` ({ name: [Float64Array, length] }) in one shared WebAssembly memory: shared so
 * worker threads can run the same kernels on it, and never moved, so the views stay valid as it grows. The memory
 * of the last released arena is reused (grown if need be); arrays start with whatever it held.
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
    throw new RangeError(
      `training buffers need ${(bytes / 2 ** 30).toFixed(2)} GiB, over WebAssembly's 4 GiB (${sizes.join(', ')}): train on fewer rows or features`,
    );
  }
  let memory = idle;
  idle = undefined;
  if (!memory) memory = new WebAssembly.Memory({ initial: pages, maximum: MAX_PAGES, shared: true });
  const have = memory.buffer.byteLength / PAGE_BYTES;
  if (have < pages) memory.grow(pages - have);
  const arrays = {} as Record<string, Float64Array | Int32Array | Uint8Array>;
  for (const [name, [ctor, length]] of Object.entries(spec)) arrays[name] = new ctor(memory.buffer, address[name], length);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    if (!idle || idle.buffer.byteLength < memory.buffer.byteLength) idle = memory;
  };
  return { memory, arrays, address, release } as WasmArena<S>;
}
