import { TrainStageParams } from '@ares/contracts';
import { BacktestCosts, fitLogisticRegression, LogisticModel, predictProbabilities, TripleBarrierParams } from '@ares/ml';
import { breakEvenProbability, roundTripCost } from './barrier-scale';
import { ModelInputs } from './model-inputs';

/**
 * The baseline every later model must beat: L2-regularised logistic regression on standardised features,
 * predicting P(take-profit touched first). Deterministic: no randomness anywhere in the fit.
 */
export function fitBaselineModel(inputs: ModelInputs, target: Uint8Array, rows: Int32Array, params: TrainStageParams): LogisticModel {
  return fitLogisticRegression(inputs.columns, inputs.featureNames, target, rows, { l2: params.l2, classWeight: params.classWeight });
}

/**
 * Long-entry signals: 1 where the predicted probability exceeds the row's threshold — the fixed `threshold`
 * param when set, else the break-even probability after costs for that row's barriers. Rows not predicted stay 0.
 */
export function signalsFrom(probabilities: Float64Array, rows: Int32Array, length: number, thresholdOf: (row: number) => number): Uint8Array {
  const signal = new Uint8Array(length);
  for (let i = 0; i < rows.length; i++) if (probabilities[i] > thresholdOf(rows[i])) signal[rows[i]] = 1;
  return signal;
}

export function entryThreshold(
  params: TrainStageParams,
  barrierSigma: Float64Array,
  barrier: TripleBarrierParams,
  costs: BacktestCosts,
): (row: number) => number {
  if (params.threshold !== undefined) {
    const fixed = params.threshold;
    return () => fixed;
  }
  const cost = roundTripCost(costs);
  return (row) => breakEvenProbability(barrierSigma[row], barrier.kTp, barrier.kSl, cost);
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
