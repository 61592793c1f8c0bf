import { lowerBound } from '@ares/market-data';

/**
 * Causal as-of alignment of an event series (funding rates, any sparse update) onto bars: row i gets the value
 * of the last event known at the close of bar i, i.e. with eventTime < barTimes[i] + barMs. An event stamped
 * exactly at the close instant is the next bar's: bar i's close price traded before it (Binance's kline close
 * time is open + barMs − 1 ms), so letting it into bar i would leak. NaN before the first event.
 *
 * Events must be sorted by time (ties: the later row wins). Bar times need not be sorted: a bar earlier than the
 * previous one is found by binary search; in the usual sorted case one merge pass makes it O(n + m).
 * `maxAgeMs` (default: no limit) turns a value older than that at the bar's close into NaN, so a feed outage
 * does not pass a days-old rate off as current.
 */
export function alignAsOf(
  eventTimes: Float64Array,
  eventValues: Float64Array,
  barTimes: Float64Array,
  barMs: number,
  maxAgeMs = Infinity,
): Float64Array {
  if (eventTimes.length !== eventValues.length) throw new RangeError(`eventTimes has ${eventTimes.length} rows, eventValues ${eventValues.length}`);
  if (!(barMs > 0) || !Number.isFinite(barMs)) throw new RangeError(`barMs must be a positive number, got ${barMs}`);
  if (!(maxAgeMs >= 0)) throw new RangeError(`maxAgeMs must be >= 0, got ${maxAgeMs}`);
  const m = eventTimes.length;
  for (let k = 1; k < m; k++) {
    if (!(eventTimes[k] >= eventTimes[k - 1]))
      throw new RangeError(`eventTimes must be sorted ascending (row ${k}: ${eventTimes[k]} after ${eventTimes[k - 1]})`);
  }
  const n = barTimes.length;
  const out = new Float64Array(n);
  let next = 0; // first event not known at the previous bar's close
  let previousClose = -Infinity;
  for (let i = 0; i < n; i++) {
    const close = barTimes[i] + barMs;
    if (!(close >= previousClose)) next = lowerBound(eventTimes, close); // went back in time (or NaN): search
    while (next < m && eventTimes[next] < close) next++;
    previousClose = close;
    const last = next - 1;
    out[i] = last >= 0 && close - eventTimes[last] <= maxAgeMs ? eventValues[last] : NaN;
  }
  return out;
}
