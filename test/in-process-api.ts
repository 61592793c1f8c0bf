import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { ObjectStoreArtifactStore } from '@ares/artifacts';
import { JetStreamEventStore } from '@ares/event-store';
import { connectNats, provisionMessaging } from '@ares/messaging';
import { ModelRegistry } from '@ares/model-registry';
import type { NatsServerProcess } from '@ares/nats-server';
import { ApiExceptionFilter, KvRunProjections, OrchestratorModule, RunReports, RunSaga, RunService } from '@ares/orchestrator';

export interface InProcessApi {
  app: INestApplication;
  nc: NatsConnection;
  url: string;
  registry: ModelRegistry;
}

/**
 * The orchestrator's real HTTP API (controllers, validation, event store, projections, model registry) in this
 * process, on a private nats-server. No stage service runs, so a run stays at its first stage until it is cancelled.
 */
export async function startInProcessApi(server: NatsServerProcess): Promise<InProcessApi> {
  const nc = await connectNats(server.url, 'spec-orchestrator');
  await provisionMessaging(nc);
  const store = await JetStreamEventStore.create(nc);
  const projections = await KvRunProjections.open(nc, store);
  const logger = pino({ level: 'silent' });
  const dispatcher = { dispatch: async () => undefined, cancelStages: async () => undefined };
  const saga = new RunSaga({ store, dispatcher, projector: projections, logger });
  const healthProbe = { check: async () => ({ status: 'ok' as const, services: {} }) };
  const runService = new RunService(saga, store, projections);
  const registry = await ModelRegistry.open(nc);
  const reports = new RunReports(runService, await ObjectStoreArtifactStore.open(nc));
  const app = await NestFactory.create(OrchestratorModule.register({ runService, saga, healthProbe, registry, reports, logger }), { logger: false });
  app.useGlobalFilters(new ApiExceptionFilter(logger));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, nc, url: `http://127.0.0.1:${port}`, registry };
}
