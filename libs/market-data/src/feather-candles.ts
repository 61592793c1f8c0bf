import { CompressionType, compressionRegistry, tableFromIPC } from 'apache-arrow';
import * as lz4js from 'lz4js';
import { Candles, CANDLE_VALUE_COLUMNS } from './candles';
import { readFloat64Column, readTimestampMsColumn } from './arrow-columns';
import { MarketDataError } from './market-data-error';

let lz4Registered = false;

/** freqtrade writes Feather with LZ4-frame buffers; apache-arrow decodes them once a codec is registered. */
function ensureLz4(): void {
  if (lz4Registered) return;
  // Leave a codec someone else registered (e.g. one that can also encode) in place.
  if (!compressionRegistry.get(CompressionType.LZ4_FRAME)?.decode) {
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (b: Uint8Array) => lz4js.decompress(b) });
  }
  lz4Registered = true;
}

/**
 * Parses a freqtrade Feather file (Arrow IPC): `date` (Timestamp, UTC) and Float64 `open, high, low, close, volume`.
 * `source` names the file in error messages.
 */
export function parseFeatherCandles(bytes: Uint8Array, source: string): Candles {
  const [timestamps, open, high, low, close, volume] = parseFeatherColumns(bytes, source, CANDLE_VALUE_COLUMNS);
  return { timestamps, open, high, low, close, volume, length: timestamps.length };
}

/**
 * Reads `date` (any Timestamp unit, as ms UTC) and the named numeric columns of a freqtrade Feather file, `date`
 * first, then the named columns in the order asked; other columns are ignored. `source` names the file in errors.
 */
export function parseFeatherColumns(bytes: Uint8Array, source: string, valueColumns: readonly string[]): Float64Array[] {
  ensureLz4();
  let table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    throw new MarketDataError('parse-error', `${source}: not a readable Arrow IPC / Feather file (${(err as Error).message})`);
  }
  // apache-arrow returns an empty table for bytes that are not Arrow at all.
  if (table.schema.fields.length === 0) throw new MarketDataError('parse-error', `${source}: not a readable Arrow IPC buffer (no schema found)`);
  const timestamps = readTimestampMsColumn(table, 'date', source);
  return [timestamps, ...valueColumns.map((c) => readFloat64Column(table, c, source, false))];
}
