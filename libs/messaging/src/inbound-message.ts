import type { JsMsg, StoredMsg } from '@nats-io/jetstream';
import type { MsgHdrs } from '@nats-io/transport-node';
import { ContractViolationError } from '@ares/contracts';

/** A message as a handler sees it, whatever consumer or lookup produced it. */
export interface InboundMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  /** Parses the payload; bytes that are not JSON throw a ContractViolationError (a permanent failure). */
  json<T>(): T;
  /** Headers, first value of each. */
  readonly headers: Record<string, string>;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
  readonly streamSequence: number;
  /** Tells JetStream the handler is still busy, restarting the ack-wait clock. */
  working(): void;
}

export function headersToRecord(hdrs: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!hdrs) return record;
  for (const key of hdrs.keys()) record[key] = hdrs.get(key);
  return record;
}

export function parseJson<T>(data: Uint8Array): T {
  try {
    return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as T;
  } catch (error) {
    throw new ContractViolationError('message', [`body: not valid JSON (${(error as Error).message})`]);
  }
}

export function fromJsMsg(msg: JsMsg): InboundMessage {
  const headers = headersToRecord(msg.headers);
  return {
    subject: msg.subject,
    data: msg.data,
    json: <T>() => parseJson<T>(msg.data),
    headers,
    deliveryCount: msg.info.deliveryCount,
    streamSequence: msg.seq,
    working: () => msg.working(),
  };
}

/** A message read back from the stream by sequence (dead-lettering after the fact): nothing to keep alive. */
export function fromStoredMsg(msg: StoredMsg, deliveryCount: number): InboundMessage {
  return {
    subject: msg.subject,
    data: msg.data,
    json: <T>() => parseJson<T>(msg.data),
    headers: headersToRecord(msg.header),
    deliveryCount,
    streamSequence: msg.seq,
    working: () => undefined,
  };
}
