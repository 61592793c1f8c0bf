import { Objective, weightedMean } from './objective';

/** Squared error; base score is the weighted mean, validation metric is RMSE. */
export class L2Regression implements Objective {
  readonly name = 'regression' as const;
  readonly numOutputs = 1;

  baseScore(label: Float64Array, weight: Float64Array): number[] {
    return [weightedMean(label, weight, 0)];
  }

  gradients(scores: Float64Array, label: Float64Array, weight: Float64Array, grad: Float64Array, hess: Float64Array): void {
    for (let i = 0; i < label.length; i++) {
      grad[i] = weight[i] * (scores[i] - label[i]);
      hess[i] = weight[i];
    }
  }

  transform(raw: Float64Array, n: number): Float64Array {
    return Float64Array.from(raw.subarray(0, n));
  }

  loss(raw: Float64Array, label: ArrayLike<number>, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) s += (raw[i] - label[i]) ** 2;
    return n ? Math.sqrt(s / n) : 0;
  }
}
