import { allocateCandles, Candles, copyBar } from './candles';

export interface ForwardFilled {
  candles: Candles;
  /** 1 on rows that were inserted for missing bars. */
  filled: Uint8Array;
  insertedBars: number;
}

/**
 * Inserts the bars missing between consecutive timestamps as flat bars at the previous close with zero
 * volume, flagged in `filled` so later stages know what is synthetic. Only whole missing bars of a strictly
 * increasing series are filled: duplicates, steps backwards or off the timeframe grid are left for the
 * quality gate to report.
 */
export function forwardFillGaps(candles: Candles, timeframeMs: number): ForwardFilled {
  const ts = candles.timestamps;
  const missingAfter = new Int32Array(candles.length);
  let inserted = 0;
  for (let i = 1; i < candles.length; i++) {
    const step = ts[i] - ts[i - 1];
    if (step > timeframeMs && step % timeframeMs === 0) {
      missingAfter[i - 1] = step / timeframeMs - 1;
      inserted += missingAfter[i - 1];
    }
  }
  const out = allocateCandles(candles.length + inserted);
  const filled = new Uint8Array(out.length);
  let j = 0;
  for (let i = 0; i < candles.length; i++) {
    copyBar(candles, i, out, j++);
    for (let k = 1; k <= missingAfter[i]; k++) {
      const price = candles.close[i];
      out.timestamps[j] = ts[i] + k * timeframeMs;
      out.open[j] = price;
      out.high[j] = price;
      out.low[j] = price;
      out.close[j] = price;
      out.volume[j] = 0;
      filled[j] = 1;
      j++;
    }
  }
  return { candles: out, filled, insertedBars: inserted };
}
