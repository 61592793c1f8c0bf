import { JetStreamApiError, JetStreamClient, JetStreamManager, StreamInfo, jetstream } from '@nats-io/jetstream';
import { assertStreamExists, provisioningMode } from '@ares/messaging';
import type { NatsConnection } from '@nats-io/transport-node';
import { MAX_EVENTS_PER_COMMIT, commitHeaders, commitPosition, decodeCommit, encodeCommitBody, streamSequenceOf } from './commit-codec';
import { commitId } from './commit-id';
import {
  AppendOptions,
  AppendResult,
  ConcurrencyConflictError,
  EventStore,
  ExpectedVersion,
  InvalidEventError,
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
} from './event-store-validation';
import { HistoryStreamOptions, ensureHistoryStream } from './history-stream';
import { readCommits } from './jetstream-commit-reader';
import { KeyedSerializer } from '@ares/concurrency';

export interface JetStreamEventStoreOptions extends Partial<HistoryStreamOptions> {
  /** Source of `occurredAt`. */
  clock?: () => Date;
  /** How many streams' last positions to remember (each saves a round trip on the next append). */
  maxCachedStreams?: number;
  /** Publish attempts per append when other writers keep moving the stream ('any' or a stale cache). */
  maxAppendAttempts?: number;
  /** Told after every append, however it ended (metrics); called synchronously, what it throws is ignored. */
  onAppend?: (append: AppendObservation) => void;
}

/** One append as an observer sees it: how long the caller waited (queueing behind the stream's earlier appends included). */
export interface AppendObservation {
  /** The history stream (e.g. ARES_HISTORY). */
  store: string;
  streamId: string;
  events: readonly NewEvent[];
  seconds: number;
  /** appended; duplicate (already there: nothing added); conflict (not at the expected version); error (anything else). */
  outcome: 'appended' | 'duplicate' | 'conflict' | 'error';
}

/** Where a stream ends: its last commit's stream sequence and the version of its last event. */
interface StreamTip {
  lastSeq: number;
  version: number;
  lastMsgId: string | undefined;
}

interface PendingCommit {
  streamId: string;
  subject: string;
  msgId: string;
  body: Uint8Array;
  count: number;
  expectedVersion: ExpectedVersion;
  expected: number | 'any';
}

interface PublishTarget {
  expectedSeq: number;
  firstVersion: number;
}

const WRONG_LAST_SEQUENCE = new Set([10071, 10164]);
const NO_TIP: StreamTip = { lastSeq: 0, version: 0, lastMsgId: undefined };

/**
 * EventStore on one JetStream stream, one subject per event-store stream
 * (`${subjectPrefix}.${streamId}`), one message per append (see commit-codec.ts).
 *
 * Concurrency: the server checks `Nats-Expected-Last-Subject-Sequence`, so the adapter maps the
 * caller's expectedVersion to the subject's last sequence via a cache of stream tips. A cached
 * append is one publish round trip; a stale cache costs a refresh and a retry, never a wrong write.
 * Idempotency: `Nats-Msg-Id` is derived from the event ids. nats-server (verified on 2.9.10)
 * deduplicates before it checks the expected sequence, so a retry inside the duplicate window is
 * acknowledged as a duplicate whatever it expected; a retry the server does not recognise is
 * still found by looking for its commit in the stream before a conflict is reported.
 */
export class JetStreamEventStore implements EventStore {
  readonly streamName: string;
  readonly subjectPrefix: string;
  private readonly historyOptions: HistoryStreamOptions;
  private readonly js: JetStreamClient;
  private jsmPromise: Promise<JetStreamManager> | undefined;
  private readonly tips = new Map<string, StreamTip>();
  private readonly lanes = new KeyedSerializer();
  private readonly clock: () => Date;
  private readonly maxCachedStreams: number;
  private readonly maxAppendAttempts: number;
  private readonly onAppend: JetStreamEventStoreOptions['onAppend'];

