/**
 * A standardised linear model with a logistic link: p = σ(w · (x − mean) / scale + intercept).
 * This is the float64 reference that ONNX exports are checked against.
 */
export interface LinearProbabilityModel {
  /** Column order of the feature matrix; part of the model's contract. */
  featureNames: string[];
  mean: Float64Array;
  /** Standard deviation (or any positive divisor) per feature. */
  scale: Float64Array;
  weights: Float64Array;
  intercept: number;
}

/** Throws an Error naming the first bad field; returns the feature count when the model is sound. */
export function validateLinearProbabilityModel(model: LinearProbabilityModel): number {
  const names = model.featureNames;
  if (!Array.isArray(names) || names.length === 0) {
    throw new Error('LinearProbabilityModel.featureNames must be a non-empty array');
  }
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (typeof name !== 'string' || name.length === 0) {
      throw new Error(`LinearProbabilityModel.featureNames[${i}] must be a non-empty string`);
    }
    // Duplicates would make the column-order check in consumers ambiguous.
    if (seen.has(name)) throw new Error(`LinearProbabilityModel.featureNames[${i}] duplicates '${name}'`);
    seen.add(name);
  });
  const f = names.length;
  checkVector('mean', model.mean, names, () => true, 'finite');
  checkVector('scale', model.scale, names, (v) => v > 0, 'finite and > 0');
  checkVector('weights', model.weights, names, () => true, 'finite');
  if (typeof model.intercept !== 'number' || !Number.isFinite(model.intercept)) {
    throw new Error(`LinearProbabilityModel.intercept must be finite, got ${model.intercept}`);
  }
  return f;
}

function checkVector(field: string, values: Float64Array, names: readonly string[], ok: (v: number) => boolean, rule: string): void {
  if (!(values instanceof Float64Array)) {
    throw new Error(`LinearProbabilityModel.${field} must be a Float64Array`);
  }
  if (values.length !== names.length) {
    throw new Error(`LinearProbabilityModel.${field} has ${values.length} entries but featureNames has ${names.length}`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || !ok(v)) {
      throw new Error(`LinearProbabilityModel.${field}[${i}] (feature '${names[i]}') must be ${rule}, got ${v}`);
    }
  }
}

/** Float64 probabilities for column-major features (one Float64Array per feature, in featureNames order). */
export function predictLinearProbability(model: LinearProbabilityModel, columns: readonly Float64Array[]): Float64Array {
  const f = validateLinearProbabilityModel(model);
  if (columns.length !== f) throw new Error(`expected ${f} feature columns, got ${columns.length}`);
  const n = columns[0].length;
  columns.forEach((c, j) => {
    if (c.length !== n) throw new Error(`feature column ${j} has ${c.length} rows, column 0 has ${n}`);
  });
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let z = model.intercept;
    for (let j = 0; j < f; j++) z += model.weights[j] * ((columns[j][r] - model.mean[j]) / model.scale[j]);
    out[r] = 1 / (1 + Math.exp(-z));
  }
  return out;
}
