/**
 * Rolling mean of the last `window` values of a run, in O(n): a sliding sum (add the new value, drop the oldest)
 * with Neumaier compensation, because a million uncompensated add/drop pairs would drift.
 *
 * Same window semantics as rollingMeanStd: the window restarts at each run start and after any non-finite
 * value, and the output is NaN until `window` finite values of the current run are in it.
 */
export function rollingMean(values: Float64Array, runStart: Int32Array, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`rolling window must be an integer >= 1, got ${window}`);
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  let sum = 0;
  let compensation = 0;
  let count = 0; // finite values since the last restart; the window holds min(count, window) of them
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (runStart[i] === i || !Number.isFinite(x)) {
      sum = 0;
      compensation = 0;
      count = 0;
      if (!Number.isFinite(x)) continue;
    }
    let t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    if (++count > window) {
      const y = -values[i - window]; // still in this run and finite: count says so
      t = sum + y;
      compensation += Math.abs(sum) >= Math.abs(y) ? sum - t + y : y - t + sum;
      sum = t;
      count = window;
    }
    if (count === window) out[i] = (sum + compensation) / window;
  }
  return out;
}
