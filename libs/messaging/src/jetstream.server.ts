import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';
import { lastValueFrom } from 'rxjs';
import { createLogger, Logger } from '@ares/logging';
import { ConsumerObserver, DurableWorker, startDurableWorker } from './durable-consumer-worker';
import type { InboundMessage } from './inbound-message';
import { JetStreamContext } from './jetstream.context';
import { connectNats } from './nats-connection';
import { messagingStreamFor, provisionMessaging } from './provisioning';
import { handlerDurable } from './durable-consumers';

/** Transport id: `@EventPattern(pattern, JETSTREAM_TRANSPORT)` binds a handler to this transport only. */
export const JETSTREAM_TRANSPORT = Symbol('JETSTREAM_TRANSPORT');

export interface ConsumerTuning {
  ackWaitMs?: number;
  maxDeliver?: number;
  backoffMs?: number[];
  concurrency?: number;
}

export interface JetStreamServerOptions {
  /** A NATS URL (comma-separated for several), or a connection the caller owns and closes. */
  servers: string | NatsConnection;
  /** Durable names start with it, so all replicas of a service share each consumer. */
  serviceName: string;
  /** Per-pattern overrides, keyed by the pattern exactly as written in `@EventPattern`. */
  consumers?: Record<string, ConsumerTuning>;
  /** Applied to every pattern before its own overrides. */
  defaults?: ConsumerTuning;
  onDeadLetter?: (message: InboundMessage, reason: string, pattern: string) => Promise<void>;
  logger?: Logger;
  /** How long close() waits for running handlers before abandoning them to redelivery. */
  drainTimeoutMs?: number;
  /** Told about every consumer's redeliveries and dead letters (metrics). */
  observer?: ConsumerObserver;
}

export type JetStreamServerStatus = 'connected' | 'closed';

/**
 * Nest transport on JetStream: every `@EventPattern(subjectPattern)` becomes a durable pull consumer
 * named `<serviceName>-<pattern>` on the stream holding that subject. A handler's returned Promise or
 * Observable is awaited before the message is acked; errors retry, terminate or dead-letter as
 * described in durable-consumer-worker.ts. Register JetStreamExceptionFilter so error classes
 * survive Nest's exception layer. Request/response (`@MessagePattern`) is not offered: JetStream
 * work is acknowledged, not answered.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest declares its events map with Function
export class JetStreamServer extends Server<Record<string, Function>, JetStreamServerStatus> implements CustomTransportStrategy {
  override transportId = JETSTREAM_TRANSPORT;
  /** Handler failures are awaited and classified here, so Nest need not report them itself. */
  override readonly propagatesEventHandlerErrors = true;
  private nc?: NatsConnection;
  private workers: DurableWorker[] = [];
  private readonly log: Logger;
  private warnedAboutSanitisedErrors = false;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.log = (options.logger ?? createLogger(options.serviceName)).child({ transport: 'jetstream' });
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    let failure: unknown;
    try {
      await this.start();
    } catch (error) {
      failure = error ?? new Error('JetStreamServer failed to start');
      await this.close().catch(() => undefined);
    }
    if (failure === undefined) callback();
    else callback(failure);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.stop({ drainTimeoutMs: this.options.drainTimeoutMs })));
    if (this.nc && typeof this.options.servers === 'string' && !this.nc.isClosed()) await this.nc.drain();
    this.nc = undefined;
    this._status$.next('closed');
  }

  on(): never {
    throw new Error('JetStreamServer does not emit events; subscribe to `status` instead');
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamServer is not connected; call listen() first');
    return this.nc as T;
  }

  private async start(): Promise<void> {
    const { servers, serviceName } = this.options;
    this.nc = typeof servers === 'string' ? await connectNats(servers, serviceName, { logger: this.log }) : servers;
    await provisionMessaging(this.nc, { logger: this.log });
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) {
        this.log.warn({ pattern }, '@MessagePattern (request/response) is not supported by the JetStream transport; ignored');
        continue;
      }
      this.workers.push(await this.startWorker(this.nc, pattern));
    }
    this._status$.next('connected');
  }

  private startWorker(nc: NatsConnection, pattern: string): Promise<DurableWorker> {
    const tuning = { ...this.options.defaults, ...this.options.consumers?.[pattern] };
    const onDeadLetter = this.options.onDeadLetter;
    return startDurableWorker({
      nc,
      stream: messagingStreamFor(pattern).name,
      durable: handlerDurable(this.options.serviceName, pattern),
      filterSubject: pattern,
      ...tuning,
      logger: this.log.child({ pattern }),
      handler: (message) => this.invoke(pattern, message),
      onDeadLetter: onDeadLetter && ((message, reason) => onDeadLetter(message, reason, pattern)),
      drainTimeoutMs: this.options.drainTimeoutMs,
      observer: this.options.observer,
    });
  }

  /** Runs the Nest handler (pipes, guards, interceptors, filters) and settles when its result does. */
  private async invoke(pattern: string, message: InboundMessage): Promise<void> {
    const handler = this.messageHandlers.get(pattern) as MessageHandler;
    const data = message.json<unknown>(); // not JSON → ContractViolationError → terminated
    const context = new JetStreamContext([message.subject, message, pattern]);
    try {
      await new Promise<void>((resolve, reject) => {
        const started = this.runWithProcessingHooks(context, async (runEndHook) => {
          try {
            const result = await handler(data, context);
            await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
            resolve();
          } catch (error) {
            reject(error);
          } finally {
            runEndHook();
          }
        }) as unknown;
        Promise.resolve(started).catch(reject);
      });
    } catch (error) {
      this.warnIfSanitised(error);
      throw error;
    }
  }

  private warnIfSanitised(error: unknown): void {
    const e = error as { status?: unknown; message?: unknown } | null;
    if (this.warnedAboutSanitisedErrors || e instanceof Error || e?.status !== 'error') return;
    this.warnedAboutSanitisedErrors = true;
    this.log.warn('handler errors arrive sanitised by Nest; register JetStreamExceptionFilter so invalid payloads are terminated instead of retried');
  }
}
