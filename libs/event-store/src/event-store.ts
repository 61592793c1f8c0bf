/**
 * The event store port: append-only, per-stream ordered histories with optimistic concurrency
 * and idempotent appends. A "stream" is one aggregate's history (in Ares: one run).
 * Adapters: InMemoryEventStore (unit tests), JetStreamEventStore (production).
 */

/** An event as the caller wants it recorded. */
export interface NewEvent<T = unknown> {
  /** Caller-chosen and deterministic (e.g. derived from the command that caused it): it is the idempotency key. */
  id: string;
  type: string;
  /** Any JSON value; it is stored as JSON and read back equal to `JSON.parse(JSON.stringify(data))`. */
  data: T;
  metadata?: Record<string, string>;
}

/** An event as the store recorded it. */
export interface RecordedEvent<T = unknown> {
  streamId: string;
  id: string;
  type: string;
  data: T;
  metadata: Record<string, string>;
  /** 1-based, consecutive within the stream. */
  version: number;
  /**
   * Strictly increasing across all streams in append order. Adapters may leave gaps, so
   * never compute "the next position" by adding 1 to a count: to resume after an event,
   * pass `fromPosition: event.globalPosition + 1`.
   */
  globalPosition: number;
  /** ISO-8601 UTC timestamp set by the store when the event was appended. */
  occurredAt: string;
}

/**
 * - a number: the stream's exact current version (0 = the stream must not exist yet);
 * - 'no_stream': same as 0;
 * - 'any': append whatever the current version is.
 */
export type ExpectedVersion = number | 'any' | 'no_stream';

export interface AppendOptions {
  /** Defaults to 'any'. */
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /**
   * The stream's version after this append, i.e. the expectedVersion for the next one.
   * For a duplicate it is the version right after the original append of these events.
   */
  nextExpectedVersion: number;
  /** True when exactly these events (same stream, same ids, same order) were already appended: nothing was added. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive); defaults to 1. */
  fromVersion?: number;
}

export interface StreamSlice {
  exists: boolean;
  /** Version of the stream's last event (0 when it does not exist), regardless of fromVersion. */
  currentVersion: number;
  events: RecordedEvent[];
}

export interface ReadAllOptions {
  /** First global position to return (inclusive); defaults to the beginning. */
  fromPosition?: number;
}

export interface EventStore {
  /** Appends all events atomically (all or none) to one stream. */
  appendToStream(streamId: string, events: NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StreamSlice>;
  /** Every event of every stream, in global order (for projection rebuilds and recovery). */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Ids of all streams that exist, sorted. */
  listStreams(): Promise<string[]>;
}

/** The stream was not at the version the caller expected: someone else appended first. */
export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: number,
  ) {
    super(
      `Concurrency conflict on stream "${streamId}": expected version ${String(expectedVersion)}, ` + `but the stream is at version ${actualVersion}`,
    );
  }
}

/** Base class of every "you called the store wrongly" error; nothing was written when it is thrown. */
export class EventStoreValidationError extends Error {
  override readonly name: string = 'EventStoreValidationError';
}

export class InvalidStreamIdError extends EventStoreValidationError {
  override readonly name = 'InvalidStreamIdError';

  constructor(readonly streamId: unknown) {
    super(`Invalid stream id ${JSON.stringify(streamId) ?? String(streamId)}: ` + 'expected 1 to 128 characters from [A-Za-z0-9_-]');
  }
}

export class InvalidEventError extends EventStoreValidationError {
  override readonly name = 'InvalidEventError';
}

export class InvalidOptionError extends EventStoreValidationError {
  override readonly name = 'InvalidOptionError';
}
