import type { PubAck } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { JetStreamPublisher } from './jetstream-publisher';
import { connectNats } from './nats-connection';
import { hasWildcard } from './subject-pattern';

export interface JetStreamClientOptions {
  /** A NATS URL (comma-separated for several), or a connection the caller owns and closes. */
  servers: string | NatsConnection;
  /** Connection name shown by the server. */
  name?: string;
}

export type JetStreamClientStatus = 'connected' | 'closed';

/**
 * `client.emit(subject, payload)` publishes `payload` as JSON to JetStream and emits the PubAck.
 * The payload's `commandId` or `eventId` becomes `Nats-Msg-Id`, so a retried emit is stored once;
 * packet metadata (`setOnDispatchHook`) travels as headers. `send` (request/response) is refused.
 * Usable with `ClientsModule.register([{ name, customClass: JetStreamClient, options }])`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest declares its events map with Function
export class JetStreamClient extends ClientProxy<Record<never, Function>, JetStreamClientStatus> {
  private connection?: Promise<NatsConnection>;
  private nc?: NatsConnection;
  private publisher?: JetStreamPublisher;

  constructor(private readonly options: JetStreamClientOptions) {
    super();
    this.initializeSerializer(undefined);
    this.initializeDeserializer(undefined);
  }

  connect(): Promise<NatsConnection> {
    if (!this.connection) {
      this.connection = (async () => {
        const { servers, name } = this.options;
        const nc = typeof servers === 'string' ? await connectNats(servers, name ?? 'ares-jetstream-client') : servers;
        this.nc = nc;
        this.publisher = new JetStreamPublisher(nc);
        this._status$.next('connected');
        return nc;
      })();
      // A failed first connect may be retried by the next emit.
      this.connection.catch(() => {
        this.connection = undefined;
      });
    }
    return this.connection;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.publisher = undefined;
    this.nc = undefined;
    if (!connection) return;
    const nc = await connection.catch(() => undefined);
    if (nc && typeof this.options.servers === 'string' && !nc.isClosed()) await nc.drain();
    this._status$.next('closed');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamClient is not connected; call connect() first');
    return this.nc as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({
      err: new Error('JetStreamClient does not support request/response (send); use emit() to publish to JetStream'),
      isDisposed: true,
    });
    return () => undefined;
  }

  protected async dispatchEvent<T = PubAck>(packet: ReadPacket): Promise<T> {
    const subject = this.normalizePattern(packet.pattern);
    if (hasWildcard(subject)) throw new Error(`cannot publish to wildcard subject "${subject}"`);
    await this.connect();
    const data = packet.data as { commandId?: unknown; eventId?: unknown };
    const id = data?.commandId ?? data?.eventId;
    const ack = await this.publisher!.publish(subject, packet.data as object, {
      msgId: typeof id === 'string' && id.length > 0 ? id : undefined,
      headers: packet.metadata,
    });
    return ack as T;
  }
}
