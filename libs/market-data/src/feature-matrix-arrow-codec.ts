import { columnNames, readFloat64Column, readTimestampMsColumn } from './arrow-columns';
import { FORMAT_KEY, FORMAT_VERSION_KEY, readArrowArtifact } from './arrow-format';
import { ArrowColumn, float64Column, timestampMsColumn, writeArrowFile } from './arrow-writer';
import { MarketDataError } from './market-data-error';

/** A row-aligned matrix of named Float64 columns keyed by bar open time: the feature / label artifact format. */
export interface FeatureMatrix {
  /** Bar open time, ms UTC. */
  timestamps: Float64Array;
  /** Column name → values; insertion order is the column order on the wire. */
  columns: Record<string, Float64Array>;
}

export const FEATURE_MATRIX_FORMAT = 'feature-matrix';
export const FEATURE_MATRIX_FORMAT_VERSION = '1';
const TIME_COLUMN = 'date';

export function encodeFeatureMatrix(matrix: FeatureMatrix): Uint8Array {
  const n = matrix.timestamps.length;
  const columns: ArrowColumn[] = [timestampMsColumn(TIME_COLUMN, matrix.timestamps)];
  for (const [name, values] of Object.entries(matrix.columns)) {
    if (name === TIME_COLUMN || name === '') throw new Error(`Feature column name "${name}" is reserved or empty`);
    if (!(values instanceof Float64Array) || values.length !== n) {
      throw new Error(`Feature column "${name}" must be a Float64Array of ${n} elements`);
    }
    columns.push(float64Column(name, values));
  }
  return writeArrowFile(columns, { [FORMAT_KEY]: FEATURE_MATRIX_FORMAT, [FORMAT_VERSION_KEY]: FEATURE_MATRIX_FORMAT_VERSION });
}

export interface DecodeFeatureMatrixOptions {
  /** Columns that must be present (an error names the missing ones). */
  expectColumns?: readonly string[];
}

/** Decodes and validates: `date` must be a Timestamp and every other column Float64; errors name the column. */
export function decodeFeatureMatrix(bytes: Uint8Array, options: DecodeFeatureMatrixOptions = {}): FeatureMatrix {
  const context = 'feature-matrix artifact';
  const table = readArrowArtifact(bytes, FEATURE_MATRIX_FORMAT, FEATURE_MATRIX_FORMAT_VERSION, context);
  const names = columnNames(table);
  const missing = (options.expectColumns ?? []).filter((c) => !names.includes(c));
  if (missing.length) {
    throw new MarketDataError(
      'schema-error',
      `${context}: missing column(s) ${missing.map((m) => `"${m}"`).join(', ')} (columns: ${names.join(', ')})`,
    );
  }
  if (new Set(names).size !== names.length) throw new MarketDataError('schema-error', `${context}: duplicate column names (${names.join(', ')})`);
  const timestamps = readTimestampMsColumn(table, TIME_COLUMN, context);
  const columns: Record<string, Float64Array> = {};
  for (const name of names) if (name !== TIME_COLUMN) columns[name] = readFloat64Column(table, name, context, true);
  return { timestamps, columns };
}