  /** Connects to an existing history stream; call ensureStream() (or use create()) to provision it. */
  constructor(nc: NatsConnection, options: JetStreamEventStoreOptions = {}) {
    this.historyOptions = {
      streamName: options.streamName ?? 'ARES_HISTORY',
      subjectPrefix: options.subjectPrefix ?? 'ares.history.run',
      duplicateWindowMs: options.duplicateWindowMs ?? 2 * 60_000,
      replicas: options.replicas ?? 1,
    };
    this.streamName = this.historyOptions.streamName;
    this.subjectPrefix = this.historyOptions.subjectPrefix;
    this.clock = options.clock ?? (() => new Date());
    this.maxCachedStreams = options.maxCachedStreams ?? 10_000;
    this.maxAppendAttempts = options.maxAppendAttempts ?? 10;
    this.onAppend = options.onAppend;
    this.js = jetstream(nc);
  }

  /** Constructs the store and provisions its stream. */
  static async create(nc: NatsConnection, options: JetStreamEventStoreOptions = {}): Promise<JetStreamEventStore> {
    const store = new JetStreamEventStore(nc, options);
    // Under external provisioning the stream was made by the provisioning job: only check it is there.
    if (provisioningMode() === 'external') await assertStreamExists(nc, store.streamName);
    else await store.ensureStream();
    return store;
  }

  /** Creates the history stream or updates it to the required settings; idempotent. */
  async ensureStream(): Promise<StreamInfo> {
    return ensureHistoryStream(await this.jsm(), this.historyOptions);
  }

  async appendToStream(streamId: string, events: NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    assertValidStreamId(streamId);
    assertValidEvents(streamId, events);
    const expectedVersion = options.expectedVersion ?? 'any';
    assertValidExpectedVersion(expectedVersion);
    if (events.length > MAX_EVENTS_PER_COMMIT) {
      throw new InvalidEventError(`Cannot append ${events.length} events to stream "${streamId}" at once: the limit is ${MAX_EVENTS_PER_COMMIT}`);
    }
    const commit: PendingCommit = {
      streamId,
      subject: this.subjectOf(streamId),
      msgId: commitId(streamId, events),
      body: this.encodeBody(streamId, events),
      count: events.length,
      expectedVersion,
      expected: expectedVersionNumber(expectedVersion),
    };
    // Appends to one stream queue up (each needs its predecessor's sequence); streams run in parallel.
    if (!this.onAppend) return this.lanes.run(streamId, () => this.commit(commit));
    const started = performance.now();
    let outcome: AppendObservation['outcome'] = 'error';
    try {
      const result = await this.lanes.run(streamId, () => this.commit(commit));
      outcome = result.duplicate ? 'duplicate' : 'appended';
      return result;
    } catch (error) {
      if (error instanceof ConcurrencyConflictError) outcome = 'conflict';
      throw error;
    } finally {
      this.observeAppend({ store: this.streamName, streamId, events, seconds: (performance.now() - started) / 1000, outcome });
    }
  }

