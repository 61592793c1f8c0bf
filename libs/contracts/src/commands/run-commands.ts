import { Type } from 'class-transformer';
import { Equals, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { RunSpec } from '../run-spec';
import { SCHEMA_VERSION } from '../schema-version';

/** Run ids are subject tokens: letters, digits, `-` and `_`. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Keys of a stage's units of work (`fold-3`, `trial-41`) travel in event ids too: the same alphabet. */
export const UNIT_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class StartRunCommand {
  @Equals(SCHEMA_VERSION)
  schemaVersion: number = SCHEMA_VERSION;

  /** Optional client-chosen id: a retried StartRun with the same id starts one run, not two. */
  @IsOptional()
  @Matches(RUN_ID_PATTERN, { message: 'runId may hold only letters, digits, - and _ (at most 64)' })
  runId?: string;

  @IsObject({ message: 'spec must be a RunSpec object' })
  @ValidateNested()
  @Type(() => RunSpec)
  spec!: RunSpec;
}

export class CancelRunCommand {
  @Equals(SCHEMA_VERSION)
  schemaVersion: number = SCHEMA_VERSION;

  @Matches(RUN_ID_PATTERN)
  runId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class ResumeRunCommand {
  @Equals(SCHEMA_VERSION)
  schemaVersion: number = SCHEMA_VERSION;

  @Matches(RUN_ID_PATTERN)
  runId!: string;
}
