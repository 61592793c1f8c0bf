import { Type } from 'class-transformer';
import { Equals, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsString, Matches, Min, ValidateNested } from 'class-validator';
import { RunSpec } from '../run-spec';
import { SCHEMA_VERSION } from '../schema-version';
import { STAGE_NAMES, StageName } from '../stages';
import { StageOutput } from '../stage-output';
import { RUN_ID_PATTERN } from './run-commands';

/** The output of an upstream stage, handed to the stage that needs it. */
export class StageInput {
  @IsIn(STAGE_NAMES)
  stage!: StageName;

  @IsObject()
  @ValidateNested()
  @Type(() => StageOutput)
  output!: StageOutput;
}

/** Sent by the orchestrator to the service that owns `stage`. */
export class ExecuteStageCommand {
  @Equals(SCHEMA_VERSION)
  schemaVersion: number = SCHEMA_VERSION;

  @Matches(RUN_ID_PATTERN)
  runId!: string;

  @IsIn(STAGE_NAMES)
  stage!: StageName;

  /** 1 for the first attempt; the saga's retries count up. */
  @IsInt()
  @Min(1)
  attempt!: number;

  @IsObject()
  @ValidateNested()
  @Type(() => RunSpec)
  spec!: RunSpec;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StageInput)
  inputs: StageInput[] = [];

  @IsISO8601()
  dispatchedAt!: string;

  @IsString()
  commandId!: string;
}

export function stageCommandId(runId: string, stage: string, attempt: number): string {
  return `${runId}.${stage}.${attempt}`;
}
