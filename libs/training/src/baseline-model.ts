import { TrainStageParams } from '../../contracts/src';
import { fitLogisticRegression, LogisticModel, predictProbabilities } from '../../ml/src';
import { ModelInputs } from './model-inputs';

/**
 * The baseline every later model must beat: L2-regularised logistic regression on standardised features,
 * predicting P(take-profit touched first). Deterministic: no randomness anywhere in the fit.
 */
export function fitBaselineModel(inputs: ModelInputs, target: Uint8Array, rows: Int32Array, params: TrainStageParams): LogisticModel {
  return fitLogisticRegression(inputs.columns, inputs.featureNames, target, rows, { l2: params.l2, classWeight: params.classWeight });
}

/** Long-entry signals: 1 where the predicted probability exceeds the threshold; rows not predicted stay 0. */
export function signalsFrom(probabilities: Float64Array, rows: Int32Array, length: number, threshold: number): Uint8Array {
  const signal = new Uint8Array(length);
  for (let i = 0; i < rows.length; i++) if (probabilities[i] > threshold) signal[rows[i]] = 1;
  return signal;
}

export function predictBaseline(model: LogisticModel, inputs: ModelInputs, rows: Int32Array): Float64Array {
  return predictProbabilities(model, inputs.columns, rows);
}

/** Rows of [start, end) for which `keep` holds. */
export function rowsWhere(start: number, end: number, keep: (row: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let row = start; row < end; row++) if (keep(row)) out.push(row);
  return Int32Array.from(out);
}
