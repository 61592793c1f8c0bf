import type { SeriesChunk } from '@ares/market-data';
import { MarketStoreError } from './market-store-error';
import { SeriesManifest, totalRows } from './series-manifest';

/**
 * The column list a month is written with. A series keeps one column set for life: once it holds rows,
 * fetched rows must bring exactly those columns (in any order). Empty fetches (outages) may bring none.
 */
export function resolveColumns(manifest: SeriesManifest, pieces: readonly SeriesChunk[], seriesId: string): string[] {
  const withRows = pieces.filter((p) => p.timestamps.length > 0);
  const established = totalRows(manifest) > 0 || manifest.columns.length > 0;
  const expected = established ? manifest.columns : Object.keys(withRows[0]?.columns ?? {});
  for (const piece of withRows) {
    const names = Object.keys(piece.columns);
    if (names.length !== expected.length || !expected.every((c) => names.includes(c))) {
      throw new MarketStoreError(
        'column-mismatch',
        `Series ${seriesId}: fetched columns [${names.join(', ')}] differ from the stored columns [${expected.join(', ')}]`,
      );
    }
  }
  return [...expected];
}

/** A decoded partition reduced to `columns`; a missing column means the object does not belong to this series. */
export function projectColumns(chunk: SeriesChunk, columns: readonly string[], context: string): SeriesChunk {
  const out: Record<string, Float64Array> = {};
  for (const name of columns) {
    const values = chunk.columns[name];
    if (!values) throw new MarketStoreError('partition-corrupt', `${context}: column "${name}" is missing`);
    out[name] = values;
  }
  return { timestamps: chunk.timestamps, columns: out };
}
