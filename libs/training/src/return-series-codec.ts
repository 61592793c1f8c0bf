/** A strategy's out-of-sample series as one artifact: per-bar strategy and buy-and-hold returns, and per-trade returns. */
export interface ReturnSeries {
  strategy: Float64Array;
  hold: Float64Array;
  trades: Float64Array;
}

/** Float64 little-endian: the three lengths, then the three series. */
export function encodeReturnSeries(series: ReturnSeries): Uint8Array {
  const { strategy, hold, trades } = series;
  const out = new Float64Array(3 + strategy.length + hold.length + trades.length);
  out.set([strategy.length, hold.length, trades.length], 0);
  out.set(strategy, 3);
  out.set(hold, 3 + strategy.length);
  out.set(trades, 3 + strategy.length + hold.length);
  return new Uint8Array(out.buffer);
}

export function decodeReturnSeries(bytes: Uint8Array): ReturnSeries {
  if (bytes.byteLength < 24 || bytes.byteLength % 8 !== 0) throw new Error(`a return series holds whole float64s, not ${bytes.byteLength} bytes`);
  const values = new Float64Array(bytes.slice().buffer);
  const [s, h, t] = values;
  if (![s, h, t].every((n) => Number.isInteger(n) && n >= 0) || 3 + s + h + t !== values.length) {
    throw new Error(`a return series' lengths (${s}, ${h}, ${t}) do not match its ${values.length - 3} values`);
  }
  return { strategy: values.slice(3, 3 + s), hold: values.slice(3 + s, 3 + s + h), trades: values.slice(3 + s + h) };
}
