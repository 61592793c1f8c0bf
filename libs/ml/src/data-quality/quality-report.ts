export type FindingKind = 'non-monotonic' | 'duplicate' | 'gap' | 'misaligned' | 'non-finite' | 'ohlc-inconsistent' | 'negative-volume';

/**
 * - masked: the row is excluded (mask 0), or for a gap, features treat it as a break; the run goes on.
 * - segment: a gap that ends one segment and starts the next (gap mode 'segment'): features warm up again after
 *   it, no label horizon and no backtest position crosses it; the run goes on.
 * - reported: noted only.
 * - fatal: the data fail the gate.
 */
export type FindingAction = 'masked' | 'segment' | 'reported' | 'fatal';

export interface QualityFinding {
  kind: FindingKind;
  /** Open time the finding is about, ms UTC; for a gap, the open time of the first missing bar. */
  timestamp: number;
  isoTime: string;
  /** Row index in the checked candles; for a gap, the first row after it. */
  row: number;
  detail: string;
  /** Gaps only: how many bars are missing. */
  bars?: number;
  /** Gaps only: open time of the first bar after the gap (the missing span is [timestamp, endTimestamp)). */
  endTimestamp?: number;
  endIsoTime?: string;
  action: FindingAction;
}

export interface QualityMetrics {
  rows: number;
  gaps: number;
  missingBars: number;
  longGaps: number;
  duplicates: number;
  /** Rows with a NaN or ±Inf in any column (timestamp included). */
  nonFinite: number;
  ohlcInconsistent: number;
  negativeVolume: number;
  nonMonotonic: number;
  /** Steps that are not a whole number of bars (e.g. 30 min in 1h data). */
  misaligned: number;
  maskedRows: number;
  /** Distinct bars present / bars expected: in the checked range when one is given, else between the first and last open time. */
  coverage: number;
  /** Bars the coverage expects (see coverage). */
  expectedBars: number;
  /** Stretches of bars without a gap inside (gaps + 1 when there are bars). */
  segments: number;
  /** Length of the longest gap in hours (missing bars × bar length); 0 without gaps. */
  longestGapHours: number;
}

export interface QualityReport {
  passed: boolean;
  findings: QualityFinding[];
  /** Findings beyond policy.maxFindings that were counted but not listed. */
  findingsOmitted: number;
  /** 1 = row usable, 0 = masked. Rows right after a gap stay 1: features are gap-aware. */
  mask: Uint8Array;
  metrics: QualityMetrics;
  /** One line per fatal finding, naming its time; empty when passed. */
  fatalReasons: string[];
}
