/**
 * How gaps are judged:
 *  - 'by-length' (RunSpec gapPolicy "mask", "fail", "forward-fill"): gaps of up to maxIsolatedGapBars are masked,
 *    longer ones follow onLongGap.
 *  - 'segment' (gapPolicy "segment"): a gap of any length is a segment boundary (features warm up again after it,
 *    no label horizon or backtest position crosses it); the data fail only when they cannot support the run:
 *    coverage below minCoverage, or a single gap longer than maxGapHours.
 */
export type GapMode = 'by-length' | 'segment';

/** What the data-quality gate does with each kind of problem. */
export interface QualityPolicy {
  /** Default 'by-length'; the validate-data stage sets it from the RunSpec's gapPolicy, it is not a stage param. */
  gapMode: GapMode;
  /** 'by-length': gaps of up to this many missing bars are isolated: reported with action 'masked' (features restart after them). */
  maxIsolatedGapBars: number;
  /** 'by-length': longer gaps 'fail' the run (default) or are masked like isolated ones. */
  onLongGap: 'fail' | 'mask';
  /** 'segment': the least share of the expected bars (of the checked range) that must be present, in [0, 1]. Default 0.98. */
  minCoverage: number;
  /** 'segment': the longest single gap allowed, in hours (> 0). Default 72: exchange maintenance runs up to ~1.5 days. */
  maxGapHours: number;
  /** Rows with NaN/±Inf, inconsistent OHLC, negative volume or a duplicate timestamp: 'mask' them (default) or 'fail'. */
  onInvalidRow: 'fail' | 'mask';
  /** Timestamps that go backwards (or off the timeframe grid) are always fatal: no later stage can trust the order. */
  onNonMonotonic: 'fail';
  /** At most this many findings are listed (metrics always count all). Default 10 000. */
  maxFindings: number;
}

export const DEFAULT_QUALITY_POLICY: Readonly<QualityPolicy> = Object.freeze({
  gapMode: 'by-length',
  maxIsolatedGapBars: 3,
  onLongGap: 'fail',
  minCoverage: 0.98,
  maxGapHours: 72,
  onInvalidRow: 'mask',
  onNonMonotonic: 'fail',
  maxFindings: 10_000,
});

/** Defaults filled in and every field checked; the error names the bad field and value. */
export function resolveQualityPolicy(policy: Partial<QualityPolicy> = {}): QualityPolicy {
  const p = { ...DEFAULT_QUALITY_POLICY, ...policy };
  const bad = (field: string, expected: string) =>
    new RangeError(`quality policy ${field} must be ${expected}, got ${JSON.stringify((p as Record<string, unknown>)[field])}`);
  if (p.gapMode !== 'by-length' && p.gapMode !== 'segment') throw bad('gapMode', "'by-length' or 'segment'");
  if (!Number.isInteger(p.maxIsolatedGapBars) || p.maxIsolatedGapBars < 0) throw bad('maxIsolatedGapBars', 'an integer >= 0');
  if (p.onLongGap !== 'fail' && p.onLongGap !== 'mask') throw bad('onLongGap', "'fail' or 'mask'");
  if (typeof p.minCoverage !== 'number' || !(p.minCoverage >= 0 && p.minCoverage <= 1)) throw bad('minCoverage', 'a number in [0, 1]');
  if (typeof p.maxGapHours !== 'number' || !(p.maxGapHours > 0) || !Number.isFinite(p.maxGapHours)) throw bad('maxGapHours', 'a number > 0');
  if (p.onInvalidRow !== 'fail' && p.onInvalidRow !== 'mask') throw bad('onInvalidRow', "'fail' or 'mask'");
  if (p.onNonMonotonic !== 'fail') throw bad('onNonMonotonic', "'fail'");
  if (!Number.isInteger(p.maxFindings) || p.maxFindings < 0) throw bad('maxFindings', 'an integer >= 0');
  return p;
}
