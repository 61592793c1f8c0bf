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
 * The same tree for walking rows in lockstep: every leaf points to itself on both sides (and tests feature 0), so
 * `depth` steps bring any row to its leaf without checking whether it is there yet.
 */
interface LockstepTree extends CompiledTree {
  depth: number;
}

function compileLockstep(t: TreeJson): LockstepTree {
  const c = compile(t);
  for (let node = 0; node < c.feature.length; node++) {
    if (c.feature[node] >= 0) continue;
    c.feature[node] = 0;
    c.left[node] = c.right[node] = node;
  }
  const depthOf = (node: number): number => (t.feature[node] < 0 ? 0 : 1 + Math.max(depthOf(t.left[node]), depthOf(t.right[node])));
  return { ...c, depth: depthOf(0) };
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
  for (const tree of model.trees) walkPacked(compileLockstep(tree), packed, F, n, raw, K);
  return raw;
}

/**
 * Walks four rows at a time in lockstep. A tree walk is a chain of dependent loads; four independent chains keep
 * the CPU busy while each waits, and the fixed step count leaves no branch on the data (`+(test)` is a flag move).
 */
function walkPacked(t: LockstepTree, packed: Float32Array, F: number, n: number, raw: Float64Array, stride: number): void {
  const { feature, threshold, left, right, defaultLeft, value, depth, classIndex } = t;
  const step = (node: number, base: number): number => {
    const x = packed[base + feature[node]];
    const goesLeft = +(x < threshold[node]) | (+(x !== x) & defaultLeft[node]);
    const l = left[node];
    return l + (1 - goesLeft) * (right[node] - l);
  };
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const b0 = i * F, b1 = b0 + F, b2 = b1 + F, b3 = b2 + F;
    let n0 = 0, n1 = 0, n2 = 0, n3 = 0;
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
