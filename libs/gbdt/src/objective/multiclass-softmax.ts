import { MIN_HESSIAN, Objective, PROB_EPS } from './objective';

/** Softmax cross-entropy over K ≥ 3 classes labelled 0..K-1; one tree per class per round. */
export class MulticlassSoftmax implements Objective {
  readonly name = 'multiclass' as const;
  private readonly p: Float64Array;

  constructor(readonly numOutputs: number) {
    if (numOutputs < 3) throw new RangeError(`multiclass needs numClass >= 3, got ${numOutputs}`);
    this.p = new Float64Array(numOutputs);
  }

  /** Log priors: softmax of them gives back the (weighted) class frequencies. */
  baseScore(label: Float64Array, weight: Float64Array): number[] {
    const K = this.numOutputs;
    const s = new Float64Array(K);
    let sw = 0;
    for (let i = 0; i < label.length; i++) {
      s[label[i]] += weight[i];
      sw += weight[i];
    }
    return Array.from(s, (v) => Math.log(Math.max(PROB_EPS, sw > 0 ? v / sw : 1 / K)));
  }

  /** Diagonal Newton step: grad = w(p_k − y_k), hess = w·p_k(1 − p_k). */
  gradients(scores: Float64Array, label: Float64Array, weight: Float64Array, grad: Float64Array, hess: Float64Array): void {
    const K = this.numOutputs,
      n = label.length,
      p = this.p;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, scores[k * n + i]);
      let z = 0;
      for (let k = 0; k < K; k++) z += p[k] = Math.exp(scores[k * n + i] - max);
      const w = weight[i];
      for (let k = 0; k < K; k++) {
        const pk = p[k] / z;
        grad[k * n + i] = w * (pk - (label[i] === k ? 1 : 0));
        hess[k * n + i] = Math.max(w * pk * (1 - pk), MIN_HESSIAN);
      }
    }
  }

  transform(raw: Float64Array, n: number): Float64Array {
    const K = this.numOutputs;
    const out = new Float64Array(n * K);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k]);
      let z = 0;
      for (let k = 0; k < K; k++) z += out[i * K + k] = Math.exp(raw[i * K + k] - max);
      for (let k = 0; k < K; k++) out[i * K + k] /= z;
    }
    return out;
  }

  loss(raw: Float64Array, label: ArrayLike<number>, n: number): number {
    const prob = this.transform(raw, n),
      K = this.numOutputs;
    let s = 0;
    for (let i = 0; i < n; i++) s -= Math.log(Math.min(1 - PROB_EPS, Math.max(PROB_EPS, prob[i * K + label[i]])));
    return n ? s / n : 0;
  }
}
