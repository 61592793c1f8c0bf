import { createObjective } from '../objective/create-objective';
import { GbdtModelJson, TreeJson } from '../model/gbdt-model';

/** Feature columns, column-major: columns[f][row]. */
export type FeatureColumns = ReadonlyArray<ArrayLike<number>>;

/**
 * A tree in typed arrays, for walking rows in lockstep: every leaf points to itself on both sides (and tests
 * feature 0), so `depth` steps bring any row to its leaf without checking whether it is there yet.
 */
interface CompiledTree {
  classIndex: number;
  depth: number;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  defaultLeft: Uint8Array;
  value: Float64Array;
}

function compile(t: TreeJson): CompiledTree {
  const isLeaf = (node: number) => t.feature[node] < 0;
  const depthOf = (node: number): number => (isLeaf(node) ? 0 : 1 + Math.max(depthOf(t.left[node]), depthOf(t.right[node])));
  return {
    classIndex: t.classIndex,
    depth: depthOf(0),
    feature: Int32Array.from(t.feature, (f) => Math.max(f, 0)),
    threshold: Float64Array.from(t.threshold),
    left: Int32Array.from(t.left, (l, node) => (isLeaf(node) ? node : l)),
    right: Int32Array.from(t.right, (r, node) => (isLeaf(node) ? node : r)),
    defaultLeft: Uint8Array.from(t.defaultLeft, (d) => (d ? 1 : 0)),
    value: Float64Array.from(t.value),
  };
}

/**
 * Rows packed row-major in float32, F values per row: the float32 contract's rounding happens here, once, and each
 * tree then walks contiguous rows.
 */
export interface PackedRows {
  values: Float32Array;
  numFeatures: number;
  numRows: number;
}

export function packRows(columns: FeatureColumns, rows?: Int32Array): PackedRows {
  const F = columns.length;
  const n = rows ? rows.length : F ? columns[0].length : 0;
  const values = new Float32Array(n * F);
  for (let f = 0; f < F; f++) {
    const column = columns[f];
    for (let i = 0; i < n; i++) values[i * F + f] = column[rows ? rows[i] : i];
  }
  return { values, numFeatures: F, numRows: n };
}

/**
 * Adds one tree's output into row-major `raw` (`raw[i * stride + classIndex]`).
 * Float32 contract: the feature value is rounded to float32, then `x < threshold` goes left,
 * NaN follows defaultLeft — exactly ONNX's BRANCH_LT on float32 inputs.
 */
export function addTreeRaw(tree: TreeJson, rows: PackedRows, raw: Float64Array, stride: number): void {
  walkPacked(compile(tree), rows.values, rows.numFeatures, rows.numRows, raw, stride);
}

/** Raw scores: length n for binary/regression, row-major n × K for multiclass. */
export function predictRaw(model: GbdtModelJson, columns: FeatureColumns, rows?: Int32Array): Float64Array {
  const F = model.featureNames.length;
  if (columns.length !== F) {
    throw new RangeError(`model expects ${F} feature columns, got ${columns.length}`);
  }
  const K = model.numClass;
  const packed = packRows(columns, rows);
  const n = packed.numRows;
  const raw = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) raw[i * K + k] = model.baseScore[k];
  for (const tree of model.trees) addTreeRaw(tree, packed, raw, K);
  return raw;
}

/**
 * Walks four rows at a time in lockstep. A tree walk is a chain of dependent loads; four independent chains keep
 * the CPU busy while each waits, and the fixed step count leaves no branch on the data (`+(test)` is a flag move).
 */
function walkPacked(t: CompiledTree, packed: Float32Array, F: number, n: number, raw: Float64Array, stride: number): void {
  const { feature, threshold, left, right, defaultLeft, value, depth, classIndex } = t;
  const step = (node: number, base: number): number => {
    const x = packed[base + feature[node]];
    const goesLeft = +(x < threshold[node]) | (+(x !== x) & defaultLeft[node]);
    const l = left[node];
    return l + (1 - goesLeft) * (right[node] - l);
  };
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const b0 = i * F,
      b1 = b0 + F,
      b2 = b1 + F,
      b3 = b2 + F;
    let n0 = 0,
      n1 = 0,
      n2 = 0,
      n3 = 0;
    for (let d = 0; d < depth; d++) {
      n0 = step(n0, b0);
      n1 = step(n1, b1);
      n2 = step(n2, b2);
      n3 = step(n3, b3);
    }
    raw[i * stride + classIndex] += value[n0];
    raw[(i + 1) * stride + classIndex] += value[n1];
    raw[(i + 2) * stride + classIndex] += value[n2];
    raw[(i + 3) * stride + classIndex] += value[n3];
  }
  for (; i < n; i++) {
    let node = 0;
    for (let d = 0; d < depth; d++) node = step(node, i * F);
    raw[i * stride + classIndex] += value[node];
  }
}

/** Binary: P(class 1) per row; multiclass: row-major n × K probabilities; regression: values. */
export function predictProba(model: GbdtModelJson, columns: FeatureColumns, rows?: Int32Array): Float64Array {
  const raw = predictRaw(model, columns, rows);
  return createObjective(model.objective, model.numClass).transform(raw, raw.length / model.numClass);
}
