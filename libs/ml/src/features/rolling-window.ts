/** Rolling mean and sample standard deviation over the last `window` values of a run, in O(n). */
export interface RollingMeanStd {
  mean: Float64Array;
  /** Sample std (divides by window − 1). */
  std: Float64Array;
}

/**
 * Sliding-window Welford updates (add the new value, drop the oldest): numerically stable where
 * running sum / sum-of-squares would cancel catastrophically on prices and volumes.
 *
 * The window restarts at each run start (see contiguousRunStarts) and after any non-finite value, so one
 * NaN never poisons the rest of the series. Output is NaN until `window` finite values of the current run
 * are in the window. A window of bit-identical values yields std exactly 0 (not Welford round-off).
 */
export function rollingMeanStd(values: Float64Array, runStart: Int32Array, window: number): RollingMeanStd {
  if (!Number.isInteger(window) || window < 2) throw new RangeError(`rolling window must be an integer >= 2, got ${window}`);
  const n = values.length;
  const outMean = new Float64Array(n).fill(NaN);
  const outStd = new Float64Array(n).fill(NaN);
  let start = 0; // index of the oldest value in the window
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let equalRun = 0; // how many of the latest values are bit-identical to the current one

  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (runStart[i] === i || !Number.isFinite(x)) {
      count = 0;
      mean = 0;
      m2 = 0;
      equalRun = 0;
      start = i;
    }
    if (!Number.isFinite(x)) {
      start = i + 1;
      continue;
    }
    equalRun = count > 0 && Object.is(values[i - 1], x) ? equalRun + 1 : 1;
    count++;
    const d = x - mean;
    mean += d / count;
    m2 += d * (x - mean);
    if (count > window) {
      const y = values[start++];
      count--;
      const e = y - mean;
      mean -= e / count;
      m2 -= e * (y - mean);
    }
    if (count === window) {
      if (equalRun >= window) {
        outMean[i] = x;
        outStd[i] = 0;
      } else {
        outMean[i] = mean;
        outStd[i] = Math.sqrt(Math.max(m2, 0) / (window - 1));
      }
    }
  }
  return { mean: outMean, std: outStd };
}
