import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import type { StageContract } from './define-stage';
import { STAGE_CATALOGUE, StageName, StageParams } from './stage-catalogue';

/** Per-stage settings a RunSpec may override; anything left out takes the stage contract's default. */
export class StageOverride {
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  /** Extra attempts after a transient failure. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  retries?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 3600)
  timeoutSeconds?: number;
}

/** `spec.stages`: one optional override per catalogued stage, its params typed by the stage's contract. */
export type StageOverrides = { [S in StageName]?: StageOverride & { params?: StageParams<S> } };

const pascal = (name: string) => name.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

/** class-validator walks classes, not types: one override class per contract, its `params` validated by the contract's class. */
function overrideClassFor(contract: Pick<StageContract, 'name' | 'params'>): new () => StageOverride {
  const Override = class extends StageOverride {};
  Object.defineProperty(Override, 'name', { value: `${pascal(contract.name)}StageOverride` });
  IsOptional()(Override.prototype, 'params');
  IsObject()(Override.prototype, 'params');
  ValidateNested()(Override.prototype, 'params');
  Type(() => contract.params)(Override.prototype, 'params');
  return Override;
}

function overridesClass(catalogue: readonly Pick<StageContract, 'name' | 'params'>[]): new () => StageOverrides {
  const Overrides = class {};
  Object.defineProperty(Overrides, 'name', { value: 'StageOverrides' });
  for (const contract of catalogue) {
    const Override = overrideClassFor(contract);
    IsOptional()(Overrides.prototype, contract.name);
    ValidateNested()(Overrides.prototype, contract.name);
    Type(() => Override)(Overrides.prototype, contract.name);
  }
  return Overrides as new () => StageOverrides;
}

/** The validating class behind `spec.stages`, derived from the catalogue. */
export const StageOverridesSchema = overridesClass(STAGE_CATALOGUE);
