import { ContractViolationError, HpoLeader, HpoOutput, parseContract, stageParamsOf, TrainStageParams, tunedFamilyOf } from '@ares/contracts';
import { StageContext, StageFailure } from '@ares/stage-runtime';
import { withTrialParams } from '@ares/training';

/** What hpo chose for train and walk-forward: the features and the train params with the study's winner applied. */
export interface TunedModel {
  features: string[];
  trainParams: TrainStageParams;
  /** The winning trial, e.g. `refine-3`. */
  trial: string;
  /** The study's best distinct configurations, the winner first: the ensemble's boosted members. */
  leaders: HpoLeader[];
}

/** From hpo's output payload (checked against its contract), over the RunSpec's own train params. */
export function tunedModel(context: Pick<StageContext, 'input' | 'spec'>): TunedModel {
  let payload: HpoOutput;
  try {
    payload = parseContract(HpoOutput, context.input('hpo').payload ?? {});
  } catch (error) {
    const problems = error instanceof ContractViolationError ? error.problems.join('; ') : (error as Error).message;
    throw new StageFailure(`hpo's output payload does not carry the chosen model: ${problems}`);
  }
  if (payload.family !== tunedFamilyOf(context.spec.model)) {
    throw new StageFailure(
      `hpo tuned a ${payload.family} model, but the RunSpec's ${context.spec.model} model needs ${tunedFamilyOf(context.spec.model)}`,
    );
  }
  return {
    features: payload.features,
    trainParams: withTrialParams(stageParamsOf(context.spec, 'train'), payload.params, payload.rounds),
    trial: payload.chosenTrial,
    leaders: payload.leaders,
  };
}
