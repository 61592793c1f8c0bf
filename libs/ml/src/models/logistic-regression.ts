import { solveSymmetricPositiveDefinite } from './cholesky';
import { assertFiniteRows } from './finite-rows';
import { fitStandardizer, standardize } from './standardizer';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { isFinite } = Number;
const { exp, max, log1p, abs } = Math;

export interface LogisticRegressionOptions {
  /** λ in Σ sᵢ·logloss(i) + (λ/2)·‖w‖² (sklearn's C = 1/λ); the intercept is not penalised. Default 1. */
  l2: number;
  /** 'balanced': sample weight n/(2·n_c) for class c, so both classes carry equal total weight. Default 'balanced'. */
  classWeight: 'balanced' | 'none';
  /** Newton steps at most. Default 100. */
  maxIterations?: number;
  /** Converged when max |gradient| ≤ tolerance · Σ sample weights. Default 1e-12 (Newton converges quadratically, so this costs a step or two; rounding noise is ~1e-16). */
  tolerance?: number;
}

export interface LogisticModel {
  featureNames: string[];
  mean: Float64Array;
  scale: Float64Array;
  /** One weight per standardised feature. */
  weights: Float64Array;
  intercept: number;
  iterations: number;
  converged: boolean;
}

const DEFAULTS = { l2: 1, classWeight: 'balanced' as const, maxIterations: 100, tolerance: 1e-12 };

/** Numerically stable σ(z) and log(1 + e^z). */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + exp(-z));
  const e = exp(z);
  return e / (1 + e);
}
const softplus = (z: number) => max(z, 0) + log1p(exp(-abs(z)));

/**
 * L2-regularised binary logistic regression on standardised features, fitted by Newton's method with a
 * backtracking (Armijo) line search. Newton needs no learning rate and no randomness, so the same rows give the
 * same model bit for bit; the L2 term keeps the Hessian positive definite, so even separable data has a finite
 * optimum. Features are standardised with statistics of the training rows only.
 */
