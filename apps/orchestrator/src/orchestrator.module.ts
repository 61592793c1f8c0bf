import { DynamicModule, Module } from '@nestjs/common';
import { ServiceNames } from '@ares/contracts';
import { createLogger, Logger } from '@ares/logging';
import { ModelRegistry } from '@ares/model-registry';
import { RunReports } from './application/run-reports';
import { RunService } from './application/run-service';
import { HealthController, HealthProbe } from './http/health.controller';
import { ModelsController } from './http/models.controller';
import { ReportController } from './http/report.controller';
import { MetricsController } from './http/metrics.controller';
import { RunsController } from './http/runs.controller';
import { StagesController } from './http/stages.controller';
import { StreamController } from './http/stream.controller';
import { HEALTH_PROBE, MODEL_REGISTRY, RUN_REPORTS, RUN_SERVICE } from './http/run-service.token';
import { RunMessagesController } from './messaging/run-messages.controller';
import { ORCHESTRATOR_LOGGER, RUN_SAGA } from './messaging/tokens';
import { RunSaga } from './saga/run-saga';

export interface OrchestratorDeps {
  runService: RunService;
  saga: RunSaga;
  healthProbe: HealthProbe;
  registry: ModelRegistry;
  reports: RunReports;
  /** For what the JetStream inputs refuse; a fresh orchestrator logger when left out. */
  logger?: Logger;
}

/** The orchestrator's Nest wiring; the objects themselves are built (and owned) by main.ts. */
@Module({})
export class OrchestratorModule {
  static register(deps: OrchestratorDeps): DynamicModule {
    return {
      module: OrchestratorModule,
      controllers: [
        ReportController,
        ModelsController,
        RunsController,
        StreamController,
        StagesController,
        HealthController,
        MetricsController,
        RunMessagesController,
      ],
      providers: [
        { provide: RUN_SERVICE, useValue: deps.runService },
        { provide: MODEL_REGISTRY, useValue: deps.registry },
        { provide: RUN_REPORTS, useValue: deps.reports },
        { provide: RUN_SAGA, useValue: deps.saga },
        { provide: HEALTH_PROBE, useValue: deps.healthProbe },
        { provide: ORCHESTRATOR_LOGGER, useValue: deps.logger ?? createLogger(ServiceNames.orchestrator) },
      ],
    };
  }
}
