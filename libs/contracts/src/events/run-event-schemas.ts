import { Type } from 'class-transformer';
import {
  Allow,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { RUN_ID_PATTERN, UNIT_KEY_PATTERN } from '../commands/run-commands';
import { RunSpec } from '../run-spec';
import { STAGE_NAMES, StageName } from '../stages';
import { StageOutput } from '../stage-output';
import { ALL_SERVICES, ServiceName } from '../subjects';
import { ContractViolationError, parseContract } from '../validation';
import { RUN_EVENT_VERSIONS, RunEvent, RunEventType } from './run-events';
import { upcastRunEventData } from './run-event-upcasters';

/**
 * Validating classes for the data of every history event (the interfaces in run-events.ts are their
 * shapes). History is read through them, so an event this code cannot understand stops a fold loudly
 * instead of folding into a wrong state.
 */
abstract class TimedSchema {
  /** Checked against RUN_EVENT_VERSIONS by parseRunEvent, after upcasting. */
  @IsInt()
  schemaVersion!: number;

  @IsISO8601()
  at!: string;
}

abstract class StageAttemptSchema extends TimedSchema {
  @IsIn(STAGE_NAMES)
  stage!: StageName;

  @IsInt()
  @Min(1)
  attempt!: number;
}

export class StagePlanSchema {
  @IsIn(STAGE_NAMES) name!: StageName;
  @IsIn(ALL_SERVICES) service!: ServiceName;
  @IsArray() @IsIn(STAGE_NAMES, { each: true }) dependsOn!: StageName[];
  @IsBoolean() enabled!: boolean;
  @IsInt() @Min(0) retries!: number;
  @IsInt() @Min(1) timeoutSeconds!: number;
  @IsObject() params!: Record<string, unknown>;
}

export class RunStartedSchema extends TimedSchema {
  @Matches(RUN_ID_PATTERN) runId!: string;
  @IsObject() @ValidateNested() @Type(() => RunSpec) spec!: RunSpec;
  @IsArray() @ValidateNested({ each: true }) @Type(() => StagePlanSchema) plan!: StagePlanSchema[];
}

export class StageSkippedSchema extends TimedSchema {
  @IsIn(STAGE_NAMES) stage!: StageName;
  @IsString() reason!: string;
}

export class StageDispatchedSchema extends StageAttemptSchema {
  @IsOptional() @IsInt() @Min(0) delayMs?: number;
}

export class StageStartedSchema extends StageAttemptSchema {
  @IsOptional() @IsString() instance?: string;
}

export class StageProgressedSchema extends StageAttemptSchema {
  @IsOptional() @IsNumber() @Min(0) @Max(1) progress?: number;
  @IsOptional() @IsString() message?: string;
}

export class StageCompletedSchema extends StageAttemptSchema {
  @IsObject() @ValidateNested() @Type(() => StageOutput) output!: StageOutput;
  @IsBoolean() cached!: boolean;
}

export class StageFailedSchema extends StageAttemptSchema {
  @IsString() error!: string;
  @IsBoolean() willRetry!: boolean;
  @IsOptional() @IsBoolean() deadLettered?: boolean;
  @IsOptional() @IsBoolean() timedOut?: boolean;
  @IsOptional() @IsBoolean() permanent?: boolean;
}

export class StageCheckpointedSchema extends StageAttemptSchema {
  @Matches(UNIT_KEY_PATTERN) unit!: string;
  @IsString() scope!: string;
  @Allow() result!: unknown;
  @IsOptional() @IsString() instance?: string;
}

export class RunCompletedSchema extends TimedSchema {}

export class RunFailedSchema extends TimedSchema {
  @IsOptional() @IsIn(STAGE_NAMES) stage?: StageName;
  @IsString() reason!: string;
}

export class RunCancelledSchema extends TimedSchema {
  @IsString() reason!: string;
}

export class RunResumedSchema extends TimedSchema {
  @IsArray() @IsIn(STAGE_NAMES, { each: true }) stages!: StageName[];
}

const SCHEMAS: Record<RunEventType, new () => object> = {
  RunStarted: RunStartedSchema,
  StageSkipped: StageSkippedSchema,
  StageDispatched: StageDispatchedSchema,
  StageStarted: StageStartedSchema,
  StageProgressed: StageProgressedSchema,
  StageCheckpointed: StageCheckpointedSchema,
  StageCompleted: StageCompletedSchema,
  StageFailed: StageFailedSchema,
  RunCompleted: RunCompletedSchema,
  RunFailed: RunFailedSchema,
  RunCancelled: RunCancelledSchema,
  RunResumed: RunResumedSchema,
};

/**
 * A stored history event in its current shape (older versions upcast), checked against its schema; throws
 * ContractViolationError naming what is wrong.
 */
export function parseRunEvent(type: string, data: unknown): RunEvent {
  const schema = SCHEMAS[type as RunEventType];
  if (!schema) throw new Error(`unknown run event type '${type}'`);
  const current = upcastRunEventData(type as RunEventType, data);
  const version = (current as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== RUN_EVENT_VERSIONS[type as RunEventType]) {
    throw new ContractViolationError(type, [`schemaVersion: must be ${RUN_EVENT_VERSIONS[type as RunEventType]}, got ${JSON.stringify(version)}`]);
  }
  // Validate, but keep the plain JSON: folds and projections work on plain data.
  parseContract(schema, current);
  return { type, data: current } as RunEvent;
}
