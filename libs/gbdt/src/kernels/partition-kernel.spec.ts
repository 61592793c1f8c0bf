import { mulberry32 } from '../random/seeded-random';
import { instantiatePartitionKernels } from './partition-kernel';
import { createWasmArena } from './wasm-arena';

describe('partition kernels (WebAssembly)', () => {
  const numRows = 500,
    rowStride = 32,
    F = 20;
  const rng = mulberry32(5);
  const trainingBins = Uint8Array.from({ length: numRows * rowStride }, (_, j) => (j % rowStride < F ? Math.floor(rng() * 256) : 0));
  const arena = createWasmArena({
    trainingBins: [Uint8Array, numRows * rowStride],
    rowIdx: [Int32Array, numRows],
    bins: [Uint8Array, numRows * rowStride],
    gradHess: [Float64Array, 2 * numRows],
    toIdx: [Int32Array, numRows],
    toBins: [Uint8Array, numRows * rowStride],
    toGradHess: [Float64Array, 2 * numRows],
    goesLeft: [Uint8Array, 256],
  } as const);
  const { arrays: a, address: at } = arena;
  const kernels = instantiatePartitionKernels(arena.memory);
  a.trainingBins.set(trainingBins);
  const binsOf = (row: number) => Array.from(trainingBins.subarray(row * rowStride, (row + 1) * rowStride));

  it('lays out the chosen rows in order, and partitions a range stably into the other arrays, bins and gradients moving with their rows', () => {
    const rows = Int32Array.from(Array.from({ length: numRows }, (_, i) => i).filter(() => rng() < 0.7));
    a.rowIdx.set(rows);
    kernels.gatherRows(at.rowIdx, rows.length, at.trainingBins, at.bins, rowStride);
    rows.forEach((r, i) => {
      a.gradHess[2 * i] = r; // a row's gradient pair records the row, so we can see it travel
      a.gradHess[2 * i + 1] = -r;
    });
    expect(binsOf(rows[7])).toEqual(Array.from(a.bins.subarray(7 * rowStride, 8 * rowStride)));

    // Split positions [10, 300) on feature 13: bins 1..100 and NaN (bin 0) go left.
    const feature = 13,
      start = 10,
      end = 300;
    for (let b = 0; b < 256; b++) a.goesLeft[b] = b <= 100 ? 1 : 0;
    const range = Array.from(rows.subarray(start, end));
    const expectedLeft = range.filter((r) => trainingBins[r * rowStride + feature] <= 100);
    const expectedRight = range.filter((r) => trainingBins[r * rowStride + feature] > 100);
    a.toIdx.fill(-1);
    const leftEnd = kernels.partition(
      at.rowIdx,
      at.bins,
      at.gradHess,
      at.toIdx,
      at.toBins,
      at.toGradHess,
      rowStride,
      start,
      end,
      expectedLeft.length,
      feature,
      at.goesLeft,
      1,
    );

    expect(leftEnd).toBe(start + expectedLeft.length);
    expect(Array.from(a.toIdx.subarray(start, end))).toEqual([...expectedLeft, ...expectedRight]);
    for (let i = start; i < end; i++) {
      const r = a.toIdx[i];
      expect([a.toGradHess[2 * i], a.toGradHess[2 * i + 1]]).toEqual([r, -r]);
      expect(Array.from(a.toBins.subarray(i * rowStride, (i + 1) * rowStride))).toEqual(binsOf(r));
    }
    // Positions outside the range are not written, and the source is left as it was.
    expect(a.toIdx.subarray(0, start).every((v) => v === -1) && a.toIdx.subarray(end).every((v) => v === -1)).toBe(true);
    expect(Array.from(a.rowIdx.subarray(0, rows.length))).toEqual(Array.from(rows));
  });
});
