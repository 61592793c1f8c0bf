import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsInt, IsNumber, Max, Min } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages.meta-learner.params`: the stacking layer, the meta-label model and the bet sizing. */
export class MetaLearnerStageParams {
  /** L2 strengths the nested purged CV chooses from, for the stacking layer and for each meta-label model. */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(20)
  @IsNumber({}, { each: true })
  @Min(0, { each: true })
  l2Grid: number[] = [0.01, 0.1, 1, 10, 100];

  /** Folds of the nested purged CV over the out-of-fold rows. */
  @IsInt()
  @Min(2)
  @Max(20)
  folds: number = 4;

  /** Size bets by a secondary model of whether the primary's bet reaches its take-profit (off: every bet is all-in). */
  @IsBoolean()
  metaLabelling: boolean = true;

  /** A side's meta-label model needs this many out-of-fold bets of the primary; with fewer it sizes from the primary. */
  @IsInt()
  @Min(10)
  minBets: number = 50;

  /** Bet sizes are multiples of this fraction of equity. */
  @IsNumber()
  @Min(0.01)
  @Max(1)
  betSizeStep: number = 0.1;
}

export const metaLearnerStage = defineStage({
  name: 'meta-learner',
  service: ServiceNames.trainer,
  dependsOn: ['preprocess', 'validate-data', 'target-params', 'hpo', 'ensemble'],
  retries: 1,
  timeoutSeconds: 900,
  params: MetaLearnerStageParams,
  description:
    'a stacking logistic layer and a meta-label model on the out-of-fold predictions (nested purged CV), exported with every member as one ONNX graph',
});
