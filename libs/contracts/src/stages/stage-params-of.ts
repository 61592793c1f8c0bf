import type { RunSpec } from '../run-spec';
import { parseContract } from '../validation';
import { stageContract, StageName, StageParams } from './stage-catalogue';

/**
 * A stage's params with its defaults applied. A RunSpec parsed at the door (or from a stage command) already holds
 * them validated; this only picks them out, or builds the defaults when the RunSpec set none.
 */
export function stageParamsOf<S extends StageName>(spec: Pick<RunSpec, 'stages'>, stage: S): StageParams<S> {
  const given = (spec.stages as Record<string, { params?: unknown } | undefined> | undefined)?.[stage]?.params;
  const Params = stageContract(stage).params as new () => StageParams<S>;
  return given instanceof Params ? given : parseContract(Params, given ?? {});
}
