import { Candles, isoTime } from '@ares/market-data';
import { QualityPolicy, resolveQualityPolicy } from './quality-policy';
import { FindingAction, FindingKind, QualityFinding, QualityMetrics, QualityReport } from './quality-report';

/** The bars a run asked for: open times in [fromMs, toMs). Coverage is measured against it. */
export interface CheckedRange {
  fromMs: number;
  toMs: number;
}

const HOUR_MS = 3_600_000;

/**
 * The data-quality gate: checks candles as the source delivered them (unsorted, duplicated, gappy data
 * included) against the timeframe and a policy, and returns findings, metrics and a row mask.
 *
 * Order checks compare each row with the latest open time seen so far, so one out-of-place row is
 * reported once rather than also showing up as a gap and a duplicate around it.
 *
 * `range`, when given, is what the run asked for: coverage is then the share of its bars present, so data that
 * start late or stop early count as missing too (gap mode 'segment' fails on coverage below minCoverage).
 */
export function checkCandles(candles: Candles, timeframeMs: number, policy: Partial<QualityPolicy> = {}, range?: CheckedRange): QualityReport {
  if (!(timeframeMs > 0) || !Number.isFinite(timeframeMs)) throw new RangeError(`timeframeMs must be a positive number, got ${timeframeMs}`);
  const p = resolveQualityPolicy(policy);
  const n = candles.length;
  const { timestamps, open, high, low, close, volume } = candles;
  const mask = new Uint8Array(n).fill(1);
  const findings: QualityFinding[] = [];
  const fatalReasons: string[] = [];
  let findingsOmitted = 0;
  let fatalCount = 0;
  const m: QualityMetrics = {
    rows: n,
    gaps: 0,
    missingBars: 0,
    longGaps: 0,
    duplicates: 0,
    nonFinite: 0,
    ohlcInconsistent: 0,
    negativeVolume: 0,
    nonMonotonic: 0,
    misaligned: 0,
    maskedRows: 0,
    coverage: 0,
    expectedBars: 0,
    segments: 0,
    longestGapHours: 0,
  };
  let longest: { start: number; end: number; bars: number } | undefined;
  let tooLongGaps = 0;

  /** `gap`: the missing bars and the open time of the first bar after them. */
  const report = (
    kind: FindingKind,
    row: number,
    timestamp: number,
    action: FindingAction,
    detail: string,
    gap?: { bars: number; endMs: number },
  ) => {
    const iso = isoTime(timestamp);
    if (findings.length >= p.maxFindings) findingsOmitted++;
    else
      findings.push(
        gap === undefined
          ? { kind, timestamp, isoTime: iso, row, detail, action }
          : { kind, timestamp, isoTime: iso, row, detail, bars: gap.bars, endTimestamp: gap.endMs, endIsoTime: isoTime(gap.endMs), action },
      );
    if (action === 'fatal') {
      fatalCount++;
      if (fatalReasons.length < p.maxFindings) fatalReasons.push(`${kind} at ${iso} (row ${row}): ${detail}`);
    }
  };
  const invalidRowAction: FindingAction = p.onInvalidRow === 'fail' ? 'fatal' : 'masked';
  const rowText = (i: number) => `open=${open[i]} high=${high[i]} low=${low[i]} close=${close[i]} volume=${volume[i]}`;

  let latest = -1; // row holding the latest finite open time so far
  let firstMs = Infinity;
  let lastMs = -Infinity;
  let present = 0;

  for (let i = 0; i < n; i++) {
    const ts = timestamps[i];

    // Row content: every check runs, so one row can have several findings.
    const allFinite =
      Number.isFinite(ts) &&
      Number.isFinite(open[i]) &&
      Number.isFinite(high[i]) &&
      Number.isFinite(low[i]) &&
      Number.isFinite(close[i]) &&
      Number.isFinite(volume[i]);
    if (!allFinite) {
      m.nonFinite++;
      mask[i] = 0;
      report('non-finite', i, ts, invalidRowAction, `non-finite ${nonFiniteColumns(candles, i)}`);
    } else {
      const lo = Math.min(open[i], close[i]);
      const hi = Math.max(open[i], close[i]);
      if (!(low[i] <= lo && hi <= high[i] && low[i] <= high[i])) {
        m.ohlcInconsistent++;
        mask[i] = 0;
        report(
          'ohlc-inconsistent',
          i,
          ts,
          invalidRowAction,
          `OHLC inconsistent (${rowText(i)}): need low <= min(open, close), max(open, close) <= high`,
        );
      }
      if (volume[i] < 0) {
        m.negativeVolume++;
        mask[i] = 0;
        report('negative-volume', i, ts, invalidRowAction, `negative volume ${volume[i]}`);
      }
    }

    // Order against the latest open time seen.
    if (!Number.isFinite(ts)) continue;
    firstMs = Math.min(firstMs, ts);
    lastMs = Math.max(lastMs, ts);
    if (latest < 0) {
      latest = i;
      present++;
      continue;
    }
    const prevTs = timestamps[latest];
    const step = ts - prevTs;
    if (step < 0) {
      m.nonMonotonic++;
      mask[i] = 0;
      report(
        'non-monotonic',
        i,
        ts,
        'fatal',
        `timestamp goes backwards: row ${i} opens at ${isoTime(ts)}, before row ${latest} at ${isoTime(prevTs)}`,
      );
      continue;
    }
    if (step === 0) {
      m.duplicates++;
      const identical =
        open[i] === open[latest] && high[i] === high[latest] && low[i] === low[latest] && close[i] === close[latest] && volume[i] === volume[latest];
      // The later copy is always dropped; a conflicting earlier copy cannot be trusted either.
      mask[i] = 0;
      if (!identical) mask[latest] = 0;
      report(
        'duplicate',
        i,
        ts,
        invalidRowAction,
        identical
          ? `duplicate of row ${latest} with identical values; the later copy is masked`
          : `duplicate of row ${latest} with different values (${rowText(latest)} vs ${rowText(i)}); both are masked`,
      );
      continue;
    }
    latest = i;
    present++;
    if (step % timeframeMs !== 0) {
      m.misaligned++;
      report('misaligned', i, ts, 'fatal', `step of ${step} ms from ${isoTime(prevTs)} is not a whole number of ${timeframeMs} ms bars`);
      continue;
    }
    const missing = step / timeframeMs - 1;
    if (missing > 0) {
      m.gaps++;
      m.missingBars += missing;
      const isLong = missing > p.maxIsolatedGapBars;
      if (isLong) m.longGaps++;
      const start = prevTs + timeframeMs;
      if (!longest || missing > longest.bars) longest = { start, end: ts, bars: missing };
      const what = `${missing} missing bar${missing === 1 ? '' : 's'} between ${isoTime(prevTs)} and ${isoTime(ts)}`;
      if (p.gapMode === 'segment') {
        const hours = (missing * timeframeMs) / HOUR_MS;
        const tooLong = hours > p.maxGapHours;
        if (tooLong) tooLongGaps++;
        const why = tooLong ? `: longer than maxGapHours = ${p.maxGapHours}` : ': a segment boundary';
        report('gap', i, start, tooLong ? 'fatal' : 'segment', `${what} (${formatHours(hours)})${why}`, { bars: missing, endMs: ts });
      } else {
        const action: FindingAction = isLong && p.onLongGap === 'fail' ? 'fatal' : 'masked';
        const why = isLong ? ` (long gap: more than maxIsolatedGapBars = ${p.maxIsolatedGapBars})` : '';
        report('gap', i, start, action, what + why, { bars: missing, endMs: ts });
      }
    }
  }

  if (fatalCount > fatalReasons.length) fatalReasons.push(`${fatalCount - fatalReasons.length} more fatal findings not listed (see metrics)`);
  if (n === 0) fatalReasons.push('no candles to check');
  for (let i = 0; i < n; i++) m.maskedRows += mask[i] === 0 ? 1 : 0;
  m.expectedBars = range
    ? Math.max(0, Math.ceil((range.toMs - range.fromMs) / timeframeMs))
    : present === 0
      ? 0
      : Math.floor((lastMs - firstMs) / timeframeMs) + 1;
  m.coverage = present === 0 || m.expectedBars === 0 ? 0 : Math.min(1, present / m.expectedBars);
  m.segments = present === 0 ? 0 : m.gaps + 1;
  m.longestGapHours = longest ? (longest.bars * timeframeMs) / HOUR_MS : 0;
  if (p.gapMode === 'segment' && present > 0) {
    if (m.coverage < p.minCoverage) {
      const where = range ? `in [${isoTime(range.fromMs)}, ${isoTime(range.toMs)})` : `between the first and last bar`;
      fatalReasons.push(
        `coverage ${m.coverage.toFixed(4)} is below minCoverage ${p.minCoverage}: ${present} of the ${m.expectedBars} bars expected ${where} ` +
          `are present (first bar ${isoTime(firstMs)}, last bar ${isoTime(lastMs)}, ${m.missingBars} missing in ${m.gaps} gap${m.gaps === 1 ? '' : 's'})`,
      );
    }
    if (tooLongGaps > 1 && longest) {
      const hours = (longest.bars * timeframeMs) / HOUR_MS;
      fatalReasons.push(
        `${tooLongGaps} gaps are longer than maxGapHours = ${p.maxGapHours}; the longest, ${formatHours(hours)} (${longest.bars} bars), ` +
          `runs from ${isoTime(longest.start)} to ${isoTime(longest.end)}`,
      );
    }
  }
  return { passed: fatalReasons.length === 0, findings, findingsOmitted, mask, metrics: m, fatalReasons };
}

/** "5 h", "1.25 h", "33 h". */
function formatHours(hours: number): string {
  return `${Number(hours.toFixed(2))} h`;
}

/** "high=NaN, volume=Infinity": the non-finite columns of row i (built only for rows that have some). */
function nonFiniteColumns(candles: Candles, i: number): string {
  const columns = ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const;
  return columns
    .filter((c) => !Number.isFinite(candles[c][i]))
    .map((c) => `${c === 'timestamps' ? 'timestamp' : c}=${candles[c][i]}`)
    .join(', ');
}
