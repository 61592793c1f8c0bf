import type { GbdtModelJson, TreeJson } from '@ares/gbdt';

/** What the exporter needs to know once the JSON is known to be well formed. */
export interface ValidGbdtShape {
  featureCount: number;
  /** Raw-score outputs: numClass for multiclass, else 1. */
  outputCount: number;
}

/**
 * Reject malformed model JSON with a message naming the tree and node, before any ONNX is built:
 * onnxruntime either refuses such a graph with an opaque error or, worse, runs it.
 */
export function validateGbdtModel(model: GbdtModelJson): ValidGbdtShape {
  if (model === null || typeof model !== 'object') throw new Error('GBDT model must be an object');
  if (model.format !== 'ares-gbdt') throw new Error(`GBDT model format must be 'ares-gbdt', got ${JSON.stringify(model.format)}`);
  if (model.version !== 1) throw new Error(`GBDT model version must be 1, got ${JSON.stringify(model.version)}`);
  const outputCount = checkObjective(model);
  const names = model.featureNames;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) {
    throw new Error('GBDT model featureNames must be a non-empty array of strings');
  }
  if (new Set(names).size !== names.length) throw new Error('GBDT model featureNames must be unique');
  if (!Array.isArray(model.baseScore) || model.baseScore.length !== outputCount) {
    throw new Error(`GBDT model baseScore must have ${outputCount} entries, has ${model.baseScore?.length}`);
  }
  model.baseScore.forEach((b, c) => {
    if (typeof b !== 'number' || !Number.isFinite(b)) throw new Error(`GBDT model baseScore[${c}] must be finite, got ${b}`);
  });
  if (!Array.isArray(model.trees)) throw new Error('GBDT model trees must be an array');
  model.trees.forEach((t, i) => validateTree(t, i, names.length, outputCount));
  return { featureCount: names.length, outputCount };
}

function checkObjective(model: GbdtModelJson): number {
  const k = model.numClass;
  switch (model.objective) {
    case 'binary':
    case 'regression':
      if (k !== 1) throw new Error(`GBDT ${model.objective} model must have numClass 1, got ${k}`);
      return 1;
    case 'multiclass':
      if (!Number.isInteger(k) || k < 3) throw new Error(`GBDT multiclass model must have integer numClass ≥ 3, got ${k}`);
      return k;
    default:
      throw new Error(`GBDT model objective must be binary, multiclass or regression, got ${JSON.stringify(model.objective)}`);
  }
}

function validateTree(tree: TreeJson, t: number, featureCount: number, outputCount: number): void {
  const where = `tree ${t}`;
  if (tree === null || typeof tree !== 'object') throw new Error(`${where}: must be an object`);
  if (!Number.isInteger(tree.classIndex) || tree.classIndex < 0 || tree.classIndex >= outputCount) {
    throw new Error(`${where}: classIndex ${tree.classIndex} is outside 0..${outputCount - 1}`);
  }
  const n = tree.feature?.length;
  if (!Array.isArray(tree.feature) || n === 0) throw new Error(`${where}: feature must be a non-empty array`);
  for (const key of ['threshold', 'left', 'right', 'defaultLeft', 'value'] as const) {
    if (!Array.isArray(tree[key]) || tree[key].length !== n) {
      throw new Error(`${where}: ${key} must have ${n} entries (one per node), has ${tree[key]?.length}`);
    }
  }
  for (let i = 0; i < n; i++) validateNode(tree, i, `${where} node ${i}`, featureCount);
  checkIsTree(tree, where);
}

function validateNode(tree: TreeJson, i: number, where: string, featureCount: number): void {
  const n = tree.feature.length;
  const f = tree.feature[i];
  const [l, r] = [tree.left[i], tree.right[i]];
  if (f === -1) {
    if (l !== -1 || r !== -1) throw new Error(`${where}: leaf (feature -1) must have left = right = -1, has ${l}, ${r}`);
    const v = tree.value[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}: leaf value must be finite, got ${v}`);
    return;
  }
  if (!Number.isInteger(f) || f < 0 || f >= featureCount) {
    throw new Error(`${where}: feature ${f} is outside 0..${featureCount - 1} (or -1 for a leaf)`);
  }
  const th = tree.threshold[i];
  // ±Infinity is a legal (if odd) split; NaN would send every value the same way silently.
  if (typeof th !== 'number' || Number.isNaN(th)) throw new Error(`${where}: threshold must be a number, got ${th}`);
  for (const [side, c] of [
    ['left', l],
    ['right', r],
  ] as const) {
    if (!Number.isInteger(c) || c < 0 || c >= n) throw new Error(`${where}: ${side} child ${c} is outside 0..${n - 1}`);
  }
  if (typeof tree.defaultLeft[i] !== 'boolean') throw new Error(`${where}: defaultLeft must be a boolean`);
}

/** Every node reachable from the root exactly once: no cycles, no shared children, no orphans. */
function checkIsTree(tree: TreeJson, where: string): void {
  const seen = new Uint8Array(tree.feature.length);
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop() as number;
    if (seen[i]) throw new Error(`${where}: node ${i} is reached twice (a cycle or a shared child)`);
    seen[i] = 1;
    if (tree.feature[i] !== -1) stack.push(tree.right[i], tree.left[i]);
  }
  const orphan = seen.indexOf(0);
  if (orphan >= 0) throw new Error(`${where}: node ${orphan} is not reachable from the root`);
}
