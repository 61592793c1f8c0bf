import { jetstream, JetStreamClient, PubAck, StreamExpectations } from '@nats-io/jetstream';
import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';

export interface PublishOptions {
  /** Becomes `Nats-Msg-Id`: a second publish with the same id inside the stream's duplicate window is dropped. */
  msgId?: string;
  headers?: Record<string, string>;
  /** Optimistic concurrency, e.g. `{ lastSubjectSequence: 0 }` for "subject must be empty". */
  expect?: Partial<StreamExpectations>;
  timeoutMs?: number;
}

/** JSON messages onto JetStream (persisted, acknowledged) and onto core NATS (signals). */
export class JetStreamPublisher {
  private readonly js: JetStreamClient;
  private readonly encoder = new TextEncoder();

  constructor(private readonly nc: NatsConnection) {
    this.js = jetstream(nc);
  }

  /** Resolves once the stream stored the message; `duplicate` is true when the msgId was seen before. */
  async publish(subject: string, payload: object, options: PublishOptions = {}): Promise<PubAck> {
    try {
      return await this.js.publish(subject, this.encode(payload), {
        msgID: options.msgId,
        headers: toHeaders(options.headers),
        expect: options.expect,
        timeout: options.timeoutMs,
      });
    } catch (error) {
      // The client reports "no responders" as "jetstream is not enabled"; the usual cause is a subject no stream captures.
      if ((error as Error).name === 'JetStreamNotEnabled') {
        throw new Error(`no JetStream stream captures subject "${subject}" (are the streams provisioned?)`, { cause: error });
      }
      throw error;
    }
  }

  /** Fire-and-forget on core NATS: nobody listening means nobody hears it. */
  publishCore(subject: string, payload?: object, headers?: Record<string, string>): void {
    this.nc.publish(subject, payload === undefined ? undefined : this.encode(payload), { headers: toHeaders(headers) });
  }

  private encode(payload: object): Uint8Array {
    return this.encoder.encode(JSON.stringify(payload));
  }
}

function toHeaders(record: Record<string, string> | undefined) {
  if (!record || Object.keys(record).length === 0) return undefined;
  const hdrs = natsHeaders();
  for (const [key, value] of Object.entries(record)) hdrs.set(key, value);
  return hdrs;
}
