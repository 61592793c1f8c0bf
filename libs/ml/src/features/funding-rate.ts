export interface FundingRateFeatures {
  /** The funding rate known at the bar's close (as given). */
  level: Float64Array;
  /** level[i] − level[i − bars], both in the same run. */
  change: Float64Array;
}

/**
 * Funding-rate level and its change over `bars` bars. Input: one rate per bar, already aligned causally (the last
 * rate known at or before the bar's close; see alignAsOf). Rates are small signed numbers, so the change is a
 * plain difference, not a log.
 *
 * The level needs no history and is defined wherever the input is finite. The change is gap-aware like
 * logReturns: NaN when the bar `bars` rows back is not in the same contiguous run.
 */
export function fundingRateFeatures(fundingRate: Float64Array, runStart: Int32Array, bars = 24): FundingRateFeatures {
  if (!Number.isInteger(bars) || bars < 1) throw new RangeError(`funding change span must be an integer >= 1, got ${bars}`);
  const n = fundingRate.length;
  const level = new Float64Array(n);
  const change = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const rate = fundingRate[i];
    level[i] = Number.isFinite(rate) ? rate : NaN;
    const j = i - bars;
    if (j < runStart[i]) continue;
    const difference = rate - fundingRate[j];
    if (Number.isFinite(difference)) change[i] = difference; // ±Infinity inputs stay NaN, not ±Infinity
  }
  return { level, change };
}
