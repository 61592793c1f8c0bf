import { jetstream, JetStreamApiCodes, JetStreamManager, jetstreamManager, StoredMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@ares/logging';
import { deadLetter } from './dead-letter';
import { fromStoredMsg, InboundMessage } from './inbound-message';
import { isApiError } from './provisioning';

export interface MaxDeliveriesListenerOptions {
  nc: NatsConnection;
  stream: string;
  durable: string;
  logger: Logger;
  onDeadLetter?: (message: InboundMessage, reason: string) => Promise<void>;
  /** Work-queue streams keep an exhausted message forever; delete it once dead-lettered. */
  deleteFromSource: boolean;
}

interface MaxDeliveriesAdvisory {
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

export function maxDeliveriesAdvisorySubject(stream: string, durable: string): string {
  return `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${stream}.${durable}`;
}

/**
 * Catches messages whose last delivery was never answered (the process died or hung): the
 * server then gives up silently except for this core-NATS advisory. Replicas share a queue
 * group, so one of them reads the message back by sequence and dead-letters it.
 * The advisory is fire-and-forget: the server raises it when it next tries to deliver (i.e.
 * while some replica is pulling), and if no replica listens at that moment it is lost.
 */
export function listenForMaxDeliveries(options: MaxDeliveriesListenerOptions): { stop(): Promise<void> } {
  const { nc, stream, durable } = options;
  const logger = options.logger.child({ stream, durable, path: 'max-deliveries-advisory' });
  const js = jetstream(nc);
  const pending = new Set<Promise<void>>();
  const sub = nc.subscribe(maxDeliveriesAdvisorySubject(stream, durable), {
    queue: `ares-dlq.${stream}.${durable}`,
    callback: (error, msg) => {
      if (error) return void logger.warn({ err: error }, 'advisory subscription error');
      let advisory: MaxDeliveriesAdvisory;
      try {
        advisory = msg.json<MaxDeliveriesAdvisory>();
      } catch {
        return void logger.warn({ data: msg.string() }, 'unreadable max-deliveries advisory');
      }
      const task = handle(advisory).finally(() => pending.delete(task));
      pending.add(task);
    },
  });

  async function handle(advisory: MaxDeliveriesAdvisory): Promise<void> {
    const seq = advisory.stream_seq;
    const reason = `exhausted ${advisory.deliveries} deliveries`;
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        const jsm = await jetstreamManager(nc);
        const stored = await storedMessage(jsm, seq);
        if (!stored) return void logger.info({ streamSequence: seq }, 'exhausted message already gone');
        await deadLetter(
          { js, source: { stream, durable }, logger, onDeadLetter: options.onDeadLetter },
          fromStoredMsg(stored, advisory.deliveries),
          reason,
        );
        if (options.deleteFromSource) await jsm.streams.deleteMessage(stream, seq, false).catch(() => false);
        return;
      } catch (error) {
        if (nc.isClosed() || attempt === 3) {
          return void logger.error({ err: error, streamSequence: seq }, 'could not dead-letter an exhausted message');
        }
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  async function storedMessage(jsm: JetStreamManager, seq: number): Promise<StoredMsg | null> {
    try {
      return await jsm.streams.getMessage(stream, { seq });
    } catch (error) {
      if (isApiError(error, JetStreamApiCodes.NoMessageFound)) return null;
      throw error;
    }
  }

  return {
    async stop() {
      if (!sub.isClosed()) sub.unsubscribe();
      await Promise.allSettled([...pending]);
    },
  };
}