  private observeAppend(append: AppendObservation): void {
    try {
      this.onAppend?.(append);
    } catch {
      // An observer (metrics) must never fail an append that happened.
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StreamSlice> {
    assertValidStreamId(streamId);
    const fromVersion = options.fromVersion ?? 1;
    assertNonNegativeInteger('fromVersion', fromVersion);
    const events: RecordedEvent[] = [];
    // A known tip at or before fromVersion − 1 lets the read start right after it: a history is append-only (no
    // delete, no purge), so a (sequence, version) pair once seen stays true. Catching up then costs the new events
    // only, however long the history.
    const known = this.tips.get(streamId);
    let last: StreamTip | undefined = known && known.version >= 1 && known.version < fromVersion ? known : undefined;
    // One pull fetches a typical run's whole history (commits are small); readAll pulls smaller batches.
    const commits = readCommits(this.js, await this.jsm(), this.streamName, {
      filterSubject: this.subjectOf(streamId),
      startSequence: last ? last.lastSeq + 1 : 1,
      batchSize: 1024,
    });
    for await (const commit of commits) {
      const position = commitPosition(commit);
      const expectedFirst = (last?.version ?? 0) + 1;
      if (position.firstVersion !== expectedFirst) {
        throw new Error(
          `History of stream "${streamId}" is inconsistent at sequence ${commit.seq}: ` +
            `commit starts at version ${position.firstVersion}, expected ${expectedFirst}`,
        );
      }
      // Only commits that reach fromVersion are decoded; earlier ones are skipped on their headers.
      if (position.lastVersion >= fromVersion) {
        for (const event of decodeCommit(commit, streamId)) if (event.version >= fromVersion) events.push(event);
      }
      last = { lastSeq: commit.seq, version: position.lastVersion, lastMsgId: position.msgId };
    }
    if (!last) return { exists: false, currentVersion: 0, events: [] };
    this.remember(streamId, last);
    return { exists: true, currentVersion: last.version, events };
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const fromPosition = options.fromPosition ?? 0;
    assertNonNegativeInteger('fromPosition', fromPosition);
    const commits = readCommits(this.js, await this.jsm(), this.streamName, {
      filterSubject: `${this.subjectPrefix}.*`,
      startSequence: streamSequenceOf(fromPosition),
    });
    for await (const commit of commits) {
      const streamId = commit.subject.slice(this.subjectPrefix.length + 1);
      for (const event of decodeCommit(commit, streamId)) {
        if (event.globalPosition >= fromPosition) yield event;
      }
    }
  }

  async listStreams(): Promise<string[]> {
    const jsm = await this.jsm();
    const info = await jsm.streams.info(this.streamName, { subjects_filter: `${this.subjectPrefix}.*` });
    const prefixLength = this.subjectPrefix.length + 1;
    return Object.keys(info.state.subjects ?? {})
      .map((subject) => subject.slice(prefixLength))
      .sort();
  }

  private async commit(c: PendingCommit): Promise<AppendResult> {
    for (let attempt = 1; ; attempt++) {
      const target = await this.publishTarget(c);
      if ('duplicate' in target) return target;
      try {
        const ack = await this.js.publish(c.subject, c.body, {
          msgID: c.msgId,
          expect: { lastSubjectSequence: target.expectedSeq },
          headers: commitHeaders(target.firstVersion, c.count),
        });
        if (ack.duplicate) return { nextExpectedVersion: await this.versionAfter(c.streamId, ack.seq), duplicate: true };
        const version = target.firstVersion + c.count - 1;
        this.remember(c.streamId, { lastSeq: ack.seq, version, lastMsgId: c.msgId });
        return { nextExpectedVersion: version, duplicate: false };
      } catch (error) {
        // Whatever went wrong (even a timeout after the server stored it), the tip is now unknown.
        this.tips.delete(c.streamId);
        if (!(error instanceof JetStreamApiError && WRONG_LAST_SEQUENCE.has(error.code))) throw error;
        const tip = await this.fetchTip(c.streamId);
        if (c.expected !== 'any' && tip.version !== c.expected) return this.resolveMismatch(c, tip);
        // Our cache was stale (or the caller accepts any version): try again from the fresh tip.
        if (attempt >= this.maxAppendAttempts) {
          throw new Error(`Append to stream "${c.streamId}" gave up after ${attempt} attempts: other writers kept appending`, { cause: error });
        }
      }
    }
  }

  /** Decides which sequence the publish must expect, consulting the server only when the cache can't tell. */
  private async publishTarget(c: PendingCommit): Promise<PublishTarget | AppendResult> {
    const cached = this.tips.get(c.streamId);
    // This very commit is the last one known: a retry after success.
    if (cached?.lastMsgId === c.msgId) return { nextExpectedVersion: cached.version, duplicate: true };
    // "Must not exist" needs no lookup: expected sequence 0 is checked by the server.
    if (c.expected === 0 && (!cached || cached.version === 0)) return { expectedSeq: 0, firstVersion: 1 };
    if (cached && (c.expected === 'any' || cached.version === c.expected)) return targetAfter(cached);
    // Cache miss, or the cache disagrees with the caller: only the server can tell a stale cache from a conflict.
    const tip = await this.fetchTip(c.streamId);
    if (tip.lastMsgId === c.msgId) return { nextExpectedVersion: tip.version, duplicate: true };
    if (c.expected === 'any' || tip.version === c.expected) return targetAfter(tip);
    return this.resolveMismatch(c, tip);
  }

  /** The stream is not at the expected version: either these events are already in it, or it is a conflict. */
  private async resolveMismatch(c: PendingCommit, tip: StreamTip): Promise<AppendResult> {
    if (tip.lastMsgId === c.msgId) return { nextExpectedVersion: tip.version, duplicate: true };
    if (c.expected !== 'any' && tip.version > c.expected) {
      // Rare path (conflicts and late retries): scan the commit headers for this commit.
      const commits = readCommits(this.js, await this.jsm(), this.streamName, { filterSubject: c.subject, headersOnly: true });
      for await (const commit of commits) {
        const position = commitPosition(commit);
        if (position.msgId === c.msgId) return { nextExpectedVersion: position.lastVersion, duplicate: true };
      }
    }
    throw new ConcurrencyConflictError(c.streamId, c.expectedVersion, tip.version);
  }

  /** The stream version right after the commit stored at `seq` (for duplicate acks). */
  private async versionAfter(streamId: string, seq: number): Promise<number> {
    const cached = this.tips.get(streamId);
    if (cached?.lastSeq === seq) return cached.version;
    // A duplicate of a commit newer than our cache means the cache is behind the server.
    if (!cached || cached.lastSeq < seq) this.tips.delete(streamId);
    const jsm = await this.jsm();
    const message = await jsm.streams.getMessage(this.streamName, { seq });
    if (!message) throw new Error(`Duplicate of stream sequence ${seq} on stream "${streamId}", but that message is gone`);
    return commitPosition({ subject: message.subject, seq, headers: message.header, data: message.data }).lastVersion;
  }

  private async fetchTip(streamId: string): Promise<StreamTip> {
    const jsm = await this.jsm();
    const message = await jsm.streams.getMessage(this.streamName, { last_by_subj: this.subjectOf(streamId) });
    if (!message) return this.remember(streamId, NO_TIP);
    const position = commitPosition({ subject: message.subject, seq: message.seq, headers: message.header, data: message.data });
    return this.remember(streamId, { lastSeq: message.seq, version: position.lastVersion, lastMsgId: position.msgId });
  }

  /** Keeps the newest tip (answers may arrive out of order) and bounds the cache's size. */
  private remember(streamId: string, tip: StreamTip): StreamTip {
    const known = this.tips.get(streamId);
    const newest = known && known.lastSeq > tip.lastSeq ? known : tip;
    this.tips.delete(streamId);
    this.tips.set(streamId, newest);
    if (this.tips.size > this.maxCachedStreams) {
      const oldest = this.tips.keys().next().value;
      if (oldest !== undefined) this.tips.delete(oldest);
    }
    return newest;
  }

  private encodeBody(streamId: string, events: NewEvent[]): Uint8Array {
    try {
      return encodeCommitBody(events, this.clock().toISOString());
    } catch (error) {
      throw new InvalidEventError(`Cannot append to stream "${streamId}": event data is not JSON-serialisable`, { cause: error });
    }
  }

  private subjectOf(streamId: string): string {
    return `${this.subjectPrefix}.${streamId}`;
  }

  private jsm(): Promise<JetStreamManager> {
    this.jsmPromise ??= this.js.jetstreamManager().catch((error: unknown) => {
      this.jsmPromise = undefined; // let the next call try again
      throw error;
    });
    return this.jsmPromise;
  }
}

function targetAfter(tip: StreamTip): PublishTarget {
  return { expectedSeq: tip.lastSeq, firstVersion: tip.version + 1 };
}
