import { createObjective } from '../objective/create-objective';
import { GbdtModelJson, TreeJson } from '../model/gbdt-model';

/** Feature columns, column-major: columns[f][row]. */
export type FeatureColumns = ReadonlyArray<ArrayLike<number>>;

/** A tree in typed arrays: faster to walk than the JSON arrays. */
interface CompiledTree {
  classIndex: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  defaultLeft: Uint8Array;
  value: Float64Array;
}

function compile(t: TreeJson): CompiledTree {
  return {
    classIndex: t.classIndex,
    feature: Int32Array.from(t.feature),
    threshold: Float64Array.from(t.threshold),
    left: Int32Array.from(t.left),
    right: Int32Array.from(t.right),
    defaultLeft: Uint8Array.from(t.defaultLeft, (d) => (d ? 1 : 0)),
    value: Float64Array.from(t.value),
  };
}

/**
 * Adds one tree's output into row-major `raw` (`raw[i * stride + classIndex]`).
 * Float32 contract: the feature value is rounded with fround, then `x < threshold` goes left,
 * NaN follows defaultLeft — exactly ONNX's BRANCH_LT on float32 inputs.
 */
export function addTreeRaw(tree: TreeJson, columns: FeatureColumns, rows: Int32Array | undefined, raw: Float64Array, stride: number): void {
  walk(compile(tree), columns, rows, raw, stride);
}

function walk(t: CompiledTree, columns: FeatureColumns, rows: Int32Array | undefined, raw: Float64Array, stride: number): void {
  const n = rows ? rows.length : columns.length ? columns[0].length : 0;
  const { feature, threshold, left, right, defaultLeft, value } = t;
  for (let i = 0; i < n; i++) {
    const row = rows ? rows[i] : i;
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      const x = Math.fround(columns[f][row]);
      node = x !== x ? (defaultLeft[node] ? left[node] : right[node]) : x < threshold[node] ? left[node] : right[node];
      f = feature[node];
    }
    raw[i * stride + t.classIndex] += value[node];
  }
}

/** Raw scores: length n for binary/regression, row-major n × K for multiclass. */
export function predictRaw(model: GbdtModelJson, columns: FeatureColumns, rows?: Int32Array): Float64Array {
  const F = model.featureNames.length;
  if (columns.length !== F) {
    throw new RangeError(`model expects ${F} feature columns, got ${columns.length}`);
  }
  const K = model.numClass;
  const n = rows ? rows.length : columns.length ? columns[0].length : 0;
  const raw = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) raw[i * K + k] = model.baseScore[k];
  // Row-major float32 once: the float32 contract's rounding happens here, and each tree walks contiguous rows.
  const packed = new Float32Array(n * F);
  for (let f = 0; f < F; f++) {
    const column = columns[f];
    for (let i = 0; i < n; i++) packed[i * F + f] = column[rows ? rows[i] : i];
  }
  for (const tree of model.trees) walkPacked(compile(tree), packed, F, n, raw, K);
  return raw;
}

function walkPacked(t: CompiledTree, packed: Float32Array, F: number, n: number, raw: Float64Array, stride: number): void {
  const { feature, threshold, left, right, defaultLeft, value } = t;
  for (let i = 0; i < n; i++) {
    const base = i * F;
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      const x = packed[base + f];
      node = x !== x ? (defaultLeft[node] ? left[node] : right[node]) : x < threshold[node] ? left[node] : right[node];
      f = feature[node];
    }
    raw[i * stride + t.classIndex] += value[node];
  }
}

/** Binary: P(class 1) per row; multiclass: row-major n × K probabilities; regression: values. */
export function predictProba(model: GbdtModelJson, columns: FeatureColumns, rows?: Int32Array): Float64Array {
  const raw = predictRaw(model, columns, rows);
  return createObjective(model.objective, model.numClass).transform(raw, raw.length / model.numClass);
}
