import { parseContract, ContractViolationError } from '../validation';
import { RunSpec } from './run-spec';
import { TargetParamsStageParams, TrainStageParams, WalkForwardStageParams } from './stage-params';

const PARAM_CLASSES = {
  'target-params': TargetParamsStageParams,
  train: TrainStageParams,
  'walk-forward': WalkForwardStageParams,
} as const;

type ParamStage = keyof typeof PARAM_CLASSES;
type ParamsOf<S extends ParamStage> = InstanceType<(typeof PARAM_CLASSES)[S]>;

/**
 * A stage's validated parameters, defaults applied. The orchestrator calls it at StartRun (a bad value is a 400)
 * and the stage calls it again, so both read the same contract.
 */
export function stageParamsOf<S extends ParamStage>(spec: RunSpec, stage: S): ParamsOf<S> {
  const raw = (spec.stages as Record<string, { params?: Record<string, unknown> } | undefined>)[stage]?.params ?? {};
  try {
    return parseContract(PARAM_CLASSES[stage] as new () => ParamsOf<S>, raw);
  } catch (error) {
    if (error instanceof ContractViolationError) {
      throw new ContractViolationError(
        `${stage} params`,
        error.problems.map((problem) => `spec.stages.${stage}.params.${problem}`),
      );
    }
    throw error;
  }
}
