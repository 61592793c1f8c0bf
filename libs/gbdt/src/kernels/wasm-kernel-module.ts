/** Compiles an embedded kernel once per process; a WebAssembly.Module can then be instantiated on any memory, in any thread. */
export function lazyWasmModule(base64: string): () => WebAssembly.Module {
  let compiled: WebAssembly.Module | undefined;
  return () => (compiled ??= new WebAssembly.Module(Buffer.from(base64, 'base64')));
}

/** The exports of `module` instantiated on `memory` (every kernel imports one memory as env.memory). */
export function instantiateOn(module: WebAssembly.Module, memory: WebAssembly.Memory): Record<string, unknown> {
  return new WebAssembly.Instance(module, { env: { memory } }).exports;
}
