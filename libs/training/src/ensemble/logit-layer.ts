import { fitLogisticRegression } from '@ares/ml';
import { CvSplit } from '../cross-validation/purged-k-fold';
import { binaryLogLoss } from '../cross-validation/log-loss';

// Builtins bound once: a global lookup per row is slow inside a vm context (Jest's runs every spec in one).
const { exp } = Math;

/** A logistic unit over logits, in raw (unstandardised) form: logit = Σ weights·x + bias. */
export interface LogitUnit {
  weights: number[];
  bias: number;
}

export interface LogitLayerFit {
  unit: LogitUnit;
  /** The L2 strength the nested CV chose, and its pooled out-of-fold log loss (per grid point too). */
  l2: number;
  cvLogLoss: number;
  grid: { l2: number; logLoss: number }[];
  /** The unit's logits on every scored row of the nested splits, each from a fit that did not see the row's fold (NaN elsewhere). */
  nestedLogits: Float64Array;
}

const sigmoid = (z: number) => 1 / (1 + exp(-z));

/** Σ w·x + b for `rows` of `columns`. */
export function unitLogits(unit: LogitUnit, columns: readonly Float64Array[], rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    let z = unit.bias;
    for (let j = 0; j < columns.length; j++) z += unit.weights[j] * columns[j][rows[i]];
    out[i] = z;
  }
  return out;
}

/** Logistic regression on `rows` (no class weights: the output must stay a calibrated probability), standardisation folded into the weights. */
export function fitLogitUnit(columns: Float64Array[], target: Uint8Array, rows: Int32Array, l2: number): LogitUnit {
  const names = columns.map((_, j) => `x${j}`);
  const model = fitLogisticRegression(columns, names, target, rows, { l2, classWeight: 'none' });
  const weights = Array.from(model.weights, (w, j) => w / model.scale[j]);
  let bias = model.intercept;
  for (let j = 0; j < weights.length; j++) bias -= weights[j] * model.mean[j];
  return { weights, bias };
}

/**
 * Chooses the L2 strength by purged CV over `splits` (the pooled log loss of every split's scored rows; ties: the
 * stronger penalty), then fits on all `rows`. The chosen strength's out-of-fold logits come back too, so a later
 * layer can be trained on predictions this one made without seeing them.
 */
export function fitLogitLayer(
  columns: Float64Array[],
  target: Uint8Array,
  rows: Int32Array,
  splits: readonly CvSplit[],
  l2Grid: readonly number[],
): LogitLayerFit {
  const n = target.length;
  let best: { l2: number; logLoss: number; logits: Float64Array } | undefined;
  const grid: { l2: number; logLoss: number }[] = [];
  for (const l2 of [...l2Grid].sort((a, b) => b - a)) {
    const logits = new Float64Array(n).fill(NaN);
    const p: number[] = [];
    const y: number[] = [];
    for (const split of splits) {
      if (split.scoredRows.length === 0) continue;
      const unit = fitLogitUnit(columns, target, split.trainRows, l2);
      const z = unitLogits(unit, columns, split.scoredRows);
      for (let i = 0; i < z.length; i++) {
        logits[split.scoredRows[i]] = z[i];
        p.push(sigmoid(z[i]));
        y.push(target[split.scoredRows[i]]);
      }
    }
    const logLoss = binaryLogLoss(p, y);
    grid.push({ l2, logLoss });
    if (!best || logLoss < best.logLoss) best = { l2, logLoss, logits };
  }
  if (!best) throw new Error('the L2 grid is empty');
  return {
    unit: fitLogitUnit(columns, target, rows, best.l2),
    l2: best.l2,
    cvLogLoss: best.logLoss,
    grid: grid.sort((a, b) => a.l2 - b.l2),
    nestedLogits: best.logits,
  };
}
