import { SeriesKey, seriesKeyId } from '@ares/market-data';
import { coveredRanges, SeriesManifest, totalRows } from './series-manifest';
import { gapsBetween, TimeRange } from './time-ranges';

/** One line of `ares data ls`: what is synced for a series, and the holes between synced ranges. */
export interface SeriesSummary {
  id: string;
  key: SeriesKey;
  columns: string[];
  /** Synced ranges, merged across months. */
  covered: TimeRange[];
  /** Unsynced holes between the covered ranges (not exchange outages inside them: those are covered-but-absent). */
  gaps: TimeRange[];
  rows: number;
  months: number;
  updatedAt: string;
}

export function summarizeManifest(manifest: SeriesManifest): SeriesSummary {
  const covered = coveredRanges(manifest);
  return {
    id: seriesKeyId(manifest.key),
    key: manifest.key,
    columns: [...manifest.columns],
    covered,
    gaps: gapsBetween(covered),
    rows: totalRows(manifest),
    months: Object.keys(manifest.partitions).length,
    updatedAt: manifest.updatedAt,
  };
}
