import { Type } from 'class-transformer';
import {
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
import { RUN_ID_PATTERN } from '../commands/run-commands';
import { SCHEMA_VERSION } from '../schema-version';
import { STAGE_NAMES, StageName } from '../stage-catalogue';
import { StageOutput } from '../stage-output';

export const STAGE_EVENT_KINDS = ['started', 'progress', 'completed', 'failed'] as const;
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

  /** The stage command exhausted its deliveries and went to the dead-letter stream. */
  @IsOptional()
  @IsBoolean()
  deadLettered?: boolean;
}
