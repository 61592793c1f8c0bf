import { SeriesKey, seriesKeyId } from '@ares/market-data';
import { MarketStoreError } from './market-store-error';
import { MonthKey } from './month-partition';
import { mergeRanges, TimeRange } from './time-ranges';

/**
 * What the store holds for one series: per month, the time ranges that were synced (covered) and the one
 * complete partition object holding that month's rows. Covered-but-absent rows (exchange outages) are
 * simply rows that are not in the object: they are never refetched.
 */
export interface PartitionEntry {
  /** Synced ranges inside the month, merged and sorted. */
  covered: TimeRange[];
  rows: number;
  /** sha256 (hex) of the object's bytes; reads verify it. */
  sha256: string;
  size: number;
  objectName: string;
}

export interface SeriesManifest {
  key: SeriesKey;
  /** Column order of every partition (timestamps excluded); empty until the first row arrives. */
  columns: string[];
  partitions: Record<MonthKey, PartitionEntry>;
  updatedAt: string;
}

/** Object names carry the content hash, so a rewrite never overwrites the object the manifest points to. */
export function partitionObjectName(key: SeriesKey, month: MonthKey, sha256: string): string {
  return `${seriesKeyId(key)}/${month}/${sha256}`;
}

/**
 * KV keys allow only [-/_=.A-Za-z0-9] with non-empty dot-separated tokens; anything else in a series id
 * (an odd symbol) is escaped as `=XX` per UTF-8 byte, so distinct ids stay distinct.
 */
export function manifestKey(key: SeriesKey): string {
  const id = seriesKeyId(key);
  if (id.split('.').some((token) => token === '')) throw new MarketStoreError('invalid-request', `Series key has an empty field: ${id}`);
  let out = '';
  for (const char of id) {
    if (/[-_.A-Za-z0-9]/.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function emptyManifest(key: SeriesKey): SeriesManifest {
  return { key: { ...key }, columns: [], partitions: {}, updatedAt: new Date(0).toISOString() };
}

/** Covered ranges of the whole series, merged across month boundaries. */
export function coveredRanges(manifest: SeriesManifest): TimeRange[] {
  return mergeRanges(Object.values(manifest.partitions).flatMap((p) => p.covered));
}

export function totalRows(manifest: SeriesManifest): number {
  return Object.values(manifest.partitions).reduce((n, p) => n + p.rows, 0);
}

const isRange = (r: unknown): r is TimeRange => Array.isArray(r) && r.length === 2 && r.every((v) => Number.isFinite(v)) && r[0] < r[1];

/** Validates the JSON shape, so a hand-edited or foreign KV value fails loudly instead of being misread. */
export function parseManifest(json: unknown, kvKey: string): SeriesManifest {
  const fail = (why: string) => new MarketStoreError('manifest-invalid', `Manifest "${kvKey}" is invalid: ${why}`);
  if (typeof json !== 'object' || json === null) throw fail('not an object');
  const m = json as Partial<SeriesManifest>;
  if (typeof m.key !== 'object' || m.key === null || typeof m.key.kind !== 'string') throw fail('no series key');
  if (!Array.isArray(m.columns) || !m.columns.every((c) => typeof c === 'string')) throw fail('columns is not a list of names');
  if (typeof m.partitions !== 'object' || m.partitions === null) throw fail('no partitions');
  for (const [month, p] of Object.entries(m.partitions)) {
    if (!/^\d{4}-\d{2}$/.test(month)) throw fail(`partition "${month}" is not a YYYY-MM month`);
    if (!Array.isArray(p.covered) || !p.covered.every(isRange)) throw fail(`partition ${month} has invalid covered ranges`);
    if (typeof p.objectName !== 'string' || typeof p.sha256 !== 'string' || !Number.isInteger(p.rows) || !Number.isInteger(p.size)) {
      throw fail(`partition ${month} lacks objectName, sha256, rows or size`);
    }
  }
  return m as SeriesManifest;
}
