import { GbdtObjective } from '../model/gbdt-model';

/**
 * A training objective: what the booster minimises.
 * Scores and gradients are class-major (`[k * n + i]`) so each output's tree gets a contiguous slice;
 * `transform` and `loss` take row-major raw scores (`[i * K + k]`) as the predictor produces them.
 */
export interface Objective {
  readonly name: GbdtObjective;
  /** 1 for binary/regression, K for multiclass. */
  readonly numOutputs: number;
  /** Raw-score offset per output: the best constant model. */
  baseScore(label: Float64Array, weight: Float64Array): number[];
  /** First and second derivatives of the weighted loss at `scores`. */
  gradients(scores: Float64Array, label: Float64Array, weight: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** Raw scores → probabilities (binary: P(1); multiclass: row-major n×K) or values. */
  transform(raw: Float64Array, n: number): Float64Array;
  /** Unweighted mean loss used for early stopping: logloss, or RMSE for regression. */
  loss(raw: Float64Array, label: ArrayLike<number>, n: number): number;
}

/** Hessians this small would make leaf values explode; floor them like XGBoost does. */
export const MIN_HESSIAN = 1e-16;
/** Probabilities are clamped to [EPS, 1-EPS] inside logs. */
export const PROB_EPS = 1e-15;

/** Σ w·y / Σ w, or `empty` when the weights sum to 0: the best constant of both binary and L2 objectives. */
export function weightedMean(label: Float64Array, weight: Float64Array, empty: number): number {
  let sw = 0,
    swy = 0;
  for (let i = 0; i < label.length; i++) {
    sw += weight[i];
    swy += weight[i] * label[i];
  }
  return sw > 0 ? swy / sw : empty;
}
