import { CvSplit, purgedKFold } from '../cross-validation/purged-k-fold';
import { ModelInputs } from '../model-inputs';
import { SidedLabels } from '../sides/sided-labels';

/**
 * Purged, embargoed k-fold over a set of training rows (not necessarily contiguous: a walk-forward fold's rows are
 * already purged around its test window). Splits run over [first row, last label end] with every row outside `rows`
 * untrainable, and are purged by the later of the two sides' label ends.
 */
export function splitsOver(inputs: ModelInputs, labels: SidedLabels, rows: Int32Array, folds: number, embargoBars: number): CvSplit[] {
  if (rows.length === 0) throw new Error('no training rows to cross-validate');
  const trainable = new Uint8Array(labels.trainable.length);
  let end = rows[rows.length - 1] + 1;
  for (const row of rows) {
    trainable[row] = 1;
    end = Math.max(end, labels.labelEnd[row] + 1);
  }
  return purgedKFold({
    start: rows[0],
    end: Math.min(end, trainable.length),
    folds,
    touchIndex: labels.labelEnd,
    trainable,
    usable: inputs.usable,
    embargoBars,
  });
}

/** Rows the splits score (their test blocks' labelled rows), in time order: the rows that get an out-of-fold prediction. */
export function outOfFoldRows(splits: readonly CvSplit[]): Int32Array {
  const rows: number[] = [];
  for (const split of splits) for (const row of split.scoredRows) rows.push(row);
  return Int32Array.from(rows);
}

/**
 * Out-of-fold values: `predict(split)` gives the values of the split's scored rows from a model fitted on its
 * training rows only; they are written into a full-length column (NaN on every row no split scores).
 */
export function outOfFold(length: number, splits: readonly CvSplit[], predict: (split: CvSplit) => Float64Array): Float64Array {
  const column = new Float64Array(length).fill(NaN);
  for (const split of splits) {
    const values = predict(split);
    for (let i = 0; i < split.scoredRows.length; i++) column[split.scoredRows[i]] = values[i];
  }
  return column;
}
