/** The orchestrator's public surface, for tools and tests that compose it (scripts, benches, the CLI's specs). */
export * from './run';
export * from './saga/run-saga';
export * from './saga/run-history';
export * from './saga/duplicate-facts';
export * from './saga/run-projector';
export * from './saga/stage-dispatcher';
export * from './projections/kv-run-projections';
export * from './projections/run-detail';
export * from './application/run-service';
export * from './application/run-reports';
export * from './adapters/jetstream-stage-dispatcher';
export * from './http/api-exception.filter';
export * from './orchestrator.module';
