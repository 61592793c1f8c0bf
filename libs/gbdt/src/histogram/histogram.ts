/**
 * Gradient histograms (LightGBM's "feature histogram").
 *
 * One Float64Array per tree leaf holds, for every feature and bin, three sums laid out
 * [grad, hess, count]; features sit at `offsets[f]`. Only the features sampled for the tree are
 * filled, which is why every function takes the feature list.
 */
export const HIST_STRIDE = 3;

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
 * faster row-wise variant below, and tests check that both agree.
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
export function subtractHistogram(
  parent: Float64Array,
  child: Float64Array,
  layout: HistogramLayout,
  features: Int32Array,
): void {
  for (let k = 0; k < features.length; k++) {
    const f = features[k];
    const base = layout.offsets[f] * HIST_STRIDE;
    const stop = base + layout.numBins[f] * HIST_STRIDE;
    for (let i = base; i < stop; i++) parent[i] -= child[i];
  }
}

/**
 * Row-wise variant (LightGBM's force_row_wise): `rowBins` is row-major (row r's bins at
 * r * numFeatures ...). Each row's gradient pair is loaded once and scattered into every
 * feature's slot, which in JS beats one pass per feature over the gathered rows.
 * Only features[kStart..kEnd) are built, so threads can split the features between them:
 * every bin is still summed in row order, hence identical results at any thread count.
 * `slotBase[k]` is HIST_STRIDE × offsets[features[k]]: precomputed per tree.
 * Keep in step with the copy in parallel-histogram.ts (workers run plain JS source).
 */
export function buildHistogramRowWise(
  hist: Float64Array,
  rowBins: Uint8Array,
  numFeatures: number,
  features: Int32Array,
  slotBase: Int32Array,
  numBins: Int32Array,
  kStart: number,
  kEnd: number,
  rowIdx: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
): void {
  for (let k = kStart; k < kEnd; k++) hist.fill(0, slotBase[k], slotBase[k] + numBins[features[k]] * HIST_STRIDE);
  if (kEnd - kStart === numFeatures) {
    // All features (ascending, so features[k] === k): skip one indirection in the hottest loop.
    for (let i = start; i < end; i++) {
      const r = rowIdx[i];
      const g = grad[r], h = hess[r];
      const rb = r * numFeatures;
      for (let f = 0; f < numFeatures; f++) {
        const slot = slotBase[f] + rowBins[rb + f] * HIST_STRIDE;
        hist[slot] += g;
        hist[slot + 1] += h;
        hist[slot + 2] += 1;
      }
    }
    return;
  }
  for (let i = start; i < end; i++) {
    const r = rowIdx[i];
    const g = grad[r], h = hess[r];
    const rb = r * numFeatures;
    for (let k = kStart; k < kEnd; k++) {
      const slot = slotBase[k] + rowBins[rb + features[k]] * HIST_STRIDE;
      hist[slot] += g;
      hist[slot + 1] += h;
      hist[slot + 2] += 1;
    }
  }
}

/** Column-major bins → one row-major matrix for row-wise histogram building. */
export function toRowMajor(bins: ReadonlyArray<Uint8Array>, numRows: number): Uint8Array {
  const F = bins.length;
  const out = new Uint8Array(numRows * F);
  for (let f = 0; f < F; f++) {
    const col = bins[f];
    for (let i = 0; i < numRows; i++) out[i * F + f] = col[i];
  }
  return out;
}
