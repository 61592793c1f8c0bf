/** What the data-quality gate does with each kind of problem. */
export interface QualityPolicy {
  /** Gaps of up to this many missing bars are isolated: reported with action 'masked' (features restart after them). */
  maxIsolatedGapBars: number;
  /** Longer gaps: 'fail' the run (default) or 'mask' them like isolated ones. */
  onLongGap: 'fail' | 'mask';
  /** Rows with NaN/±Inf, inconsistent OHLC, negative volume or a duplicate timestamp: 'mask' them (default) or 'fail'. */
  onInvalidRow: 'fail' | 'mask';
  /** Timestamps that go backwards (or off the timeframe grid) are always fatal: no later stage can trust the order. */
  onNonMonotonic: 'fail';
  /** At most this many findings are listed (metrics always count all). Default 10 000. */
  maxFindings: number;
}

export const DEFAULT_QUALITY_POLICY: Readonly<QualityPolicy> = Object.freeze({
  maxIsolatedGapBars: 3,
  onLongGap: 'fail',
  onInvalidRow: 'mask',
  onNonMonotonic: 'fail',
  maxFindings: 10_000,
});

/** Defaults filled in and every field checked; the error names the bad field and value. */
export function resolveQualityPolicy(policy: Partial<QualityPolicy> = {}): QualityPolicy {
  const p = { ...DEFAULT_QUALITY_POLICY, ...policy };
  const bad = (field: string, expected: string) =>
    new RangeError(`quality policy ${field} must be ${expected}, got ${JSON.stringify((p as Record<string, unknown>)[field])}`);
  if (!Number.isInteger(p.maxIsolatedGapBars) || p.maxIsolatedGapBars < 0) throw bad('maxIsolatedGapBars', 'an integer >= 0');
  if (p.onLongGap !== 'fail' && p.onLongGap !== 'mask') throw bad('onLongGap', "'fail' or 'mask'");
  if (p.onInvalidRow !== 'fail' && p.onInvalidRow !== 'mask') throw bad('onInvalidRow', "'fail' or 'mask'");
  if (p.onNonMonotonic !== 'fail') throw bad('onNonMonotonic', "'fail'");
  if (!Number.isInteger(p.maxFindings) || p.maxFindings < 0) throw bad('maxFindings', 'an integer >= 0');
  return p;
}
