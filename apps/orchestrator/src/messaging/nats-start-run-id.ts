import { createHash } from 'node:crypto';
import type { InboundMessage } from '@ares/messaging';

const MSG_ID_HEADER = 'Nats-Msg-Id';

const digest = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/**
 * The run id of a StartRun that came over NATS without one. It is derived from the JetStream message, never
 * drawn at random: a redelivered (or, with a Nats-Msg-Id, republished) StartRun names the same run, and the
 * decider turns a second StartRun for an existing run into nothing.
 *
 *  - with a `Nats-Msg-Id` header: `run-m-<hash of the id>`, so republishing under the same id starts one run even
 *    after the stream's duplicate window has let the copy in;
 *  - without one: `run-s<stream sequence>-<hash of the payload>`; the hash keeps a recreated stream, whose
 *    sequences start again, from mapping a new command onto an old run.
 */
export function natsStartRunId(message: Pick<InboundMessage, 'headers' | 'streamSequence' | 'data'>): string {
  const msgId = message.headers[MSG_ID_HEADER];
  if (msgId) return `run-m-${digest(msgId).slice(0, 24)}`;
  return `run-s${message.streamSequence}-${digest(String(message.streamSequence), message.data).slice(0, 12)}`;
}
