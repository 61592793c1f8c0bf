import { STAGE_NAMES } from '@ares/contracts';
import { contractSchemas, SCHEMA_REF_PREFIX } from './contract-schemas';

type Schema = { properties?: Record<string, { $ref?: string; type?: string; items?: unknown }>; required?: string[] };

describe('OpenAPI schemas of the contracts', () => {
  const schemas = contractSchemas() as Record<string, Schema>;

  it('describe StartRun and the RunSpec, with its required fields', () => {
    expect(schemas.StartRunCommand.properties?.spec.$ref).toBe(`${SCHEMA_REF_PREFIX}RunSpec`);
    expect(schemas.RunSpec.required).toEqual(expect.arrayContaining(['symbol', 'timeframe', 'from', 'to']));
  });

  it("list every catalogued stage's override, and each override's params by the stage's own params class", () => {
    expect(Object.keys(schemas.StageOverrides.properties ?? {}).sort()).toEqual([...STAGE_NAMES].sort());
    expect(schemas.StageOverrides.properties?.['walk-forward'].$ref).toBe(`${SCHEMA_REF_PREFIX}WalkForwardStageOverride`);
    expect(schemas.WalkForwardStageOverride.properties?.params.$ref).toBe(`${SCHEMA_REF_PREFIX}WalkForwardStageParams`);
    expect(Object.keys(schemas.WalkForwardStageParams.properties ?? {})).toEqual(expect.arrayContaining(['folds', 'mode']));
  });
});
