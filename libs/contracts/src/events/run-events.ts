import type { RunSpec } from '../run-spec';
import type { StageName } from '../stage-catalogue';
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
  schemaVersion: 1;
  /** When the fact happened, as stamped by the adapter that observed it (deciders never read the clock). */
  at: string;
}

export interface RunStarted extends Timed {
  runId: string;
  spec: RunSpec;
  stages: StagePlan[];
}
export interface StageSkipped extends Timed {
  stage: StageName;
  reason: string;
}
export interface StageDispatched extends Timed {
  stage: StageName;
  attempt: number;
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
  'StageCompleted',
  'StageFailed',
  'RunCompleted',
  'RunFailed',
  'RunCancelled',
  'RunResumed',
];

export function isRunEvent(event: { type: string; data: unknown }): event is RunEvent {
  const data = event.data as { schemaVersion?: unknown } | null;
  return (RUN_EVENT_TYPES as readonly string[]).includes(event.type) && data?.schemaVersion === 1;
}

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export type StageStatus = 'pending' | 'dispatched' | 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';
