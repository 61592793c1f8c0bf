import { HISTOGRAM_KERNEL_WASM_BASE64 } from './histogram-kernel-wasm';

/**
 * histogram-kernel.wat's `buildHistogram`: accumulates rows rowIdx[start..end) into the bins of features
 * k ∈ [kStart, kEnd) of the histogram at byte address `hist`. Every argument is an i32: a byte address in the
 * arena's memory, a count, an index, or a 0/1 flag (allFeatures: features[k] = k).
 */
export type BuildHistogramKernel = (
  hist: number,
  rowBins: number,
  numFeatures: number,
  features: number,
  slotOffsets: number,
  slotBytes: number,
  kStart: number,
  kEnd: number,
  rowIdx: number,
  start: number,
  end: number,
  gradHess: number,
  allFeatures: number,
) => void;

let compiled: WebAssembly.Module | undefined;

/** The compiled kernel (compiled once per process; a WebAssembly.Module can be handed to worker threads as is). */
export function histogramKernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(HISTOGRAM_KERNEL_WASM_BASE64, 'base64'));
  return compiled;
}

/** An instance of the kernel working on `memory`. */
export function instantiateHistogramKernel(memory: WebAssembly.Memory, module = histogramKernelModule()): BuildHistogramKernel {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports.buildHistogram as BuildHistogramKernel;
}
