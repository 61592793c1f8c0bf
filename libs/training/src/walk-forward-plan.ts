import { WalkForwardStageParams } from '@ares/contracts';
import { defaultWalkForward, Fold, walkForwardFolds, WalkForwardOptions } from '@ares/ml';

/**
 * The walk-forward layout for `rows` rows: the stage's params over the library defaults. target-params and
 * walk-forward both call this, so the range target-params may look at ends exactly where the first test begins.
 */
export function walkForwardPlan(
  rows: number,
  firstUsableRow: number,
  params: WalkForwardStageParams,
  horizonBars: number,
): { options: WalkForwardOptions; folds: Fold[] } {
  const defaults = defaultWalkForward(rows, params.folds, params.mode, horizonBars, firstUsableRow);
  const options: WalkForwardOptions = {
    ...defaults,
    testBars: params.testBars ?? defaults.testBars,
    trainBars: params.trainBars ?? defaults.trainBars,
    embargoBars: params.embargoBars ?? horizonBars,
  };
  return { options, folds: walkForwardFolds(rows, options) };
}

/** Bars a range of `from`..`to` at `timeframeMs` holds (the exchange may miss a few). */
export function expectedBars(fromMs: number, toMs: number, timeframeMs: number): number {
  return Math.max(0, Math.floor((toMs - fromMs) / timeframeMs));
}
