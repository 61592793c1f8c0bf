import { Type } from 'class-transformer';
import { Allow, Equals, IsObject, IsString, Matches, ValidateNested } from 'class-validator';
import { SCHEMA_VERSION } from '../schema-version';
import { UNIT_KEY_PATTERN } from './run-commands';
import { ExecuteStageCommand } from './execute-stage.command';

/**
 * One unit of a long stage's work (an HPO trial, a CV split), handed by the stage's coordinator to any replica of
 * its service. It carries the stage command it belongs to, so the replica sees the same spec, params and inputs.
 */
export class ExecuteUnitCommand {
  @Equals(SCHEMA_VERSION)
  schemaVersion: number = SCHEMA_VERSION;

  @Matches(UNIT_KEY_PATTERN)
  unit!: string;

  /** The stage's cache key: the unit's result is recorded for, and reused by, this work only. */
  @IsString()
  scope!: string;

  /** What the unit computes (e.g. a trial's hyper-parameters); small JSON. */
  @Allow()
  payload: unknown;

  @IsObject()
  @ValidateNested()
  @Type(() => ExecuteStageCommand)
  command!: ExecuteStageCommand;
}

/**
 * The unit's `Nats-Msg-Id`: the same attempt handing a unit out again (its coordinator redelivered) is dropped as a
 * duplicate; a retry (a new attempt) hands out afresh what no attempt recorded.
 */
export function unitCommandId(runId: string, stage: string, attempt: number, unit: string): string {
  return `${runId}.${stage}.${attempt}.unit.${unit}`;
}
