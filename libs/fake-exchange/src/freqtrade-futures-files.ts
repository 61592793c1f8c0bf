import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Candles, float64Column, perpetualFileStem, timestampMsColumn, writeArrowFile } from '@ares/market-data';

export interface FreqtradeFuturesFilesOptions {
  /** The perpetual's candles (written as they are: no sorting). */
  candles: Candles;
  /** 'BTC/USDT' or 'BTC/USDT:USDT'; both give freqtrade's stem BTC_USDT_USDT. */
  symbol: string;
  /** The candles' timeframe, e.g. '1h'. */
  timeframe: string;
  /** Funding times, ms UTC, one row each. */
  fundingTimes: ArrayLike<number>;
  /** The rate settled at each funding time. */
  fundingRates: ArrayLike<number>;
  format: 'feather' | 'csv';
  /**
   * The timeframe in the funding file's name. Default '1h': freqtrade's `funding_fee_timeframe` (it was '8h' in older
   * versions). The file holds one row per funding time whatever it says.
   */
  fundingTimeframe?: string;
}

export interface FreqtradeFuturesFilePaths {
  candles: string;
  funding: string;
}

/**
 * Writes a perpetual's data in freqtrade's futures layout into `directory` (created if needed; pass
 * `<datadir>/futures` for freqtrade's own place): `<stem>-<tf>-futures.<format>` with the candles and
 * `<stem>-<fundingTimeframe>-funding_rate.<format>`, freqtrade's OHLCV-shaped funding frame: the rate in `open`,
 * `high, low, close, volume` 0. Feather: `date` Timestamp(ms, UTC) + Float64 columns (an uncompressed Arrow IPC file,
 * which freqtrade and pyarrow read); CSV: `open_time` in ms, like the project's spot CSVs.
 */
export async function writeFreqtradeFuturesFiles(directory: string, options: FreqtradeFuturesFilesOptions): Promise<FreqtradeFuturesFilePaths> {
  const { candles, symbol, timeframe, format, fundingTimeframe = '1h' } = options;
  if (options.fundingTimes.length !== options.fundingRates.length) {
    throw new RangeError(`fundingTimes has ${options.fundingTimes.length} rows, fundingRates ${options.fundingRates.length}`);
  }
  const stem = perpetualFileStem(symbol);
  const rows = options.fundingTimes.length;
  const funding: Candles = {
    timestamps: Float64Array.from(options.fundingTimes),
    open: Float64Array.from(options.fundingRates),
    high: new Float64Array(rows),
    low: new Float64Array(rows),
    close: new Float64Array(rows),
    volume: new Float64Array(rows),
    length: rows,
  };
  await mkdir(directory, { recursive: true });
  const paths = {
    candles: join(directory, `${stem}-${timeframe}-futures.${format}`),
    funding: join(directory, `${stem}-${fundingTimeframe}-funding_rate.${format}`),
  };
  await writeFile(paths.candles, format === 'feather' ? ohlcvFeather(candles) : ohlcvCsv(candles));
  await writeFile(paths.funding, format === 'feather' ? ohlcvFeather(funding) : ohlcvCsv(funding));
  return paths;
}

function ohlcvFeather(frame: Candles): Uint8Array {
  return writeArrowFile(
    [
      timestampMsColumn('date', frame.timestamps),
      ...(['open', 'high', 'low', 'close', 'volume'] as const).map((name) => float64Column(name, frame[name])),
    ],
    {},
  );
}

/** `String(number)` round-trips every double exactly; NaN and ±Infinity are spelled so parseCsvCandles reads them back. */
function ohlcvCsv(frame: Candles): string {
  const lines = ['open_time,open,high,low,close,volume'];
  for (let i = 0; i < frame.length; i++) {
    lines.push([frame.timestamps[i], frame.open[i], frame.high[i], frame.low[i], frame.close[i], frame.volume[i]].map(String).join(','));
  }
  return `${lines.join('\n')}\n`;
}
