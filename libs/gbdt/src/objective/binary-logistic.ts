import { MIN_HESSIAN, Objective, PROB_EPS, weightedMean } from './objective';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { exp, log, max, min } = Math;

/** Binary log loss on labels 0/1; raw score is the log-odds. */
export class BinaryLogistic implements Objective {
  readonly name = 'binary' as const;
  readonly numOutputs = 1;

  baseScore(label: Float64Array, weight: Float64Array): number[] {
    const p = clamp(weightedMean(label, weight, 0.5));
    return [log(p / (1 - p))];
  }

  gradients(scores: Float64Array, label: Float64Array, weight: Float64Array, grad: Float64Array, hess: Float64Array): void {
    for (let i = 0; i < label.length; i++) {
      const p = 1 / (1 + exp(-scores[i]));
      grad[i] = weight[i] * (p - label[i]);
      hess[i] = max(weight[i] * p * (1 - p), MIN_HESSIAN);
    }
  }

  transform(raw: Float64Array, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = 1 / (1 + exp(-raw[i]));
    return out;
  }

  loss(raw: Float64Array, label: ArrayLike<number>, n: number): number {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const p = clamp(1 / (1 + exp(-raw[i])));
      s -= label[i] ? log(p) : log(1 - p);
    }
    return n ? s / n : 0;
  }
}

function clamp(p: number): number {
  return min(1 - PROB_EPS, max(PROB_EPS, p));
}
