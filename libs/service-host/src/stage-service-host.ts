import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { ObjectStoreArtifactStore } from '@ares/artifacts';
import { ServiceName, stageContract, StageName, Subjects } from '@ares/contracts';
import { createLogger, NestPinoLogger } from '@ares/logging';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, InboundMessage, JetStreamServer, provisionMessaging, stageRetryPolicyFromEnv } from '@ares/messaging';
import { KvStageCache, Stage, StageRunner } from '@ares/stage-runtime';
import { JetStreamEventStore } from '@ares/event-store';
import { consumerMetrics, eventStoreMetrics, processMetrics, stageRunnerMetrics } from '@ares/metrics';
import { HistoryCheckpointSource } from './history-checkpoint-source';
import { deadLetteredAttemptEvent } from './dead-lettered-attempt';
import { safeJson } from './safe-json';
import { JetStreamUnitQueue, startUnitWorker } from './unit-work';
import { exitWithParent } from './exit-with-parent';
import { closeOnSignals } from './graceful-shutdown';
import { instanceName, serveHealth } from './health-responder';
import { HealthHttpServer, healthPortFrom } from './health-http-server';
import { stageCommandsController } from './stage-commands.controller';
import { StageEventPublisher } from './stage-event-publisher';

export interface StageServiceOptions {
  service: ServiceName;
  /** The service's stages; a factory when they need the service's NATS connection (e.g. a local store). */
  stages: Stage[] | ((nc: NatsConnection) => Promise<Stage[]>);
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs a service process: connects to NATS, provisions what it needs, consumes its stage commands
 * (replicas share one durable consumer), answers health probes (over NATS, and over HTTP on
 * `ARES_HEALTH_PORT` with its metrics), and stops running stages of a run when the orchestrator says the run ended.
 */
export async function runStageService({ service, stages: stagesOrFactory, env = process.env }: StageServiceOptions): Promise<void> {
  const logger = createLogger(service);
  exitWithParent();
  const metrics = processMetrics();
  // Up first, so liveness answers while NATS connects; readiness waits for the consumers.
  const healthPort = healthPortFrom(env);
  const probes = healthPort === undefined ? undefined : await HealthHttpServer.start({ port: healthPort, metrics: () => metrics.render() });
  if (probes) logger.info({ port: probes.port }, 'health and metrics on HTTP');
  const nc = await connectNats(env.NATS_URL ?? 'nats://127.0.0.1:4222', service, { logger });
  await provisionMessaging(nc);
  const stages = typeof stagesOrFactory === 'function' ? await stagesOrFactory(nc) : stagesOrFactory;
  const events = new StageEventPublisher(nc);
  const consumers = consumerMetrics(metrics, service);
  const runner = new StageRunner({
    stages,
    logger,
    instance: instanceName(),
    observer: stageRunnerMetrics(
      metrics,
      service,
      stages.map((stage) => stage.name),
    ),
    checkpoints: new HistoryCheckpointSource(await JetStreamEventStore.create(nc, { onAppend: eventStoreMetrics(metrics) })),
    cache: await KvStageCache.open(nc),
    artifacts: await ObjectStoreArtifactStore.open(nc),
    publishEvent: (message) => events.publish(message),
    unitQueue: new JetStreamUnitQueue(nc, (stage) => stageContract(stage as StageName).service),
  });
  const { ackWaitMs, maxDeliver } = stageRetryPolicyFromEnv(env);
  const retry = { ackWaitMs, maxDeliver };
  // Units of long stages, handed out by any replica's coordinator: this replica computes its share. Every stage
  // service attaches, units or not, so the consumers a provisioning job creates are exactly those in use.
  const units =
    stages.length > 0
      ? await startUnitWorker({
          nc,
          service,
          runner,
          logger,
          publishEvent: (message) => events.publish(message),
          ...retry,
          concurrency: Number(env.ARES_UNIT_CONCURRENCY ?? 1),
          observer: consumers,
        })
      : undefined;

  const cancellations = nc.subscribe(Subjects.cancelStagesAll, {
    callback: (error, message) => {
      if (error) return;
      const { runId, reason, stage, attempt, at } = message.json<{
        runId: string;
        reason?: string;
        stage?: StageName;
        attempt?: number;
        at?: string;
      }>();
      const only = stage && attempt ? { stage, attempt } : undefined;
      const stopped = runner.cancelRun(runId, reason ?? 'run ended', only, at);
      if (stopped > 0)
        logger.info({ runId, stopped, ...only }, only ? 'stopped a timed-out stage attempt' : 'stopped running stages of an ended run');
    },
  });
  const health = serveHealth(nc, service, () => ({ stages: runner.stageNames }));

  /** The run hears about a stage command that exhausted its deliveries: the stage failed for that attempt. */
  const onDeadLetter = async (message: InboundMessage, reason: string) => {
    const event = deadLetteredAttemptEvent(safeJson(message.data), reason);
    if (event) await events.publish(event);
  };

  const controllers = stages.length > 0 ? [stageCommandsController(service, runner)] : [];
  @Module({ controllers })
  class StageServiceModule {}

  const app = await NestFactory.createMicroservice<MicroserviceOptions>(StageServiceModule, {
    strategy: new JetStreamServer({
      servers: nc,
      serviceName: service,
      logger,
      onDeadLetter,
      observer: consumers,
      defaults: { ...retry, concurrency: Number(env.ARES_STAGE_CONCURRENCY ?? 2) },
    }),
    logger: new NestPinoLogger(logger),
  });
  await app.listen();
  probes?.markReady();
  logger.info({ stages: runner.stageNames, instance: instanceName() }, `${service} ready`);

  // Drain: not ready at once, both consumers stop pulling together and finish (or nak) what they hold; the
  // cancellations stay subscribed until then, so an attempt still in hand hears a timeout or a cancelled run.
  closeOnSignals(logger, async () => {
    probes?.markDraining();
    health.unsubscribe();
    await Promise.all([units?.stop(), app.close()]);
    cancellations.unsubscribe();
    await nc.drain().catch(() => undefined);
    await probes?.close();
  });
}

/** Entry point helper for a service's main.ts. */
export function startStageServiceProcess(options: StageServiceOptions): void {
  runStageService(options).catch((error: Error) => {
    process.stderr.write(`${options.service} failed to start: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
}
