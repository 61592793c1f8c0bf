import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ModelInputs } from '../model-inputs';
import { SidedLabels, sidedTargets } from '../sides/sided-labels';
import { BaseLearnerConfig, FittedBaseLearner, fitBaseLearner, OneClassTrainingError } from './base-learner';
import { outOfFold, outOfFoldRows, splitsOver } from './out-of-fold';

export type Side = 'long' | 'short';
export const SIDES: readonly Side[] = ['long', 'short'];

/** The ensemble's members for both sides, fitted on every training row, with their out-of-fold logits. */
export interface EnsembleMembers {
  configs: BaseLearnerConfig[];
  /** Per side, per member (configs order): fitted on every training row. */
  fitted: Record<Side, FittedBaseLearner[]>;
  /** Per side, per member: logits predicted by a model that never trained on the row's fold (NaN off `oofRows`). */
  oof: Record<Side, Float64Array[]>;
  /** The rows with an out-of-fold prediction, in time order. */
  oofRows: Int32Array;
  /** The purged folds the out-of-fold logits came from. */
  folds: OutOfFoldFold[];
}

export interface OutOfFoldFold {
  index: number;
  testStart: number;
  testEnd: number;
  trainRows: number;
  scoredRows: number;
}

export interface MemberFitOptions {
  folds: number;
  embargoBars: number;
  /** Called after each fit, with the fraction done. */
  onFit?: (done: number, total: number) => Promise<void> | void;
}

/** `name:side`, the member's node name in the graph. */
export const memberName = (config: BaseLearnerConfig, side: Side) => `${config.name}:${side}`;

/**
 * Fits every member on each purged fold's training rows (predicting the fold's scored rows: their out-of-fold
 * logits) and then on all `rows`. The event loop gets a turn after every fit, so a long ensemble never starves the
 * in-progress acks of the process running it.
 */
export async function fitEnsembleMembers(
  configs: readonly BaseLearnerConfig[],
  inputs: ModelInputs,
  labels: SidedLabels,
  rows: Int32Array,
  options: MemberFitOptions,
): Promise<EnsembleMembers> {
  const splits = splitsOver(inputs, labels, rows, options.folds, options.embargoBars);
  const targets = sidedTargets(labels);
  const n = inputs.candles.length;
  const total = configs.length * SIDES.length * (splits.length + 1);
  let done = 0;
  const tick = async () => {
    done++;
    await options.onFit?.(done, total);
    await yieldToEventLoop();
  };
  const fitted: Record<Side, FittedBaseLearner[]> = { long: [], short: [] };
  const oof: Record<Side, Float64Array[]> = { long: [], short: [] };
  for (const side of SIDES) {
    for (const config of configs) {
      const name = memberName(config, side);
      const predictions: Float64Array[] = [];
      for (const split of splits) {
        const model = fitOnFold(() => fitBaseLearner(config, name, inputs, targets[side], split.trainRows), split, splits.length, inputs);
        predictions.push(model.logits(inputs.columns, split.scoredRows));
        await tick();
      }
      oof[side].push(outOfFold(n, splits, (split) => predictions[split.index]));
      fitted[side].push(fitBaseLearner(config, name, inputs, targets[side], rows));
      await tick();
    }
  }
  const folds = splits.map(({ index, testStart, testEnd, trainRows, scoredRows }) => ({
    index,
    testStart,
    testEnd,
    trainRows: trainRows.length,
    scoredRows: scoredRows.length,
  }));
  return { configs: [...configs], fitted, oof, oofRows: outOfFoldRows(splits), folds };
}

/**
 * A member's fit on one purged fold, a one-class failure naming the fold and what to change. A side whose
 * take-profits all fall in one fold's test block leaves that fold's training rows one class: no model to fit, and
 * none the stack could use either (a stand-in constant would sit every row of the fold, positives included, at one
 * extreme input the stack bends to fit), so the stage fails.
 */
function fitOnFold<T>(fit: () => T, split: { index: number; testStart: number; testEnd: number }, folds: number, inputs: ModelInputs): T {
  try {
    return fit();
  } catch (error) {
    if (!(error instanceof OneClassTrainingError)) throw error;
    const { timestamps } = inputs.candles;
    const day = (bar: number) => new Date(timestamps[Math.min(Math.max(bar, 0), timestamps.length - 1)]).toISOString().slice(0, 10);
    throw new Error(
      `out-of-fold fold ${split.index + 1} of ${folds} (test ${day(split.testStart)} → ${day(split.testEnd - 1)}): ${error.message}. ` +
        'Every fold needs both outcomes of each side in its training rows: widen the date range, or lower stages.ensemble.params.folds',
      { cause: error },
    );
  }
}
