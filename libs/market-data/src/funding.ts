import { parseCsvColumns } from './csv-candles';
import { parseFeatherColumns } from './feather-candles';
import { lowerBound } from './lower-bound';
import { FundingEvents } from './market-data-source';

/** The dataset's extra column with each bar's funding settlement (see fundingSettlement). */
export const FUNDING_SETTLEMENT_COLUMN = 'fundingSettlement';
/** The dataset's extra column with the funding rate known at each bar's close (as-of alignment). */
export const FUNDING_RATE_COLUMN = 'fundingRate';

/**
 * freqtrade's funding-rate frame (`<BASE>_<QUOTE>_<SETTLE>-<tf>-funding_rate.feather`): OHLCV-shaped, one row per
 * funding time, the rate in `open` (the other columns are 0 and ignored here). Feather: `date` Timestamp.
 */
export function parseFeatherFunding(bytes: Uint8Array, source: string): FundingEvents {
  const [timestamps, rates] = parseFeatherColumns(bytes, source, ['open']);
  return { timestamps, rates };
}

/** The CSV twin of parseFeatherFunding: `open_time` (ms UTC) and `open` (the rate); other columns are ignored. */
export function parseCsvFunding(text: string, source: string): FundingEvents {
  const [timestamps, rates] = parseCsvColumns(text, source, ['open']);
  return { timestamps, rates };
}

/** Events with fromMs ≤ time < toMsExclusive, in their original order (a linear filter, like sliceByTime). */
export function sliceFundingByTime(events: FundingEvents, fromMs: number, toMsExclusive: number): FundingEvents {
  const times: number[] = [];
  const rates: number[] = [];
  for (let i = 0; i < events.timestamps.length; i++) {
    const t = events.timestamps[i];
    if (t >= fromMs && t < toMsExclusive) {
      times.push(t);
      rates.push(events.rates[i]);
    }
  }
  return { timestamps: Float64Array.from(times), rates: Float64Array.from(rates) };
}

/** Throws a RangeError naming the first row whose time is not after the previous one (or is not finite). */
export function assertFundingTimesIncreasing(times: Float64Array, context = 'funding events'): void {
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i])) throw new RangeError(`${context}: row ${i} has no valid time (${times[i]})`);
    if (i > 0 && !(times[i] > times[i - 1])) {
      const what = times[i] === times[i - 1] ? 'repeats' : 'comes before';
      throw new RangeError(
        `${context} must be strictly increasing in time: row ${i} (${new Date(times[i]).toISOString()}) ${what} row ${i - 1} (${new Date(times[i - 1]).toISOString()})`,
      );
    }
  }
}

/**
 * The funding interval the data shows: the median spacing of consecutive (sorted) event times (the upper median for
 * an even count, so it is a spacing that occurs); NaN with fewer than two events. The median, not the minimum:
 * Binance moves a contract to 4h or 1h funding for a while.
 */
export function fundingInterval(times: Float64Array): number {
  if (times.length < 2) return NaN;
  const spacing = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) spacing[i - 1] = times[i] - times[i - 1];
  spacing.sort();
  return spacing[spacing.length >> 1];
}

/**
 * Per bar, the sum of the funding rates settled during it: bar k (opening at barTimes[k], closing at
 * barTimes[k] + barMs) gets every event with open_k ≤ T < close_k, and 0 when none falls in it.
 *
 * The convention matches alignAsOf (libs/ml), which treats an event stamped exactly at a bar's close as the next
 * bar's: a fill at bar k's close happens just before an event stamped at that instant. So a position entered at
 * close_e and exited at close_x pays (long) or receives (short) exactly the events of bars e+1..x, i.e. those with
 * close_e ≤ T < close_x. To keep that true across a hole in the candles, a bar right after missing bars also takes
 * the events of the missing stretch: its window starts at the previous row's close, [close_{k-1}, close_k). On
 * contiguous bars this is the same as [open_k, close_k). (Rows that are not after the previous one, which
 * validate-data reports, keep their own window.)
 *
 * NaN, not 0, marks a bar whose window the funding series does not cover, so a backtest can refuse to pretend
 * funding was zero there: the series is known to have no further events within one funding interval (the median
 * spacing, see fundingInterval) before its first event and after its last, so a bar is covered when its window
 * lies in (first − interval, last + interval). Every bar is NaN with fewer than two events (no interval to infer).
 * Holes inside the series are not detected: the events are taken as complete between the first and the last.
 * A NaN rate makes its bar's sum NaN. Events must be strictly increasing in time.
 */
export function fundingSettlement(events: FundingEvents, barTimes: Float64Array, barMs: number): Float64Array {
  const { timestamps: times, rates } = events;
  if (times.length !== rates.length) throw new RangeError(`funding events have ${times.length} times but ${rates.length} rates`);
  if (!(barMs > 0) || !Number.isFinite(barMs)) throw new RangeError(`barMs must be a positive number, got ${barMs}`);
  assertFundingTimesIncreasing(times);
  const interval = fundingInterval(times);
  const m = times.length;
  // Times t with coveredAfter < t < coveredBefore are known: no event there is missing from the series.
  const coveredAfter = m >= 2 ? times[0] - interval : Infinity;
  const coveredBefore = m >= 2 ? times[m - 1] + interval : -Infinity;
  const out = new Float64Array(barTimes.length);
  for (let k = 0; k < barTimes.length; k++) {
    const close = barTimes[k] + barMs;
    const start = k > 0 && barTimes[k - 1] < barTimes[k] ? barTimes[k - 1] + barMs : barTimes[k];
    if (!(start > coveredAfter && close <= coveredBefore)) {
      out[k] = NaN;
      continue;
    }
    let sum = 0;
    for (let i = lowerBound(times, start); i < m && times[i] < close; i++) sum += rates[i];
    out[k] = sum;
  }
  return out;
}

/** How many events fall in [fromMs, toMs). */
export function countFundingEvents(times: Float64Array, fromMs: number, toMs: number): number {
  let count = 0;
  for (let i = 0; i < times.length; i++) if (times[i] >= fromMs && times[i] < toMs) count++;
  return count;
}
