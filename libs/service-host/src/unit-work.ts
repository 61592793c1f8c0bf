import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { decodeContract, ExecuteUnitCommand, StageEventMessage, Streams, Subjects, unitCommandId } from '@ares/contracts';
import type { Logger } from '@ares/logging';
import { ConsumerObserver, DurableWorker, InboundMessage, startDurableWorker, unitsDurable } from '@ares/messaging';
import { StageRunner, UnitQueue } from '@ares/stage-runtime';
import { deadLetteredAttemptEvent } from './dead-lettered-attempt';
import { safeJson } from './safe-json';

/**
 * A service's units work queue: a unit goes to `ares.unit.<service>.<stage>` with a deterministic `Nats-Msg-Id`, so
 * a coordinator that is redelivered and hands the same unit out again is dropped as a duplicate.
 */
export class JetStreamUnitQueue implements UnitQueue {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly serviceOf: (stage: string) => string,
  ) {
    this.js = jetstream(nc);
  }

  async enqueue(command: ExecuteUnitCommand): Promise<void> {
    const { runId, stage, attempt } = command.command;
    await this.js.publish(Subjects.unit(this.serviceOf(stage), stage), JSON.stringify(command), {
      msgID: unitCommandId(runId, stage, attempt, command.unit),
    });
  }
}

export interface UnitWorkerOptions {
  nc: NatsConnection;
  service: string;
  runner: StageRunner;
  logger: Logger;
  /** Publishes the stage's `failed` event when a unit exhausts its deliveries. */
  publishEvent(message: StageEventMessage): Promise<void>;
  ackWaitMs?: number;
  maxDeliver?: number;
  concurrency?: number;
  /** Told about the units' redeliveries and dead letters (metrics). */
  observer?: ConsumerObserver;
}

/**
 * The replicas of a service share one durable consumer of its units: explicit ack, in-progress acks while a unit
 * computes, bounded redelivery with backoff, dead letter. A unit that exhausts its deliveries fails its stage attempt.
 */
export function startUnitWorker(options: UnitWorkerOptions): Promise<DurableWorker> {
  const { nc, service, runner, logger } = options;
  return startDurableWorker({
    nc,
    stream: Streams.units,
    durable: unitsDurable(service),
    filterSubject: Subjects.unitsFor(service),
    ackWaitMs: options.ackWaitMs,
    maxDeliver: options.maxDeliver,
    concurrency: options.concurrency ?? 1,
    logger,
    observer: options.observer,
    handler: (message) => runner.runUnit(decodeContract(ExecuteUnitCommand, message.data)),
    onDeadLetter: async (message: InboundMessage, reason: string) => {
      const unit = safeJson(message.data) as { unit?: string; command?: unknown } | undefined;
      const event = deadLetteredAttemptEvent(unit?.command, reason, unit?.unit ?? 'unknown');
      if (event) await options.publishEvent(event);
    },
  });
}
