import { IsNumber, Max, Min } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages['ab-setup'].params`: the champion/challenger comparison and the live A/B plan. */
export class AbSetupStageParams {
  /** With no champion, the new model becomes champion when its DSR (monte-carlo) reaches this. */
  @IsNumber()
  @Min(0.5)
  @Max(0.999)
  dsrThreshold: number = 0.95;

  /** Significance of the Ledoit–Wolf Sharpe-difference test and of the live sequential test. */
  @IsNumber()
  @Min(0.001)
  @Max(0.2)
  alpha: number = 0.05;

  /** Power the live test's minimum sample is sized for. */
  @IsNumber()
  @Min(0.5)
  @Max(0.99)
  power: number = 0.8;

  /** Share of live traffic (capital) routed to the challenger. */
  @IsNumber()
  @Min(0.01)
  @Max(0.5)
  challengerShare: number = 0.2;

  /** The smallest annualised Sharpe difference the live test is sized to detect (not the comparison's own: that one won a search). */
  @IsNumber()
  @Min(0.05)
  @Max(10)
  minDetectableSharpe: number = 1;
}

export const abSetupStage = defineStage({
  name: 'ab-setup',
  service: ServiceNames.validator,
  dependsOn: ['preprocess', 'validate-data', 'target-params', 'hpo', 'walk-forward', 'monte-carlo', 'save-model'],
  retries: 2,
  timeoutSeconds: 300,
  params: AbSetupStageParams,
  description:
    "the new model against the name's champion on the most recent out-of-sample window (both served from ONNX; Ledoit–Wolf Sharpe-difference test), or against the DSR threshold when there is none; an A/B plan (traffic split, minimum live sample, mSPRT stopping rule, promotion criterion) and the decision, stored with the model",
});
