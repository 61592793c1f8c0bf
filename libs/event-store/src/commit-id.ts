import { createHash } from 'node:crypto';
import { NewEvent } from './event-store';

/**
 * Deterministic identity of one append ("commit"): the same events (same ids, same order) for
 * the same stream always get the same id, so a retried append can be recognised as a duplicate.
 * The stream id is part of it because JetStream deduplicates per JetStream stream, not per subject.
 */
export function commitId(streamId: string, events: readonly Pick<NewEvent, 'id'>[]): string {
  const key = JSON.stringify([streamId, ...events.map((event) => event.id)]);
  return createHash('sha256').update(key).digest('hex');
}
