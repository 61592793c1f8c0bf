import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { ModelInputs } from '../model-inputs';
import { SidedLabels, sidedTargets } from '../sides/sided-labels';
import { BaseLearnerConfig, FittedBaseLearner, fitBaseLearner } from './base-learner';
import { oneClassLogit } from './one-class-fallback';
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
  /** Members (`name:side`) whose training rows on this fold held one class: their out-of-fold logits are its smoothed rate. */
  flatMembers?: string[];
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
 * logits; a fold whose rows hold one class of a side predicts its smoothed rate there) and then on all `rows`. The
 * event loop gets a turn after every fit, so a long ensemble never starves the in-progress acks of the process
 * running it.
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
  const flatMembers: string[][] = [];
  for (const side of SIDES) {
    for (const config of configs) {
      const name = memberName(config, side);
      const predictions: Float64Array[] = [];
      for (const split of splits) {
        const constant = oneClassLogit(targets[side], split.trainRows);
        if (constant === undefined)
          predictions.push(fitBaseLearner(config, name, inputs, targets[side], split.trainRows).logits(inputs.columns, split.scoredRows));
        else {
          predictions.push(new Float64Array(split.scoredRows.length).fill(constant));
          (flatMembers[split.index] ??= []).push(name);
        }
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
    ...(flatMembers[index] ? { flatMembers: flatMembers[index] } : {}),
  }));
  return { configs: [...configs], fitted, oof, oofRows: outOfFoldRows(splits), folds };
}
