import type { GbdtModelJson, TreeJson } from '@ares/gbdt';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { fround, exp, max } = Math;
const { isNaN } = Number;

/**
 * Float64 reference predictor over the model JSON, for ONNX parity tests. It follows the
 * float32 contract (features go through Math.fround; the comparison is x < threshold) and
 * sums in float64, so any difference from onnxruntime is onnxruntime's float32 arithmetic.
 *
 * `columns` is column-major (one array per feature). Returns P(class 1) for binary, a
 * row-major n×K probability matrix for multiclass, the value for regression.
 */
export function referencePredict(model: GbdtModelJson, columns: ArrayLike<number>[]): Float64Array {
  const raw = referenceRawScores(model, columns);
  const k = model.objective === 'multiclass' ? model.numClass : 1;
  if (model.objective === 'regression') return raw;
  if (model.objective === 'binary') return raw.map((z) => 1 / (1 + exp(-z)));
  for (let r = 0; r < raw.length; r += k) softmaxInPlace(raw, r, k);
  return raw;
}

/** Raw scores, row-major n×outputs (outputs = numClass for multiclass, else 1). */
export function referenceRawScores(model: GbdtModelJson, columns: ArrayLike<number>[]): Float64Array {
  const k = model.objective === 'multiclass' ? model.numClass : 1;
  const n = columns.length > 0 ? columns[0].length : 0;
  const out = new Float64Array(n * k);
  const row = new Float64Array(columns.length);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < columns.length; j++) row[j] = fround(columns[j][r]);
    for (let c = 0; c < k; c++) out[r * k + c] = model.baseScore[c];
    for (const tree of model.trees) out[r * k + tree.classIndex] += leafValue(tree, row);
  }
  return out;
}

function leafValue(tree: TreeJson, row: Float64Array): number {
  let i = 0;
  while (tree.feature[i] !== -1) {
    const x = row[tree.feature[i]];
    const goLeft = isNaN(x) ? tree.defaultLeft[i] : x < tree.threshold[i];
    i = goLeft ? tree.left[i] : tree.right[i];
  }
  return tree.value[i];
}

function softmaxInPlace(a: Float64Array, from: number, k: number): void {
  let peak = -Infinity;
  for (let c = 0; c < k; c++) peak = max(peak, a[from + c]);
  let sum = 0;
  for (let c = 0; c < k; c++) sum += a[from + c] = exp(a[from + c] - peak);
  for (let c = 0; c < k; c++) a[from + c] /= sum;
}
