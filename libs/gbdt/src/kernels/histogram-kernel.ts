import { HISTOGRAM_KERNEL_WASM_BASE64 } from './histogram-kernel-wasm';
import { instantiateOn, lazyWasmModule } from './wasm-kernel-module';

/**
 * histogram-kernel.wat's `buildHistogram`: accumulates the leaf-ordered rows [start, end) into the bins of features
 * k ∈ [kStart, kEnd) of the histogram at byte address `hist`. Every argument is an i32: a byte address in the
 * arena's memory, a count, an index, or a 0/1 flag (allFeatures: features[k] = k).
 */
export type BuildHistogramKernel = (
  hist: number,
  bins: number,
  rowStride: number,
  gradHess: number,
  features: number,
  slotOffsets: number,
  slotBytes: number,
  kStart: number,
  kEnd: number,
  start: number,
  end: number,
  allFeatures: number,
) => void;

/** histogram-kernel.wat's `subtractHistogram`: parent := parent − child over the bins of features [0, numK). */
export type SubtractHistogramKernel = (parent: number, child: number, slotOffsets: number, slotBytes: number, numK: number) => void;

/** histogram-kernel.wat's exports. */
export interface HistogramKernels {
  buildHistogram: BuildHistogramKernel;
  subtractHistogram: SubtractHistogramKernel;
}

/** The compiled kernel (it can be handed to worker threads as is). */
export const histogramKernelModule = lazyWasmModule(HISTOGRAM_KERNEL_WASM_BASE64);

/** An instance of the kernels working on `memory`. */
export function instantiateHistogramKernels(memory: WebAssembly.Memory): HistogramKernels {
  const instance = instantiateOn(histogramKernelModule(), memory);
  return {
    buildHistogram: instance.buildHistogram as BuildHistogramKernel,
    subtractHistogram: instance.subtractHistogram as SubtractHistogramKernel,
  };
}
