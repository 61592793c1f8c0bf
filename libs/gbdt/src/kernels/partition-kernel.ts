import { PARTITION_KERNEL_WASM_BASE64 } from './partition-kernel-wasm';
import { instantiateOn, lazyWasmModule } from './wasm-kernel-module';

/**
 * partition-kernel.wat: rows kept in leaf order. Every argument is an i32: a byte address in the arena's memory,
 * a count, an index or a byte length.
 */
export interface PartitionKernels {
  /** Copies the bins of training rows rowIdx[0..count) from `sourceBins` to `bins`, in that order. */
  gatherRows(rowIdx: number, count: number, sourceBins: number, bins: number, rowStride: number): void;
  /**
   * Stably partitions rows [start, end) of one set of arrays (index, bins, gradient pair) into the same positions
   * of another: rows whose bin of `feature` has goesLeft[bin] = 1 to [start, start + leftCount), the others after.
   * Returns where the left rows ended (start + leftCount when leftCount was right). moveData = 0 moves only
   * the indices (for children that will not be split).
   */
  partition(
    fromIdx: number,
    fromBins: number,
    fromGradHess: number,
    toIdx: number,
    toBins: number,
    toGradHess: number,
    rowStride: number,
    start: number,
    end: number,
    leftCount: number,
    feature: number,
    goesLeft: number,
    moveData: number,
  ): number;
}

const partitionKernelModule = lazyWasmModule(PARTITION_KERNEL_WASM_BASE64);

export function instantiatePartitionKernels(memory: WebAssembly.Memory): PartitionKernels {
  const instance = instantiateOn(partitionKernelModule(), memory);
  return { gatherRows: instance.gatherRows as PartitionKernels['gatherRows'], partition: instance.partition as PartitionKernels['partition'] };
}
