import { Consumer, DeliverPolicy, JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { StoredCommit } from './commit-codec';

export interface ReadCommitsOptions {
  /** Subject filter (one subject or a single-token wildcard; 2.9 has no multi-filter). */
  filterSubject: string;
  /** First stream sequence to deliver; defaults to 1. */
  startSequence?: number;
  /** Skip bodies when only the commit headers matter. */
  headersOnly?: boolean;
  /** Messages per pull request. */
  batchSize?: number;
}

const DEFAULT_BATCH = 256;
const FETCH_EXPIRES_MS = 10_000;

/**
 * Reads a snapshot of the stored commits matching a filter, in stream order, through an
 * ordered consumer (server-side filtering, batched pulls, automatic recovery from gaps).
 *
 * The snapshot ends at the last matching message when reading starts, learnt from a
 * last-by-subject get. The consumer's num_pending is NOT used: nats-server 2.9 over-counts it
 * for a wildcard filter with a start sequence (observed: 3 pending where 2 messages remained),
 * and a reader trusting it waits for messages that never come.
 * The consumer is deleted when reading ends or is abandoned.
 */
export async function* readCommits(
  js: JetStreamClient,
  jsm: JetStreamManager,
  streamName: string,
  options: ReadCommitsOptions,
): AsyncGenerator<StoredCommit> {
  const startSequence = Math.max(options.startSequence ?? 1, 1);
  const last = await jsm.streams.getMessage(streamName, { last_by_subj: options.filterSubject });
  if (!last || last.seq < startSequence) return;
  const endSequence = last.seq;

  const consumer = await js.consumers.get(streamName, {
    filter_subjects: options.filterSubject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: startSequence,
    headers_only: options.headersOnly === true,
  });
  try {
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    for (;;) {
      const batch = await fetchBatch(consumer, batchSize, endSequence);
      if (batch.length === 0) {
        throw new Error(`Reading "${options.filterSubject}" from stream ${streamName} stalled before sequence ${endSequence}`);
      }
      yield* batch;
      if (batch[batch.length - 1].seq >= endSequence) return;
    }
  } finally {
    // The consumer would expire on its own (inactive threshold); deleting it now keeps the server tidy.
    await consumer.delete().catch(() => false);
  }
}

/**
 * One pull, drained completely before the caller sees it, so no pull (and its heartbeat
 * timer) stays open while the caller works. It ends after `max` messages or at `endSequence`.
 */
async function fetchBatch(consumer: Consumer, max: number, endSequence: number): Promise<StoredCommit[]> {
  const messages = await consumer.fetch({ max_messages: max, expires: FETCH_EXPIRES_MS });
  const batch: StoredCommit[] = [];
  for await (const m of messages) {
    batch.push({ subject: m.subject, seq: m.seq, headers: m.headers, data: m.data });
    // Leaving the loop stops the pull: the rest of a short batch would never arrive.
    if (m.seq >= endSequence) break;
  }
  return batch;
}
