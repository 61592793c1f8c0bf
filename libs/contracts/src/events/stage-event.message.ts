import { Type } from 'class-transformer';
import {
  Allow,
  Equals,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RUN_ID_PATTERN, UNIT_KEY_PATTERN } from '../commands/run-commands';
import { SCHEMA_VERSION } from '../schema-version';
import { STAGE_NAMES, StageName } from '../stages';
import { StageOutput } from '../stage-output';

export const STAGE_EVENT_KINDS = ['started', 'progress', 'checkpoint', 'completed', 'failed'] as const;
export type StageEventKind = (typeof STAGE_EVENT_KINDS)[number];

/** What a service tells the saga about a stage attempt. */
export class StageEventMessage {
  @Equals(SCHEMA_VERSION)
  schemaVersion: number = SCHEMA_VERSION;

  /** Deterministic per (run, stage, attempt, kind[, sequence]): a republished message is recognised. */
  @IsString()
  eventId!: string;

  @Matches(RUN_ID_PATTERN)
  runId!: string;

  @IsIn(STAGE_NAMES)
  stage!: StageName;

  @IsInt()
  @Min(1)
  attempt!: number;

  @IsIn(STAGE_EVENT_KINDS)
  kind!: StageEventKind;

  @IsISO8601()
  occurredAt!: string;

  /** Which replica did the work (host/pid), for people watching. */
  @IsOptional()
  @IsString()
  instance?: string;

  /** 0..1, for progress events. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  progress?: number;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => StageOutput)
  output?: StageOutput;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  error?: string;

  /** The output came from the stage cache, not a new computation. */
  @IsOptional()
  @IsBoolean()
  cached?: boolean;

  /** Failed: no later attempt can mend it (bad input, a failed gate); the run fails at once instead of retrying. */
  @IsOptional()
  @IsBoolean()
  permanent?: boolean;

  /** Checkpoint (and unit progress): the unit of work, e.g. `fold-3`. */
  @IsOptional()
  @Matches(UNIT_KEY_PATTERN)
  unit?: string;

  /** Checkpoint: the unit's result, small JSON (bulk goes in artifacts, referenced here). */
  @IsOptional()
  @Allow()
  result?: unknown;

  /** Checkpoint: the stage's cache key for the work the unit belongs to; a unit is reused only for the same work. */
  @IsOptional()
  @IsString()
  scope?: string;

  /** The stage command exhausted its deliveries and went to the dead-letter stream. */
  @IsOptional()
  @IsBoolean()
  deadLettered?: boolean;
}
