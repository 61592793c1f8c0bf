import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@ares/logging';
import { SeriesChunk, SeriesFetcher, SeriesKey, seriesKeyId } from '@ares/market-data';
import { isTimeframe, timeframeToMs } from '@ares/market-data';
import { ManifestBucket } from './manifest-bucket';
import { MarketStoreError } from './market-store-error';
import { groupByMonth, MonthKey, monthsOverlapping, splitByMonth } from './month-partition';
import { decodePartition, encodePartition } from './partition-codec';
import { PartitionObjects, sha256Hex } from './partition-objects';
import { projectColumns, resolveColumns } from './series-columns';
import { coveredRanges, PartitionEntry, partitionObjectName, SeriesManifest } from './series-manifest';
import { checkRows, concatRows, emptyRows, mergeRows, selectRows, sliceRows } from './series-rows';
import { SeriesSummary, summarizeManifest } from './series-summary';
import { mergeRanges, subtractRanges, TimeRange } from './time-ranges';

export interface MarketDataStoreOptions {
  dataBucket?: string;
  manifestBucket?: string;
  /** The clock; sync never marks time after it (or the bar still open at it) as covered. */
  now?: () => number;
  /** Compare-and-set attempts per month before giving up (default 20). */
  maxCasAttempts?: number;
  logger?: Logger;
}

export interface SyncOptions {
  signal?: AbortSignal;
  /** Called after each month is stored: `done` of `total` months. */
  onProgress?(done: number, total: number, message: string): void;
}

export interface SyncResult {
  /** The ranges handed to the fetcher, in order (at most one month each). */
  requestedRanges: TimeRange[];
  /** Rows fetched inside those ranges (rows the fetcher returned outside them are dropped). */
  fetchedRows: number;
}

/**
 * Local market data: per series, one Arrow partition object per calendar month in the Object Store, and a
 * manifest in KV saying which ranges of each month were synced and which object holds the month.
 *
 * Write order per month: new object (content-addressed name) → manifest compare-and-set → delete the
 * superseded object. A crash between steps leaves at worst an unreferenced object (see sweepOrphans),
 * never a manifest pointing at a partial object. Concurrent writers of one series re-read and re-merge on
 * a lost compare-and-set, so neither loses rows or coverage.
 */
export class MarketDataStore {
  private constructor(
    private readonly manifests: ManifestBucket,
    private readonly objects: PartitionObjects,
    private readonly options: MarketDataStoreOptions,
  ) {}

  static async open(nc: NatsConnection, options: MarketDataStoreOptions = {}): Promise<MarketDataStore> {
    const [manifests, objects] = await Promise.all([ManifestBucket.open(nc, options.manifestBucket), PartitionObjects.open(nc, options.dataBucket)]);
    return new MarketDataStore(manifests, objects, options);
  }

  /** Fetches the parts of [fromMs, toMs) not synced yet, month by month, and stores them. */
  async sync(fetcher: SeriesFetcher, key: SeriesKey, fromMs: number, toMs: number, opts: SyncOptions = {}): Promise<SyncResult> {
    checkRange(fromMs, toMs);
    const until = Math.min(toMs, this.completeBefore(key));
    const result: SyncResult = { requestedRanges: [], fetchedRows: 0 };
    if (until <= fromMs) return result;
    const { manifest } = await this.manifests.read(key);
    // Missing ranges come out merged (adjacent holes are one fetch); cut at months so a failure loses one month.
    const work = groupByMonth(splitByMonth(subtractRanges(fromMs, until, coveredRanges(manifest))));
    for (const [index, unit] of work.entries()) {
      opts.signal?.throwIfAborted();
      const pieces: SeriesChunk[] = [];
      for (const range of unit.ranges) {
        const chunk = await fetcher.fetchSeries(key, range[0], range[1], opts.signal);
        checkRows(chunk, `fetched ${seriesKeyId(key)} ${isoRange(range)}`);
        pieces.push(chunk);
        result.requestedRanges.push(range);
      }
      opts.signal?.throwIfAborted();
      const rows = await this.commitMonth(key, unit.month, unit.ranges, pieces);
      result.fetchedRows += rows;
      opts.onProgress?.(index + 1, work.length, `${seriesKeyId(key)} ${unit.month}: ${rows} rows`);
    }
    return result;
  }

  /** Stored rows in [fromMs, toMs), sorted by time. Unsynced parts are simply absent: ask `missing` first. */
  async read(key: SeriesKey, fromMs: number, toMs: number): Promise<SeriesChunk> {
    checkRange(fromMs, toMs);
    for (let attempt = 1; ; attempt++) {
      const { manifest, revision } = await this.manifests.read(key);
      try {
        const chunks: SeriesChunk[] = [];
        for (const month of monthsOverlapping(fromMs, toMs)) {
          const entry = manifest.partitions[month];
          if (entry && entry.rows > 0) chunks.push(sliceRows(await this.readPartition(manifest, month, entry), fromMs, toMs));
        }
        return concatRows(chunks, manifest.columns);
      } catch (error) {
        // A concurrent sync may have replaced a month (and deleted its old object) after we read the manifest.
        if (attempt >= 5 || !isPartitionFailure(error) || (await this.manifests.read(key)).revision === revision) throw error;
      }
    }
  }

  /** The parts of [fromMs, toMs) that have not been synced, merged and sorted. */
  async missing(key: SeriesKey, fromMs: number, toMs: number): Promise<TimeRange[]> {
    checkRange(fromMs, toMs);
    const { manifest } = await this.manifests.read(key);
    return subtractRanges(fromMs, toMs, coveredRanges(manifest));
  }

