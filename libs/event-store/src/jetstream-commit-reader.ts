import { Consumer, DeliverPolicy, JetStreamClient } from '@nats-io/jetstream';
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
 * It stops when everything that was pending at creation has been delivered, so it never
 * waits for new messages, and deletes its consumer when done or abandoned.
 */
export async function* readCommits(
  js: JetStreamClient,
  streamName: string,
  options: ReadCommitsOptions,
): AsyncGenerator<StoredCommit> {
  const consumer = await js.consumers.get(streamName, {
    filter_subjects: options.filterSubject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(options.startSequence ?? 1, 1),
    headers_only: options.headersOnly === true,
  });
  try {
    let remaining = (await consumer.info(true)).num_pending;
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    while (remaining > 0) {
      const batch = await fetchBatch(consumer, Math.min(remaining, batchSize));
      if (batch.length === 0) {
        throw new Error(`Reading "${options.filterSubject}" from stream ${streamName} stalled with ${remaining} messages pending`);
      }
      remaining -= batch.length;
      yield* batch;
    }
  } finally {
    // The consumer would expire on its own (inactive threshold); deleting it now keeps the server tidy.
    await consumer.delete().catch(() => false);
  }
}

/** Drains one pull completely (it ends by itself after `max` messages), so no pull (and its heartbeat timer) stays open while the caller works. */
async function fetchBatch(consumer: Consumer, max: number): Promise<StoredCommit[]> {
  const messages = await consumer.fetch({ max_messages: max, expires: FETCH_EXPIRES_MS });
  const batch: StoredCommit[] = [];
  for await (const m of messages) {
    batch.push({ subject: m.subject, seq: m.seq, headers: m.headers, data: m.data });
  }
  return batch;
}
