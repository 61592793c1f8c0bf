/** Every JetStream stream, subject, KV bucket and object store name, defined once. */
export const Streams = {
  /** Run histories: limits retention, file storage, no delete, no purge. One subject per run. */
  history: 'ARES_HISTORY',
  /** Run commands (StartRun, CancelRun, ResumeRun) accepted over NATS. */
  runCommands: 'ARES_RUN_COMMANDS',
  /** Stage commands for the services: work-queue retention. */
  stageCommands: 'ARES_STAGE_COMMANDS',
  /** Units of work a long stage hands to every replica of its service: work-queue retention. */
  units: 'ARES_UNITS',
  /** Stage events published by the services for the saga. */
  stageEvents: 'ARES_STAGE_EVENTS',
  /** Messages that exhausted their deliveries. */
  deadLetter: 'ARES_DEAD_LETTER',
} as const;

export const Subjects = {
  historyAll: 'ares.history.run.*',
  history: (runId: string) => `ares.history.run.${runId}`,

  runCommandsAll: 'ares.cmd.run.>',
  startRun: 'ares.cmd.run.start',
  cancelRun: 'ares.cmd.run.cancel',
  resumeRun: 'ares.cmd.run.resume',

  stageCommandsAll: 'ares.cmd.stage.>',
  stageCommandsFor: (service: string) => `ares.cmd.stage.${service}.>`,
  stageCommand: (service: string, stage: string) => `ares.cmd.stage.${service}.${stage}`,

  unitsAll: 'ares.unit.>',
  unitsFor: (service: string) => `ares.unit.${service}.>`,
  unit: (service: string, stage: string) => `ares.unit.${service}.${stage}`,

  stageEventsAll: 'ares.evt.stage.>',
  stageEvent: (runId: string) => `ares.evt.stage.${runId}`,

  deadLetterAll: 'ares.dlq.>',
  deadLetter: (originalSubject: string) => `ares.dlq.${originalSubject}`,

  /** Core NATS (not persisted): tells running stages of a run to stop. */
  cancelStages: (runId: string) => `ares.ctl.cancel.${runId}`,
  cancelStagesAll: 'ares.ctl.cancel.*',
  /** Core NATS request/reply health probe of one service. */
  health: (service: string) => `ares.health.${service}`,
} as const;

export const Buckets = {
  /** Read models: run detail per key `run.<runId>`. */
  runs: 'ares-runs',
  /** Stage output cache: content hash of the stage's inputs → its result. */
  stageCache: 'ares-stage-cache',
  /** Bulky artifacts (datasets, feature matrices, reports), addressed by content hash. */
  artifacts: 'ares-artifacts',
  /** The model registry's index: per key `model.<name>`, every version with its stage and where its bytes are. */
  models: 'ares-models',
  /** The model registry's bytes: each version's ONNX graph and model card, never overwritten. */
  modelBytes: 'ares-model-bytes',
} as const;

export const ServiceNames = {
  orchestrator: 'orchestrator',
  data: 'data-service',
  optimizer: 'optimizer-service',
  trainer: 'trainer-service',
  validator: 'validator-service',
} as const;

export type ServiceName = (typeof ServiceNames)[keyof typeof ServiceNames];
export const ALL_SERVICES: ServiceName[] = Object.values(ServiceNames);
