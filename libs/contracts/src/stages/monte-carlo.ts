import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages['monte-carlo'].params`: resampling of the walk-forward's out-of-sample returns and trades. */
export class MonteCarloStageParams {
  /** Resampled paths of each kind (stationary bootstrap of bars, trade reshuffles, trade resamples). */
  @IsInt()
  @Min(100)
  @Max(100_000)
  paths: number = 10_000;

  /** Mean block length of the stationary bootstrap; default Politis & White's optimal one for the returns. */
  @IsOptional()
  @IsNumber()
  @Min(1)
  expectedBlock?: number;

  /** The drawdown whose probability of being exceeded is reported (a positive fraction). */
  @IsNumber()
  @Min(0.001)
  @Max(1)
  drawdownThreshold: number = 0.25;

  /** The DSR a run needs before its verdict calls the walk-forward Sharpe more than luck. */
  @IsNumber()
  @Min(0.5)
  @Max(0.999)
  dsrThreshold: number = 0.95;
}

export const monteCarloStage = defineStage({
  name: 'monte-carlo',
  service: ServiceNames.validator,
  dependsOn: ['hpo', 'walk-forward', 'cross-validation'],
  retries: 1,
  timeoutSeconds: 600,
  params: MonteCarloStageParams,
  description:
    "the walk-forward's returns by stationary bootstrap and its trades reshuffled and resampled; the walk-forward Sharpe deflated by every trial (PSR, DSR) beside the PBO, and a plain verdict",
});
