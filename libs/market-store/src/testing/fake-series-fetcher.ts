import type { SeriesChunk, SeriesFetcher, SeriesKey } from '@ares/market-data';
import { rangeContains, TimeRange } from '../time-ranges';

export interface FakeSeriesFetcherOptions {
  /** Row spacing (default 1h). */
  stepMs?: number;
  columns?: string[];
  /** Ranges the "exchange" has no rows for. */
  outages?: TimeRange[];
  /** The call number (1-based) that throws, e.g. 2: the second month of a sync fails. */
  failOnCall?: number;
  /** Awaited at the start of every call; lets a test hold calls to line up races. */
  gate?: (call: FakeCall) => Promise<void>;
}

export interface FakeCall {
  key: SeriesKey;
  fromMs: number;
  toMs: number;
}

/** The value a fake row holds: a pure function of time and column, so any two fetchers agree. */
export function fakeValue(ts: number, column: number): number {
  return ts / 3_600_000 + column / 10;
}

/** A deterministic in-memory exchange that records every call. */
export class FakeSeriesFetcher implements SeriesFetcher {
  readonly calls: FakeCall[] = [];

  constructor(private readonly options: FakeSeriesFetcherOptions = {}) {}

  get ranges(): TimeRange[] {
    return this.calls.map((c): TimeRange => [c.fromMs, c.toMs]);
  }

  async fetchSeries(key: SeriesKey, fromMs: number, toMs: number, signal?: AbortSignal): Promise<SeriesChunk> {
    const call = { key, fromMs, toMs };
    this.calls.push(call);
    await this.options.gate?.(call);
    signal?.throwIfAborted();
    if (this.options.failOnCall === this.calls.length) throw new Error(`fake exchange failed on call ${this.calls.length}`);
    return fakeRows(fromMs, toMs, this.options);
  }
}

export function fakeRows(fromMs: number, toMs: number, options: Pick<FakeSeriesFetcherOptions, 'stepMs' | 'columns' | 'outages'> = {}): SeriesChunk {
  const step = options.stepMs ?? 3_600_000;
  const columns = options.columns ?? ['open', 'high', 'low', 'close', 'volume'];
  const times: number[] = [];
  for (let t = Math.ceil(fromMs / step) * step; t < toMs; t += step) if (!rangeContains(options.outages ?? [], t)) times.push(t);
  const timestamps = Float64Array.from(times);
  const out: Record<string, Float64Array> = {};
  columns.forEach((name, c) => (out[name] = timestamps.map((t) => fakeValue(t, c))));
  return { timestamps, columns: out };
}
