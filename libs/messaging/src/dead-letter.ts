import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { Subjects } from '@ares/contracts';
import type { Logger } from '@ares/logging';
import type { InboundMessage } from './inbound-message';

/** Headers a dead-lettered copy carries next to the original headers. */
export const DeadLetterHeaders = {
  reason: 'Ares-Dead-Letter-Reason',
  originalStream: 'Ares-Original-Stream',
  originalSequence: 'Ares-Original-Sequence',
  originalSubject: 'Ares-Original-Subject',
  originalMsgId: 'Ares-Original-Msg-Id',
  consumer: 'Ares-Dead-Letter-Consumer',
  deliveries: 'Ares-Deliveries',
} as const;

export interface DeadLetterSource {
  stream: string;
  durable: string;
}

/** Header values are single lines; keep reasons readable and bounded. */
function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ').slice(0, 1000);
}

/**
 * Writes a copy of `message` to `ares.dlq.<original subject>`.
 * The copy's Nats-Msg-Id is derived from (stream, consumer, sequence), so the worker and the
 * max-deliveries advisory path dead-lettering the same delivery store it once: the returned
 * PubAck says `duplicate` for the second.
 */
export async function publishDeadLetter(js: JetStreamClient, source: DeadLetterSource, message: InboundMessage, reason: string): Promise<PubAck> {
  const hdrs = natsHeaders();
  for (const [key, value] of Object.entries(message.headers)) {
    // Nats-* headers steer the publish (dedupe id, expected sequences) and would misfire on the DLQ stream.
    if (key.toLowerCase().startsWith('nats-')) continue;
    hdrs.set(key, value);
  }
  const originalMsgId = message.headers['Nats-Msg-Id'];
  if (originalMsgId) hdrs.set(DeadLetterHeaders.originalMsgId, originalMsgId);
  hdrs.set(DeadLetterHeaders.reason, headerValue(reason));
  hdrs.set(DeadLetterHeaders.originalStream, source.stream);
  hdrs.set(DeadLetterHeaders.originalSequence, String(message.streamSequence));
  hdrs.set(DeadLetterHeaders.originalSubject, message.subject);
  hdrs.set(DeadLetterHeaders.consumer, source.durable);
  hdrs.set(DeadLetterHeaders.deliveries, String(message.deliveryCount));
  return js.publish(Subjects.deadLetter(message.subject), message.data, {
    msgID: `dlq:${source.stream}:${source.durable}:${message.streamSequence}`,
    headers: hdrs,
  });
}

export interface DeadLetterTarget {
  js: JetStreamClient;
  source: DeadLetterSource;
  logger: Logger;
  onDeadLetter?: (message: InboundMessage, reason: string) => Promise<void>;
}

/**
 * Copies the message to the dead-letter stream, then tells the owner (so the run hears about it).
 * Throws if either step fails: the caller then leaves the message unacknowledged so that
 * JetStream (or the max-deliveries advisory) gives dead-lettering another chance. That makes
 * onDeadLetter at-least-once in the rare crash-between-steps case; it is once otherwise.
 */
export async function deadLetter(target: DeadLetterTarget, message: InboundMessage, reason: string): Promise<void> {
  const ack = await publishDeadLetter(target.js, target.source, message, reason);
  target.logger.error(
    {
      subject: message.subject,
      streamSequence: message.streamSequence,
      deliveries: message.deliveryCount,
      reason,
      deadLetterSequence: ack.seq,
      duplicate: ack.duplicate,
    },
    'message dead-lettered',
  );
  if (target.onDeadLetter) await target.onDeadLetter(message, reason);
}
