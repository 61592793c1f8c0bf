/**
 * Gap awareness for every feature: rows are split into *contiguous runs*, maximal stretches of rows where each
 * row opens exactly one timeframe after the previous one. A feature at row i only looks at rows of i's own run,
 * so a window never treats bars on either side of missing bars as neighbours.
 *
 * A run breaks before row i when:
 *  - the step ts[i] − ts[i−1] is not exactly timeframeMs (missing bars, duplicates, going backwards, off-grid), or
 *  - row i or row i−1 is masked (mask = 0): a masked row is treated like a missing bar.
 *
 * Causal by construction: runStart[i] depends only on rows 0..i.
 */
export function contiguousRunStarts(timestamps: Float64Array, timeframeMs: number, mask?: Uint8Array): Int32Array {
  if (!(timeframeMs > 0) || !Number.isFinite(timeframeMs)) throw new RangeError(`timeframeMs must be a positive number, got ${timeframeMs}`);
  if (mask && mask.length !== timestamps.length) throw new RangeError(`mask has ${mask.length} rows, timestamps ${timestamps.length}`);
  const n = timestamps.length;
  const runStart = new Int32Array(n);
  for (let i = 1; i < n; i++) {
    const adjacent = timestamps[i] - timestamps[i - 1] === timeframeMs && (!mask || (mask[i] === 1 && mask[i - 1] === 1));
    runStart[i] = adjacent ? runStart[i - 1] : i;
  }
  return runStart;
}

/** Run starts for data known to have no gaps (one run); handy in tests and for already-gridded series. */
export function singleRun(length: number): Int32Array {
  return new Int32Array(length);
}
