import { headers, MsgHdrs } from '@nats-io/transport-node';
import { NewEvent, RecordedEvent } from './event-store';

/**
 * How one append ("commit") is laid out in JetStream. nats-server 2.9 has no atomic batch
 * publish, so a commit is ONE message: the body holds all of its events, the headers say
 * which versions they take. Reading expands a commit back into consecutive RecordedEvents.
 */

export const FIRST_VERSION_HEADER = 'Ares-First-Version';
export const EVENT_COUNT_HEADER = 'Ares-Event-Count';
export const MSG_ID_HEADER = 'Nats-Msg-Id';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * globalPosition = commit's stream sequence * 1000 + index of the event within the commit.
 * It is strictly increasing in stream order, and the commit to resume from can be found
 * from a position alone (seq = floor(position / 1000)). Hence at most 1000 events per append.
 */
export const MAX_EVENTS_PER_COMMIT = 1000;

export function globalPosition(streamSequence: number, index: number): number {
  return streamSequence * MAX_EVENTS_PER_COMMIT + index;
}

export function streamSequenceOf(position: number): number {
  return Math.floor(position / MAX_EVENTS_PER_COMMIT);
}

interface CommitBody {
  /** layout version of the body, for future migrations */
  v: 1;
  occurredAt: string;
  events: { id: string; type: string; data: unknown; metadata?: Record<string, string> }[];
}

/** The version-independent part of a commit, so a retried publish sends identical bytes. */
export function encodeCommitBody(events: readonly NewEvent[], occurredAt: string): Uint8Array {
  const body: CommitBody = {
    v: 1,
    occurredAt,
    events: events.map(({ id, type, data, metadata }) => ({ id, type, data, metadata })),
  };
  return encoder.encode(JSON.stringify(body));
}

export function commitHeaders(firstVersion: number, eventCount: number): MsgHdrs {
  const h = headers();
  h.set(FIRST_VERSION_HEADER, String(firstVersion));
  h.set(EVENT_COUNT_HEADER, String(eventCount));
  return h;
}

/** What the adapter needs from a stored message, whether it came from a consumer or a direct get. */
export interface StoredCommit {
  subject: string;
  seq: number;
  headers: MsgHdrs | undefined;
  data: Uint8Array;
}

export interface CommitPosition {
  firstVersion: number;
  lastVersion: number;
  msgId: string | undefined;
}

/** Reads the version range from the headers only (works for headers-only consumers too). */
export function commitPosition(commit: StoredCommit): CommitPosition {
  const first = Number(commit.headers?.get(FIRST_VERSION_HEADER));
  const count = Number(commit.headers?.get(EVENT_COUNT_HEADER));
  if (!Number.isSafeInteger(first) || first < 1 || !Number.isSafeInteger(count) || count < 1) {
    throw new Error(
      `Malformed history message at stream sequence ${commit.seq} on "${commit.subject}": ` +
        `missing or invalid ${FIRST_VERSION_HEADER}/${EVENT_COUNT_HEADER} headers (was it published outside the event store?)`,
    );
  }
  return { firstVersion: first, lastVersion: first + count - 1, msgId: commit.headers?.get(MSG_ID_HEADER) || undefined };
}

export function decodeCommit(commit: StoredCommit, streamId: string): RecordedEvent[] {
  const { firstVersion, lastVersion } = commitPosition(commit);
  let body: CommitBody;
  try {
    body = JSON.parse(decoder.decode(commit.data)) as CommitBody;
  } catch (error) {
    throw new Error(`Malformed history message at stream sequence ${commit.seq}: body is not JSON`, { cause: error });
  }
  if (!Array.isArray(body.events) || body.events.length !== lastVersion - firstVersion + 1) {
    throw new Error(
      `Malformed history message at stream sequence ${commit.seq}: ` +
        `body has ${Array.isArray(body.events) ? body.events.length : 'no'} events, headers say ${lastVersion - firstVersion + 1}`,
    );
  }
  return body.events.map((event, index) => ({
    streamId,
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata ?? {},
    version: firstVersion + index,
    globalPosition: globalPosition(commit.seq, index),
    occurredAt: body.occurredAt,
  }));
}
