import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages['walk-forward'].params`. */
export class WalkForwardStageParams {
  @IsInt()
  @Min(2)
  @Max(100)
  folds: number = 5;

  @IsIn(['rolling', 'anchored'])
  mode: 'rolling' | 'anchored' = 'rolling';

  /** Test window length in bars; default: the last half of the data split evenly across folds. */
  @IsOptional()
  @IsInt()
  @Min(10)
  testBars?: number;

  /** Rolling training window (anchored: first training window) in bars; default twice the test window. */
  @IsOptional()
  @IsInt()
  @Min(50)
  trainBars?: number;

  /** Bars dropped after each test window; default the chosen label horizon. */
  @IsOptional()
  @IsInt()
  @Min(0)
  embargoBars?: number;
}

export const walkForwardStage = defineStage({
  name: 'walk-forward',
  service: ServiceNames.validator,
  dependsOn: ['preprocess', 'validate-data', 'target-params', 'hpo', 'meta-learner'],
  retries: 1,
  timeoutSeconds: 900,
  params: WalkForwardStageParams,
  description:
    "rolling or anchored folds, each retraining the RunSpec's model (one GBDT, the logistic baseline, or the ensemble with its meta-learner), served from ONNX and backtested long and short with sizes, costs and funding beside buy-and-hold",
});
