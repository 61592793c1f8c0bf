import { readFloat64Column, readTimestampMsColumn, readUint8Column, columnNames } from './arrow-columns';
import { FORMAT_KEY, FORMAT_VERSION_KEY, readArrowArtifact } from './arrow-format';
import { ArrowColumn, float64Column, timestampMsColumn, uint8Column, writeArrowFile } from './arrow-writer';
import { assertCandlesShape, Candles, CANDLE_VALUE_COLUMNS } from './candles';
import { MarketDataError } from './market-data-error';

/**
 * The on-wire dataset artifact: candles, optional extra Float64 columns (e.g. features) and an optional row mask,
 * as an uncompressed Arrow IPC file. Columns: `date` Timestamp(ms, UTC), `open…volume` Float64, `mask` Uint8
 * (1 = usable row), then the extra columns in insertion order.
 */
export const CANDLES_FORMAT = 'candles';
export const CANDLES_FORMAT_VERSION = '1';
export const CANDLES_MEDIA_TYPE = 'application/vnd.apache.arrow.file';

const TIME_COLUMN = 'date';
const MASK_COLUMN = 'mask';
const RESERVED = new Set<string>([TIME_COLUMN, MASK_COLUMN, ...CANDLE_VALUE_COLUMNS]);

export interface CandleDataset {
  candles: Candles;
  /** Extra Float64 columns, same length as the candles. */
  extra: Record<string, Float64Array>;
  /** 1 = row usable, 0 = masked; absent when the artifact has no mask. */
  mask?: Uint8Array;
}

export interface EncodeCandlesOptions {
  extra?: Record<string, Float64Array>;
  mask?: Uint8Array;
}

export function encodeCandles(candles: Candles, options: EncodeCandlesOptions = {}): Uint8Array {
  assertCandlesShape(candles);
  const columns: ArrowColumn[] = [timestampMsColumn(TIME_COLUMN, candles.timestamps)];
  for (const name of CANDLE_VALUE_COLUMNS) columns.push(float64Column(name, candles[name]));
  if (options.mask) {
    if (!(options.mask instanceof Uint8Array) || options.mask.length !== candles.length) {
      throw new Error(`mask must be a Uint8Array of ${candles.length} elements`);
    }
    columns.push(uint8Column(MASK_COLUMN, options.mask));
  }
  for (const [name, values] of Object.entries(options.extra ?? {})) {
    if (RESERVED.has(name) || name === '') throw new Error(`Extra column name "${name}" is reserved or empty`);
    if (!(values instanceof Float64Array) || values.length !== candles.length) {
      throw new Error(`Extra column "${name}" must be a Float64Array of ${candles.length} elements`);
    }
    columns.push(float64Column(name, values));
  }
  return writeArrowFile(columns, { [FORMAT_KEY]: CANDLES_FORMAT, [FORMAT_VERSION_KEY]: CANDLES_FORMAT_VERSION });
}

/** Decodes and validates: a missing or mistyped column is an error naming it. Arrays are fresh copies. */
export function decodeCandles(bytes: Uint8Array): CandleDataset {
  const context = 'candles artifact';
  const table = readArrowArtifact(bytes, CANDLES_FORMAT, CANDLES_FORMAT_VERSION, context);
  const [open, high, low, close, volume] = CANDLE_VALUE_COLUMNS.map((c) => readFloat64Column(table, c, context, true));
  const candles: Candles = {
    timestamps: readTimestampMsColumn(table, TIME_COLUMN, context),
    open,
    high,
    low,
    close,
    volume,
    length: table.numRows,
  };
  const names = columnNames(table);
  if (new Set(names).size !== names.length) throw new MarketDataError('schema-error', `${context}: duplicate column names (${names.join(', ')})`);
  const extra: Record<string, Float64Array> = {};
  for (const name of names) if (!RESERVED.has(name)) extra[name] = readFloat64Column(table, name, context, true);
  const mask = names.includes(MASK_COLUMN) ? readUint8Column(table, MASK_COLUMN, context) : undefined;
  return mask ? { candles, extra, mask } : { candles, extra };
}
