import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { contractSchemas } from './http/contract-schemas';
import { ServiceNames, Subjects } from '@ares/contracts';
import { ObjectStoreArtifactStore } from '@ares/artifacts';
import { JetStreamEventStore } from '@ares/event-store';
import { ModelRegistry } from '@ares/model-registry';
import { createLogger, NestPinoLogger } from '@ares/logging';
import { consumerMetrics, eventStoreMetrics, processMetrics } from '@ares/metrics';
import { connectNats, isNatsUnavailable, JetStreamServer, provisionMessaging } from '@ares/messaging';
import { closeOnSignals, exitWithParent, serveHealth } from '@ares/service-host';
import { JetStreamStageDispatcher } from './adapters/jetstream-stage-dispatcher';
import { NatsHealthProbe } from './adapters/nats-health-probe';
import { RunReports } from './application/run-reports';
import { RunService } from './application/run-service';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { apiTokenFromEnv } from './http/api-token';
import { bearerTokenMiddleware } from './http/bearer-token.middleware';
import { OrchestratorModule } from './orchestrator.module';
import { KvRunProjections } from './projections/kv-run-projections';
import { RunSaga } from './saga/run-saga';

/** Composition root: builds the adapters, recovers every run from history, then opens HTTP and JetStream. */
async function bootstrap(): Promise<void> {
  const logger = createLogger(ServiceNames.orchestrator);
  exitWithParent();
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const port = Number(process.env.ARES_API_PORT ?? 3000);
  // The dashboard's bundle (scripts/build-web.mjs) is dist/web, beside dist/apps where this file runs from.
  const webDir = join(__dirname, '..', '..', '..', 'web');
  if (!existsSync(join(webDir, 'index.html'))) throw new Error(`the dashboard is not built: no index.html in ${webDir} (npm run build)`);
  const nc = await connectNats(natsUrl, ServiceNames.orchestrator);
  await provisionMessaging(nc);
  const metrics = processMetrics();
  const store = await JetStreamEventStore.create(nc, { onAppend: eventStoreMetrics(metrics) });
  const projections = await KvRunProjections.open(nc, store);
  const saga = new RunSaga({ store, dispatcher: new JetStreamStageDispatcher(nc), projector: projections, logger, isTransient: isNatsUnavailable });
  const runService = new RunService(saga, store, projections);
  const registry = await ModelRegistry.open(nc);
  const reports = new RunReports(runService, await ObjectStoreArtifactStore.open(nc));

  const app = await NestFactory.create<NestExpressApplication>(
    OrchestratorModule.register({ runService, saga, healthProbe: new NatsHealthProbe(nc), registry, reports, logger }),
    {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
    },
  );
  app.useGlobalFilters(new ApiExceptionFilter(logger));
  // Before the static files and routes: with ARES_API_TOKEN set, everything but /health and /metrics needs it.
  const apiToken = apiTokenFromEnv();
  if (apiToken) app.use(bearerTokenMiddleware(apiToken));
  app.useStaticAssets(webDir);
  const openApi = new DocumentBuilder()
    .setTitle('Ares orchestrator')
    .setDescription('Start runs, follow them stage by stage, read their history.')
    .setVersion('1')
    .build();
  SwaggerModule.setup('docs', app, () => {
    const document = SwaggerModule.createDocument(app, openApi);
    document.components = { ...document.components, schemas: { ...document.components?.schemas, ...contractSchemas() } };
    return document;
  });
  app.connectMicroservice({
    strategy: new JetStreamServer({
      servers: nc,
      serviceName: ServiceNames.orchestrator,
      logger,
      defaults: { concurrency: 16 },
      observer: consumerMetrics(metrics, ServiceNames.orchestrator),
    }),
  });

  const recovered = await saga.recover();
  await app.startAllMicroservices();
  const health = serveHealth(nc, ServiceNames.orchestrator);
  await app.listen(port, process.env.ARES_API_HOST ?? '0.0.0.0');
  logger.info({ port, natsUrl, apiAuth: apiToken ? 'bearer' : 'none', ...recovered, historySubjects: Subjects.historyAll }, 'orchestrator ready');

  closeOnSignals(logger, async () => {
    saga.stop();
    health.unsubscribe();
    await app.close();
    await nc.drain().catch(() => undefined);
  });
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`orchestrator failed to start: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
