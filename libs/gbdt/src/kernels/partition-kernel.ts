import { PARTITION_KERNEL_WASM_BASE64 } from './partition-kernel-wasm';
import { instantiateOn, lazyWasmModule } from './wasm-kernel-module';

/**
 * partition-kernel.wat's `partition`: stably moves the rows rowIdx[start..end) whose bin of `feature` has
 * goesLeft[bin] = 1 to the front, the others after them (via `scratch`), and returns the index of the first of the
 * others. Every argument is an i32: a byte address in the arena's memory, a count or an index.
 */
export type PartitionKernel = (
  rowIdx: number,
  start: number,
  end: number,
  scratch: number,
  rowBins: number,
  numFeatures: number,
  feature: number,
  goesLeft: number,
) => number;

const partitionKernelModule = lazyWasmModule(PARTITION_KERNEL_WASM_BASE64);

export function instantiatePartitionKernel(memory: WebAssembly.Memory): PartitionKernel {
  return instantiateOn(partitionKernelModule(), memory).partition as PartitionKernel;
}