export function fitLogisticRegression(
  columns: Float64Array[],
  featureNames: string[],
  target: Uint8Array,
  rows: Int32Array,
  options: Partial<LogisticRegressionOptions> = {},
): LogisticModel {
  const o = { ...DEFAULTS, ...options };
  if (!(o.l2 >= 0) || !isFinite(o.l2)) throw new RangeError(`l2 must be a finite number >= 0, got ${o.l2}`);
  if (o.classWeight !== 'balanced' && o.classWeight !== 'none')
    throw new RangeError(`classWeight must be 'balanced' or 'none', got ${String(o.classWeight)}`);
  if (!Number.isInteger(o.maxIterations) || o.maxIterations < 0)
    throw new RangeError(`maxIterations must be an integer >= 0, got ${o.maxIterations}`);
  if (!(o.tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${o.tolerance}`);
  assertFiniteRows(columns, featureNames, rows, 'fitLogisticRegression');

  const m = rows.length;
  const y = new Float64Array(m);
  let positives = 0;
  for (let i = 0; i < m; i++) {
    const v = target[rows[i]];
    if (v !== 0 && v !== 1) throw new RangeError(`fitLogisticRegression: target at row ${rows[i]} is ${v}, expected 0 or 1`);
    y[i] = v;
    positives += v;
  }
  // Both classes must be present: otherwise the intercept has no finite optimum (and balanced weights divide by 0).
  if (positives === 0 || positives === m) {
    throw new RangeError(`fitLogisticRegression: the ${m} training rows hold only class ${positives === 0 ? 0 : 1}; both classes are needed`);
  }
  const sampleWeight = new Float64Array(m).fill(1);
  if (o.classWeight === 'balanced') {
    const w1 = m / (2 * positives);
    const w0 = m / (2 * (m - positives));
    for (let i = 0; i < m; i++) sampleWeight[i] = y[i] === 1 ? w1 : w0;
  }

  const { mean, scale } = fitStandardizer(columns, rows);
  const x = standardize(columns, rows, { mean, scale });
  const d = columns.length;
  const p = d + 1; // parameter 0 is the intercept
  let totalWeight = 0;
  for (let i = 0; i < m; i++) totalWeight += sampleWeight[i];

  const beta = new Float64Array(p);
  const eta = new Float64Array(m);
  // Design columns [1, x̃_1, …, x̃_d]; the explicit ones column keeps the inner loops branch-free.
  const design = [new Float64Array(m).fill(1), ...x];
  const linear = (b: Float64Array, out: Float64Array) => {
    for (let i = 0; i < m; i++) out[i] = b[0];
    for (let j = 0; j < d; j++) {
      const xj = x[j];
      const bj = b[j + 1];
      for (let i = 0; i < m; i++) out[i] += bj * xj[i];
    }
  };
  const objective = (b: Float64Array, z: Float64Array) => {
    let f = 0;
    for (let i = 0; i < m; i++) f += sampleWeight[i] * (softplus(z[i]) - y[i] * z[i]);
    let ww = 0;
    for (let j = 1; j < p; j++) ww += b[j] * b[j];
    return f + 0.5 * o.l2 * ww;
  };

  const gradient = new Float64Array(p);
  const hessian = new Float64Array(p * p);
  const residual = new Float64Array(m);
  const curvature = new Float64Array(m);
  const weighted = new Float64Array(m);
  const candidate = new Float64Array(p);
  const candidateEta = new Float64Array(m);
  linear(beta, eta);
  let f = objective(beta, eta);
  let iterations = 0;
  let converged = false;

  for (;;) {
    // Gradient Xᵀ·s∘(p − y) + λ·[0, w] and Hessian Xᵀ·diag(s·p(1 − p))·X + λ·diag(0, 1, …, 1), with X = [1, x].
    for (let i = 0; i < m; i++) {
      const pi = sigmoid(eta[i]);
      residual[i] = sampleWeight[i] * (pi - y[i]);
      curvature[i] = sampleWeight[i] * pi * (1 - pi);
    }
    for (let a = 0; a < p; a++) {
      const xa = design[a];
      let g = 0;
      for (let i = 0; i < m; i++) g += residual[i] * xa[i];
      gradient[a] = g + (a > 0 ? o.l2 * beta[a] : 0);
      for (let i = 0; i < m; i++) weighted[i] = curvature[i] * xa[i];
      for (let b = 0; b <= a; b++) {
        const xb = design[b];
        let h = 0;
        for (let i = 0; i < m; i++) h += weighted[i] * xb[i];
        if (a === b && a > 0) h += o.l2;
        hessian[a * p + b] = h;
        hessian[b * p + a] = h;
      }
    }
    let gmax = 0;
    for (let a = 0; a < p; a++) gmax = max(gmax, abs(gradient[a]));
    if (gmax <= o.tolerance * totalWeight) {
      converged = true;
      break;
    }
    if (iterations >= o.maxIterations) break;

    const direction = newtonDirection(hessian, gradient);
    let slope = 0;
    for (let a = 0; a < p; a++) slope += gradient[a] * direction[a];
    // Backtracking: halve the step until the objective decreases enough (Armijo, c = 1e-4). Once the predicted
    // decrease (the Newton decrement −gᵀd) is below the rounding error of f, f cannot judge a step any more; Newton
    // is then deep in its quadratic regime and the full step is taken.
    const roundingScale = 1e-10 * (1 + abs(f));
    let step = 1;
    let accepted = false;
    for (let k = 0; k < 60; k++) {
      for (let a = 0; a < p; a++) candidate[a] = beta[a] + step * direction[a];
      linear(candidate, candidateEta);
      const fc = objective(candidate, candidateEta);
      if (fc <= f + 1e-4 * step * slope || -slope <= roundingScale) {
        beta.set(candidate);
        eta.set(candidateEta);
        f = fc;
        accepted = true;
        break;
      }
      step /= 2;
    }
    iterations++;
    if (!accepted) break; // no further decrease possible in floating point: report what the gradient says
  }

  return { featureNames: [...featureNames], mean, scale, weights: beta.slice(1), intercept: beta[0], iterations, converged };
}

/** −H⁻¹g; if H is not numerically positive definite (λ = 0 on degenerate data), add a growing ridge until it is. */
function newtonDirection(hessian: Float64Array, gradient: Float64Array): Float64Array {
  const p = gradient.length;
  const negative = gradient.map((g) => -g);
  let direction = solveSymmetricPositiveDefinite(hessian, negative);
  let maxDiagonal = 0;
  for (let a = 0; a < p; a++) maxDiagonal = max(maxDiagonal, abs(hessian[a * p + a]));
  let ridge = 1e-12 * (1 + maxDiagonal);
  while (!direction) {
    const damped = hessian.slice();
    for (let a = 0; a < p; a++) damped[a * p + a] += ridge;
    direction = solveSymmetricPositiveDefinite(damped, negative);
    ridge *= 10;
    if (!isFinite(ridge)) throw new Error('logistic regression: Hessian could not be regularised (non-finite values?)');
  }
  return direction;
}

/** σ(intercept + Σ w_j·(x_j − mean_j)/scale_j) for each row, columns in the model's featureNames order. */
export function predictProbabilities(model: LogisticModel, columns: Float64Array[], rows: Int32Array): Float64Array {
  assertFiniteRows(columns, model.featureNames, rows, 'predictProbabilities');
  const { mean, scale, weights, intercept } = model;
  const z = new Float64Array(rows.length).fill(intercept);
  for (let j = 0; j < columns.length; j++) {
    const xj = columns[j];
    for (let i = 0; i < rows.length; i++) z[i] += weights[j] * ((xj[rows[i]] - mean[j]) / scale[j]);
  }
  for (let i = 0; i < rows.length; i++) z[i] = sigmoid(z[i]);
  return z;
}
