import { columnNames, readFloat64Column, readTimestampMsColumn } from '@ares/market-data';
import { FORMAT_KEY, FORMAT_VERSION_KEY, readArrowArtifact } from '@ares/market-data';
import { ArrowColumn, float64Column, timestampMsColumn, writeArrowFile } from '@ares/market-data';
import type { SeriesChunk } from '@ares/market-data';

/** One month of one series as an Arrow IPC file: a `timestamp` column (ms UTC) and one Float64 column per series column. */
export const PARTITION_FORMAT = 'market-series-partition';
export const PARTITION_FORMAT_VERSION = '1';
export const TIME_COLUMN = 'timestamp';

export interface PartitionLabel {
  seriesId: string;
  month: string;
}

export function encodePartition(rows: SeriesChunk, columns: readonly string[], label: PartitionLabel): Uint8Array {
  const arrow: ArrowColumn[] = [timestampMsColumn(TIME_COLUMN, rows.timestamps)];
  for (const name of columns) {
    if (name === TIME_COLUMN) throw new Error(`Series column name "${TIME_COLUMN}" is reserved`);
    arrow.push(float64Column(name, rows.columns[name]));
  }
  return writeArrowFile(arrow, {
    [FORMAT_KEY]: PARTITION_FORMAT,
    [FORMAT_VERSION_KEY]: PARTITION_FORMAT_VERSION,
    'ares.series': label.seriesId,
    'ares.month': label.month,
  });
}

export function decodePartition(bytes: Uint8Array, context: string): SeriesChunk {
  const table = readArrowArtifact(bytes, PARTITION_FORMAT, PARTITION_FORMAT_VERSION, context);
  const columns: Record<string, Float64Array> = {};
  for (const name of columnNames(table)) if (name !== TIME_COLUMN) columns[name] = readFloat64Column(table, name, context, true);
  return { timestamps: readTimestampMsColumn(table, TIME_COLUMN, context), columns };
}
