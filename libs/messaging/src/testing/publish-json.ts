import { jetstream, PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';

/** A spec's publisher: `payload` as JSON onto JetStream, with an optional `Nats-Msg-Id` and headers. */
export function publishJson(
  nc: NatsConnection,
  subject: string,
  payload: unknown,
  options: { msgId?: string; headers?: Record<string, string> } = {},
): Promise<PubAck> {
  const entries = Object.entries(options.headers ?? {});
  const hdrs = entries.length > 0 ? natsHeaders() : undefined;
  for (const [key, value] of entries) hdrs!.set(key, value);
  return jetstream(nc).publish(subject, new TextEncoder().encode(JSON.stringify(payload)), { msgID: options.msgId, headers: hdrs });
}
