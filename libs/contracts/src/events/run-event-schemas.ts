import { Type } from 'class-transformer';
import {
  Equals,
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
import { RUN_ID_PATTERN } from '../commands/run-commands';
import { RunSpec } from '../run-spec';
import { SCHEMA_VERSION } from '../schema-version';
import { STAGE_NAMES, StageName } from '../stage-catalogue';
import { StageOutput } from '../stage-output';
import { ALL_SERVICES, ServiceName } from '../subjects';
import { parseContract } from '../validation';
import { RunEvent, RunEventType } from './run-events';

/**
 * Validating classes for the data of every history event (the interfaces in run-events.ts are their
 * shapes). History is read through them, so an event this code cannot understand stops a fold loudly
 * instead of folding into a wrong state.
 */
abstract class TimedSchema {
  @Equals(SCHEMA_VERSION)
  schemaVersion!: 1;

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
  @IsArray() @ValidateNested({ each: true }) @Type(() => StagePlanSchema) stages!: StagePlanSchema[];
}

export class StageSkippedSchema extends TimedSchema {
  @IsIn(STAGE_NAMES) stage!: StageName;
  @IsString() reason!: string;
}

export class StageDispatchedSchema extends StageAttemptSchema {}

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
  StageCompleted: StageCompletedSchema,
  StageFailed: StageFailedSchema,
  RunCompleted: RunCompletedSchema,
  RunFailed: RunFailedSchema,
  RunCancelled: RunCancelledSchema,
  RunResumed: RunResumedSchema,
};

/** A history event checked against its schema; throws ContractViolationError naming what is wrong. */
export function parseRunEvent(type: string, data: unknown): RunEvent {
  const schema = SCHEMAS[type as RunEventType];
  if (!schema) throw new Error(`unknown run event type '${type}'`);
  // Validate, but keep the plain JSON: folds and projections work on plain data.
  parseContract(schema, data);
  return { type, data } as RunEvent;
}
