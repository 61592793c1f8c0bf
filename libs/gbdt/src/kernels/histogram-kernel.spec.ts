import { mulberry32 } from '../random/seeded-random';
import { HIST_STRIDE, buildHistogram, histogramLayout, newHistogram, subtractHistogram, toRowMajor } from '../histogram/histogram';
import { ParallelHistogramBuilder } from '../histogram/parallel-histogram';
import { instantiateHistogramKernels } from './histogram-kernel';
import { createWasmArena } from './wasm-arena';

/** A random problem: bins with NaN bins and uneven bin counts per feature, the rows of one leaf laid out in leaf order. */
function problem(numRows: number, numBins: number[], seed: number) {
  const rng = mulberry32(seed);
  const F = numBins.length;
  const rowStride = 16;
  const bins = numBins.map((nb) => Uint8Array.from({ length: numRows }, () => Math.floor(rng() * nb)));
  const grad = Float64Array.from({ length: numRows }, () => rng() * 2 - 1);
  const hess = Float64Array.from({ length: numRows }, () => rng() / 4);
  const leafRows = Int32Array.from(Array.from({ length: numRows }, (_, i) => i).filter(() => rng() < 0.6));
  const layout = histogramLayout(numBins);
  const histFloats = layout.totalBins * HIST_STRIDE;
  const arena = createWasmArena({
    bins: [Uint8Array, numRows * rowStride],
    gradHess: [Float64Array, 2 * numRows],
    features: [Int32Array, F],
    slotOffsets: [Int32Array, F],
    slotBytes: [Int32Array, F],
    hist: [Float64Array, histFloats],
    other: [Float64Array, histFloats],
  } as const);
  const a = arena.arrays;
  const rowMajor = toRowMajor(bins, numRows, new Uint8Array(numRows * rowStride), rowStride);
  leafRows.forEach((r, i) => {
    a.bins.set(rowMajor.subarray(r * rowStride, (r + 1) * rowStride), i * rowStride);
    a.gradHess[2 * i] = grad[r];
    a.gradHess[2 * i + 1] = hess[r];
  });
  const useFeatures = (features: Int32Array) => {
    a.features.set(features);
    features.forEach((f, k) => {
      a.slotOffsets[k] = layout.offsets[f] * HIST_STRIDE * 8;
      a.slotBytes[k] = layout.numBins[f] * HIST_STRIDE * 8;
    });
  };
  const reference = (features: Int32Array) => {
    const h = newHistogram(layout);
    buildHistogram(h, layout, bins, features, leafRows, 0, leafRows.length, grad, hess, new Float64Array(numRows), new Float64Array(numRows));
    return h;
  };
  return { arena, layout, leafRows, useFeatures, reference, F, rowStride, rng };
}

describe('histogram kernel (WebAssembly)', () => {
  const { arena, layout, leafRows, useFeatures, reference, F, rowStride, rng } = problem(3_000, [7, 256, 3, 40, 129], 11);
  const { address, arrays } = arena;
  const { buildHistogram: kernel, subtractHistogram: subtractKernel } = instantiateHistogramKernels(arena.memory);
  const build = (numK: number, all: boolean, kStart = 0, kEnd = numK) =>
    kernel(
      address.hist,
      address.bins,
      rowStride,
      address.gradHess,
      address.features,
      address.slotOffsets,
      address.slotBytes,
      kStart,
      kEnd,
      0,
      leafRows.length,
      all ? 1 : 0,
    );

  it('matches the scalar reference bit for bit over all features', () => {
    const all = Int32Array.of(0, 1, 2, 3, 4);
    useFeatures(all);
    arrays.hist.fill(Number.NaN); // stale bins must be zeroed by the kernel
    build(F, true);
    expect(Array.from(arrays.hist)).toEqual(Array.from(reference(all)));
  });

  it('builds only the sampled features, in shares that add up to the whole', () => {
    const sampled = Int32Array.of(1, 3, 4);
    useFeatures(sampled);
    arrays.hist.fill(0);
    build(3, false, 0, 1);
    build(3, false, 1, 3);
    const expected = reference(sampled);
    expect(Array.from(arrays.hist)).toEqual(Array.from(expected));
    expect(arrays.hist.subarray(0, 7 * HIST_STRIDE).every((v) => v === 0)).toBe(true); // feature 0 untouched
  });

  it('gives the same histogram from worker threads as from one thread', () => {
    const all = Int32Array.of(0, 1, 2, 3, 4);
    useFeatures(all);
    const inputs = { memory: arena.memory, rowStride, ...address };
    const results = [1, 2, 3].map((threads) => {
      const builder = new ParallelHistogramBuilder(inputs, threads, 0);
      try {
        arrays.hist.fill(Number.NaN);
        builder.build(address.hist, address.bins, address.gradHess, F, true, 0, leafRows.length);
        return Array.from(arrays.hist);
      } finally {
        builder.close();
      }
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect(results[0]).toEqual(Array.from(reference(all)));
  });

  it('subtracts a child from its parent like the scalar reference, over the sampled features only', () => {
    const sampled = Int32Array.of(0, 2, 4);
    useFeatures(sampled);
    const parent = Float64Array.from(arrays.hist, () => rng() * 10);
    const child = Float64Array.from(arrays.hist, () => rng());
    arrays.hist.set(parent);
    arrays.other.set(child);
    subtractKernel(address.hist, address.other, address.slotOffsets, address.slotBytes, sampled.length);
    subtractHistogram(parent, child, layout, sampled);
    expect(Array.from(arrays.hist)).toEqual(Array.from(parent));
  });
});