  /** Every stored series, by id. */
  async list(): Promise<SeriesSummary[]> {
    return (await this.manifests.all()).map(summarizeManifest).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Deletes objects no manifest references (left by a crash or a lost compare-and-set) that are older than
   * `olderThanMs`; younger ones may belong to a sync that has not updated its manifest yet.
   */
  async sweepOrphans(olderThanMs = 3_600_000): Promise<string[]> {
    const objects = await this.objects.list();
    const referenced = new Set((await this.manifests.all()).flatMap((m) => Object.values(m.partitions).map((p) => p.objectName)));
    const cutoff = this.now() - olderThanMs;
    const deleted: string[] = [];
    for (const info of objects) {
      if (referenced.has(info.name) || Date.parse(info.mtime) > cutoff) continue;
      await this.objects.delete(info.name);
      deleted.push(info.name);
    }
    return deleted;
  }

  /** Merges fetched rows into the month's partition and swaps the manifest to it; returns the rows fetched. */
  private async commitMonth(key: SeriesKey, month: MonthKey, ranges: TimeRange[], pieces: SeriesChunk[]): Promise<number> {
    const seriesId = seriesKeyId(key);
    const maxAttempts = this.options.maxCasAttempts ?? 20;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const { manifest, revision } = await this.manifests.read(key);
      const columns = resolveColumns(manifest, pieces, seriesId);
      let incoming = emptyRows(columns);
      pieces.forEach((piece, i) => (incoming = mergeRows(incoming, selectRows(piece, [ranges[i]], columns), columns)));

      const previous = manifest.partitions[month];
      let existing = emptyRows(columns);
      let covered: TimeRange[] = previous?.covered ?? [];
      if (previous && previous.rows > 0) {
        try {
          existing = await this.readPartition({ ...manifest, columns }, month, previous);
        } catch (error) {
          if (!isPartitionFailure(error)) throw error;
          if ((await this.manifests.read(key)).revision !== revision) continue; // replaced under us: re-read
          // The manifest points at a lost or damaged object: drop that coverage so a later sync refetches it.
          this.options.logger?.warn({ series: seriesId, month, err: error }, 'dropping a damaged partition; its range will be refetched');
          covered = [];
        }
      }

      const merged = mergeRows(existing, incoming, columns);
      const bytes = encodePartition(merged, columns, { seriesId, month });
      const sha256 = sha256Hex(bytes);
      const entry: PartitionEntry = {
        covered: mergeRanges([...covered, ...ranges]),
        rows: merged.timestamps.length,
        sha256,
        size: bytes.byteLength,
        objectName: partitionObjectName(key, month, sha256),
      };
      await this.objects.put(entry, bytes);
      const next: SeriesManifest = {
        ...manifest,
        key: { ...key, timeframe: key.kind === 'funding' ? '-' : key.timeframe }, // as in seriesKeyId
        columns,
        partitions: { ...manifest.partitions, [month]: entry },
        updatedAt: new Date(this.now()).toISOString(),
      };
      if (await this.manifests.write(next, revision)) {
        if (previous && previous.objectName !== entry.objectName) await this.deleteSuperseded(previous.objectName);
        return incoming.timestamps.length;
      }
      // Lost the race. The object just written is not deleted: a concurrent writer may have produced the very
      // same bytes (same name) and be about to reference it. Unreferenced objects are swept later.
      await sleep(Math.min(1000, 10 * 2 ** attempt) * Math.random());
    }
    throw new MarketStoreError('conflict', `Series ${seriesId} ${month}: manifest kept changing; gave up after ${maxAttempts} attempts`);
  }

  private async readPartition(manifest: SeriesManifest, month: MonthKey, entry: PartitionEntry): Promise<SeriesChunk> {
    const context = `partition ${entry.objectName}`;
    const chunk = decodePartition(await this.objects.get(entry), context);
    if (chunk.timestamps.length !== entry.rows) {
      throw new MarketStoreError(
        'partition-corrupt',
        `${context}: holds ${chunk.timestamps.length} rows, the manifest says ${entry.rows} (${month})`,
      );
    }
    return projectColumns(chunk, manifest.columns, context);
  }

  private async deleteSuperseded(objectName: string): Promise<void> {
    try {
      await this.objects.delete(objectName);
    } catch (error) {
      this.options.logger?.warn({ objectName, err: error }, 'could not delete a superseded partition; sweepOrphans will');
    }
  }

  /** The end of the last complete bar (funding: now), so an unfinished bar is never marked synced. */
  private completeBefore(key: SeriesKey): number {
    const now = this.now();
    if (key.kind === 'funding' || !isTimeframe(key.timeframe)) return now;
    const bar = timeframeToMs(key.timeframe);
    return Math.floor(now / bar) * bar;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function checkRange(fromMs: number, toMs: number): void {
  if (!Number.isInteger(fromMs) || !Number.isInteger(toMs) || fromMs >= toMs) {
    throw new MarketStoreError('invalid-request', `Invalid time range [${fromMs}, ${toMs}): need whole milliseconds with from < to`);
  }
}

function isPartitionFailure(error: unknown): boolean {
  return error instanceof MarketStoreError && (error.code === 'partition-missing' || error.code === 'partition-corrupt');
}

function isoRange([from, to]: TimeRange): string {
  return `${new Date(from).toISOString()} → ${new Date(to).toISOString()}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
