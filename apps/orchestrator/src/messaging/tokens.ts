export const RUN_SAGA = Symbol('RunSaga');
/** The orchestrator's pino logger, for what the JetStream inputs refuse. */
export const ORCHESTRATOR_LOGGER = Symbol('OrchestratorLogger');
