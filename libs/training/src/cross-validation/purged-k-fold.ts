import { trainingRows } from '@ares/ml';
import { arraySplitStarts } from '@ares/stats';

/** One split of a purged k-fold: a contiguous test block and the rows of the range left to train on. */
export interface CvSplit {
  index: number;
  testStart: number;
  /** Exclusive. */
  testEnd: number;
  /** Labelled rows of the range whose labels neither reach the test block nor start in its embargo, nor end past the range. */
  trainRows: Int32Array;
  /** Usable rows of the test block: what the model predicts and the backtest trades. */
  testRows: Int32Array;
  /** Labelled test rows whose labels end inside the range: what log loss and permutation importance score. */
  scoredRows: Int32Array;
}

export interface PurgedKFoldOptions {
  /** The range cross-validated: [start, end), e.g. the rows before the first walk-forward test window. */
  start: number;
  end: number;
  folds: number;
  /** Last row each label depends on (its first barrier touch). */
  touchIndex: Int32Array;
  /** 1 where a row has a label and usable features. */
  trainable: Uint8Array;
  /** 1 where a row's features can be predicted on. */
  usable: Uint8Array;
  /** Rows after each test block not trained on (AFML ch. 7). */
  embargoBars: number;
}

/**
 * López de Prado's purged k-fold on [start, end): contiguous test blocks sized like numpy.array_split, every other
 * row of the range a training candidate — before or after the block — unless its label interval [t, touch] meets
 * [testStart, testEnd + embargo). A label that ends at or past `end` is never trained on or scored: it would read
 * prices of the range the range exists to keep unseen (the walk-forward's test windows).
 */
export function purgedKFold(options: PurgedKFoldOptions): CvSplit[] {
  const { start, end, folds, touchIndex, trainable, usable, embargoBars } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer >= 2, got ${folds}`);
  const length = end - start;
  if (length < folds * 10) throw new RangeError(`${folds} folds over rows ${start}..${end} leave fewer than 10 rows per fold`);
  const inRange = new Uint8Array(trainable.length);
  for (let t = start; t < end; t++) inRange[t] = trainable[t] === 1 && touchIndex[t] < end ? 1 : 0;
  const splits: CvSplit[] = [];
  const starts = arraySplitStarts(length, folds);
  for (let index = 0; index < folds; index++) {
    const testStart = start + starts[index];
    const testEnd = start + starts[index + 1];
    const fold = { index, trainStart: start, trainEnd: end, testStart, testEnd };
    splits.push({
      index,
      testStart,
      testEnd,
      trainRows: trainingRows(fold, touchIndex, inRange, embargoBars),
      testRows: rowsOf(testStart, testEnd, usable),
      scoredRows: rowsOf(testStart, testEnd, inRange),
    });
  }
  return splits;
}

function rowsOf(start: number, end: number, flags: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let t = start; t < end; t++) if (flags[t] === 1) out.push(t);
  return Int32Array.from(out);
}
