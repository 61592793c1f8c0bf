import { EnsembleStageParams, HpoLeader, TrainStageParams } from '@ares/contracts';
import { gbdtParamsOf } from '../gbdt-params-of';
import { withTrialParams } from '../search/trial-params';
import { BaseLearnerConfig } from './base-learner';

/**
 * The ensemble's members: the study's best `topConfigs` distinct configurations, each bagged over `seeds` seeds
 * (seed, seed + 1, …: the first member of the first configuration is the model `train` fits), a random forest with
 * the chosen configuration's tree shape, and the logistic baseline.
 */
export function ensemblePlan(
  leaders: readonly HpoLeader[],
  trainParams: TrainStageParams,
  params: EnsembleStageParams,
  seed: number,
): BaseLearnerConfig[] {
  if (leaders.length === 0) throw new Error('the study named no leader to draw base learners from');
  const members: BaseLearnerConfig[] = [];
  for (const leader of leaders.slice(0, params.topConfigs)) {
    const tuned = withTrialParams(trainParams, leader.params, leader.rounds);
    for (let s = 0; s < params.seeds; s++) {
      members.push({ name: `gbdt-${leader.trial}-seed${s}`, kind: 'trees', params: gbdtParamsOf(tuned, seed + s) });
    }
  }
  if (params.randomForest) {
    const shape = gbdtParamsOf(withTrialParams(trainParams, leaders[0].params, leaders[0].rounds), seed);
    members.push({
      name: 'random-forest',
      kind: 'trees',
      params: { ...shape, boosting: 'rf', nEstimators: params.randomForestTrees, subsample: 1, learningRate: 1 },
    });
  }
  if (params.logistic) members.push({ name: 'logistic', kind: 'logistic', l2: trainParams.l2, classWeight: trainParams.classWeight });
  if (members.length === 0) throw new Error('the ensemble has no member: set topConfigs above 0, or keep randomForest or logistic');
  return members;
}
