import { commitId } from './commit-id';
import {
  AppendOptions,
  AppendResult,
  ConcurrencyConflictError,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamSlice,
} from './event-store';
import {
  assertNonNegativeInteger,
  assertValidEvents,
  assertValidExpectedVersion,
  assertValidStreamId,
  expectedVersionNumber,
  jsonCopy,
} from './event-store-validation';

export interface InMemoryEventStoreOptions {
  /** Source of `occurredAt`; inject a fixed clock for deterministic tests. */
  clock?: () => Date;
}

/**
 * A process-local EventStore for decider and saga unit tests. Each call runs synchronously to
 * completion, so concurrent appends behave like the real store: one wins, the others conflict.
 * Duplicate detection never expires (JetStream's only lasts a duplicate window).
 */
export class InMemoryEventStore implements EventStore {
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly log: RecordedEvent[] = [];
  /** commit id → stream version right after that commit */
  private readonly commits = new Map<string, number>();
  private readonly clock: () => Date;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    assertValidStreamId(streamId);
    assertValidEvents(streamId, events);
    const expectedVersion = options.expectedVersion ?? 'any';
    assertValidExpectedVersion(expectedVersion);

    // Like JetStream: a known commit is a duplicate whatever version the retry expected.
    const id = commitId(streamId, events);
    const original = this.commits.get(id);
    if (original !== undefined) return { nextExpectedVersion: original, duplicate: true };

    const stream = this.streams.get(streamId) ?? [];
    const expected = expectedVersionNumber(expectedVersion);
    if (expected !== 'any' && expected !== stream.length) {
      throw new ConcurrencyConflictError(streamId, expectedVersion, stream.length);
    }

    // Serialise first so that bad data fails before anything is stored (all or nothing).
    const copies = jsonCopy(events);
    const occurredAt = this.clock().toISOString();
    for (const event of copies) {
      const recorded: RecordedEvent = {
        streamId,
        id: event.id,
        type: event.type,
        data: event.data,
        metadata: event.metadata ?? {},
        version: stream.length + 1,
        globalPosition: this.log.length + 1,
        occurredAt,
      };
      stream.push(recorded);
      this.log.push(recorded);
    }
    this.streams.set(streamId, stream);
    this.commits.set(id, stream.length);
    return { nextExpectedVersion: stream.length, duplicate: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice> {
    assertValidStreamId(streamId);
    const fromVersion = options.fromVersion ?? 1;
    assertNonNegativeInteger('fromVersion', fromVersion);
    const stream = this.streams.get(streamId);
    if (!stream) return { exists: false, currentVersion: 0, events: [] };
    return {
      exists: true,
      currentVersion: stream.length,
      events: jsonCopy(stream.slice(Math.max(fromVersion, 1) - 1)),
    };
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const fromPosition = options.fromPosition ?? 0;
    assertNonNegativeInteger('fromPosition', fromPosition);
    // A snapshot of the log's length: events appended while iterating are not included.
    const end = this.log.length;
    for (let index = Math.max(fromPosition, 1) - 1; index < end; index++) {
      yield jsonCopy(this.log[index]);
    }
  }

  async listStreams(): Promise<string[]> {
    return [...this.streams.keys()].sort();
  }
}
