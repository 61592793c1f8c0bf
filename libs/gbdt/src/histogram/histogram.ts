/**
 * Gradient histograms (LightGBM's "feature histogram").
 *
 * One Float64Array per tree leaf holds, for every feature and bin, three sums laid out
 * [grad, hess, count, 0]; features sit at `offsets[f]`. The fourth slot pads a bin to 32 bytes, so
 * the WebAssembly kernel adds (grad, hess) and (1, 0) as two aligned f64 pairs. Only the features
 * sampled for the tree are filled, which is why every function takes the feature list.
 */
export const HIST_STRIDE = 4;

export interface HistogramLayout {
  /** First bin slot of each feature. */
  offsets: Int32Array;
  numBins: Int32Array;
  totalBins: number;
}

export function histogramLayout(numBins: ArrayLike<number>): HistogramLayout {
  const offsets = new Int32Array(numBins.length);
  let total = 0;
  for (let f = 0; f < numBins.length; f++) {
    offsets[f] = total;
    total += numBins[f];
  }
  return { offsets, numBins: Int32Array.from(numBins), totalBins: total };
}

export function newHistogram(layout: HistogramLayout): Float64Array {
  return new Float64Array(layout.totalBins * HIST_STRIDE);
}

/**
 * Column-wise reference implementation (one pass per feature); the tree learner uses the
 * WebAssembly kernel (kernels/histogram-kernel.wat), and tests check that both agree bit for bit.
 * Accumulates rows rowIdx[start..end) into `hist` (overwriting the sampled features' slots).
 * Gradients are first gathered into contiguous scratch buffers ("ordered gradients") so the
 * per-feature loop touches only one random-access array: the bin column.
 */
export function buildHistogram(
  hist: Float64Array,
  layout: HistogramLayout,
  bins: ReadonlyArray<Uint8Array>,
  features: Int32Array,
  rowIdx: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  scratchGrad: Float64Array,
  scratchHess: Float64Array,
): void {
  const n = end - start;
  for (let j = 0; j < n; j++) {
    const r = rowIdx[start + j];
    scratchGrad[j] = grad[r];
    scratchHess[j] = hess[r];
  }
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const base = layout.offsets[f] * HIST_STRIDE;
    hist.fill(0, base, base + layout.numBins[f] * HIST_STRIDE);
    const col = bins[f];
    for (let j = 0; j < n; j++) {
      const slot = base + col[rowIdx[start + j]] * HIST_STRIDE;
      hist[slot] += scratchGrad[j];
      hist[slot + 1] += scratchHess[j];
      hist[slot + 2] += 1;
    }
  }
}

/** The subtraction trick: parent := parent − child turns the parent's histogram into the sibling's. */
export function subtractHistogram(parent: Float64Array, child: Float64Array, layout: HistogramLayout, features: Int32Array): void {
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const base = layout.offsets[f] * HIST_STRIDE;
    const stop = base + layout.numBins[f] * HIST_STRIDE;
    for (let i = base; i < stop; i++) parent[i] -= child[i];
  }
}

/** Column-major bins → one row-major matrix for the kernels: row r's bins at r * rowStride ... (padding left as is). */
export function toRowMajor(
  bins: ReadonlyArray<Uint8Array>,
  numRows: number,
  out = new Uint8Array(numRows * bins.length),
  rowStride = bins.length,
): Uint8Array {
  for (let f = 0; f < bins.length; f++) {
    const col = bins[f];
    for (let i = 0; i < numRows; i++) out[i * rowStride + f] = col[i];
  }
  return out;
}
