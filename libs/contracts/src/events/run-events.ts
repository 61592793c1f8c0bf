import type { RunSpec } from '../run-spec';
import type { StageName } from '../stages';
import type { StageOutput } from '../stage-output';
import type { ServiceName } from '../subjects';

/** A stage as planned for one run: the catalogue entry with the RunSpec's overrides applied. */
export interface StagePlan {
  name: StageName;
  service: ServiceName;
  dependsOn: StageName[];
  enabled: boolean;
  retries: number;
  timeoutSeconds: number;
  params: Record<string, unknown>;
}

interface Timed {
  /** The shape's version for its event type (RUN_EVENT_VERSIONS); older ones are upcast when history is read. */
  schemaVersion: number;
  /** When the fact happened, as stamped by the adapter that observed it (deciders never read the clock). */
  at: string;
}

export interface RunStarted extends Timed {
  schemaVersion: 3;
  runId: string;
  spec: RunSpec;
  /** Version 1 called it `stages`. */
  plan: StagePlan[];
}
export interface StageSkipped extends Timed {
  stage: StageName;
  reason: string;
}
export interface StageDispatched extends Timed {
  stage: StageName;
  attempt: number;
  /** A retry after a transient failure waits this long before its command is sent (backoff). */
  delayMs?: number;
}
export interface StageStarted extends Timed {
  stage: StageName;
  attempt: number;
  instance?: string;
}
export interface StageProgressed extends Timed {
  stage: StageName;
  attempt: number;
  progress?: number;
  message?: string;
}
export interface StageCompleted extends Timed {
  stage: StageName;
  attempt: number;
  output: StageOutput;
  cached: boolean;
}
export interface StageFailed extends Timed {
  stage: StageName;
  attempt: number;
  error: string;
  willRetry: boolean;
  deadLettered?: boolean;
  timedOut?: boolean;
  /** No attempt could mend it: the run failed at once. */
  permanent?: boolean;
}
/** A unit of a long stage finished (e.g. `fold-3`): no later attempt of the same work computes it again. */
export interface StageCheckpointed extends Timed {
  stage: StageName;
  attempt: number;
  unit: string;
  scope: string;
  result: unknown;
  instance?: string;
}
export type RunCompleted = Timed;
export interface RunFailed extends Timed {
  stage?: StageName;
  reason: string;
}
export interface RunCancelled extends Timed {
  reason: string;
}
export interface RunResumed extends Timed {
  stages: StageName[];
}

/** Every fact a run's history can hold. */
export type RunEvent =
  | { type: 'RunStarted'; data: RunStarted }
  | { type: 'StageSkipped'; data: StageSkipped }
  | { type: 'StageDispatched'; data: StageDispatched }
  | { type: 'StageStarted'; data: StageStarted }
  | { type: 'StageProgressed'; data: StageProgressed }
  | { type: 'StageCheckpointed'; data: StageCheckpointed }
  | { type: 'StageCompleted'; data: StageCompleted }
  | { type: 'StageFailed'; data: StageFailed }
  | { type: 'RunCompleted'; data: RunCompleted }
  | { type: 'RunFailed'; data: RunFailed }
  | { type: 'RunCancelled'; data: RunCancelled }
  | { type: 'RunResumed'; data: RunResumed };

export type RunEventType = RunEvent['type'];

export const RUN_EVENT_TYPES: readonly RunEventType[] = [
  'RunStarted',
  'StageSkipped',
  'StageDispatched',
  'StageStarted',
  'StageProgressed',
  'StageCheckpointed',
  'StageCompleted',
  'StageFailed',
  'RunCompleted',
  'RunFailed',
  'RunCancelled',
  'RunResumed',
];

/** The current schema version of each event type's data; history written with an older one is upcast on read. */
export const RUN_EVENT_VERSIONS: Readonly<Record<RunEventType, number>> = Object.freeze({
  RunStarted: 3,
  StageSkipped: 1,
  StageDispatched: 1,
  StageStarted: 1,
  StageProgressed: 1,
  StageCheckpointed: 1,
  StageCompleted: 1,
  StageFailed: 1,
  RunCompleted: 1,
  RunFailed: 1,
  RunCancelled: 1,
  RunResumed: 1,
});

/** A stored event of a known type whose version this code can read (the current one, or an older one to upcast). */
export function isRunEvent(event: { type: string; data: unknown }): boolean {
  const version = (event.data as { schemaVersion?: unknown } | null)?.schemaVersion;
  const current = RUN_EVENT_VERSIONS[event.type as RunEventType];
  return current !== undefined && Number.isInteger(version) && (version as number) >= 1 && (version as number) <= current;
}

/** A run is running from its RunStarted on; it has no earlier status. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';
export type StageStatus = 'pending' | 'dispatched' | 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';
