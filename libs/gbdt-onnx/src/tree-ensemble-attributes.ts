import type { onnx } from 'onnx-proto';
import type { TreeJson } from '@ares/gbdt';
import { float32AtLeast } from './float32-threshold';
import { floatsAttribute, intsAttribute, stringsAttribute } from './onnx-ml-builders';

/** The trees of a validated model as the parallel arrays of ai.onnx.ml TreeEnsemble*. */
export interface FlatTrees {
  /** nodes_* attributes, always in the same order (the order is part of the bytes). */
  nodes: onnx.IAttributeProto[];
  leafTreeIds: number[];
  leafNodeIds: number[];
  /** The tree's classIndex per leaf (class_ids / target_ids). */
  leafOutputIds: number[];
  leafWeights: number[];
}

/**
 * ONNX tree id = index in `trees`, node id = index in the tree's arrays, so ids always agree with
 * the JSON. Split semantics: BRANCH_LT sends x < threshold to the TRUE branch, which is JSON
 * `left`; NaN follows the true branch when nodes_missing_value_tracks_true = defaultLeft.
 */
export function flattenTrees(trees: readonly TreeJson[]): FlatTrees {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: string[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const flat: FlatTrees = { nodes: [], leafTreeIds: [], leafNodeIds: [], leafOutputIds: [], leafWeights: [] };
  trees.forEach((tree, t) => {
    for (let i = 0; i < tree.feature.length; i++) {
      const leaf = tree.feature[i] === -1;
      treeIds.push(t);
      nodeIds.push(i);
      featureIds.push(leaf ? 0 : tree.feature[i]);
      modes.push(leaf ? 'LEAF' : 'BRANCH_LT');
      // Stored as float32: round up so that `x < stored` ⇔ `x < threshold` for every float32 x.
      values.push(leaf ? 0 : float32AtLeast(tree.threshold[i]));
      trueIds.push(leaf ? 0 : tree.left[i]);
      falseIds.push(leaf ? 0 : tree.right[i]);
      missingTrue.push(!leaf && tree.defaultLeft[i] ? 1 : 0);
      if (leaf) {
        flat.leafTreeIds.push(t);
        flat.leafNodeIds.push(i);
        flat.leafOutputIds.push(tree.classIndex);
        flat.leafWeights.push(tree.value[i]);
      }
    }
  });
  flat.nodes = [
    intsAttribute('nodes_falsenodeids', falseIds),
    intsAttribute('nodes_featureids', featureIds),
    intsAttribute('nodes_missing_value_tracks_true', missingTrue),
    stringsAttribute('nodes_modes', modes),
    intsAttribute('nodes_nodeids', nodeIds),
    intsAttribute('nodes_treeids', treeIds),
    intsAttribute('nodes_truenodeids', trueIds),
    floatsAttribute('nodes_values', values),
  ];
  return flat;
}

/**
 * onnxruntime quirk (tree_ensemble_aggregator.h, TreeAggregatorClassifier::_set_score_binary):
 * in the binary case, if no class weight is negative it takes the summed score for a probability
 * and labels by `score > 0.5` instead of `score > 0`. Measured on onnxruntime-node 1.30: the
 * probabilities still get LOGISTIC, but `label` is wrong for raw scores in (0, 0.5] (older
 * releases also skipped LOGISTIC there). A GBDT whose leaves are all ≥ 0, or that has no trees,
 * hits this. This tree makes one weight negative without changing any score: its root sends
 * x < −∞ (never true; NaN goes to the false side) to a −1 leaf, everything else to a 0 leaf.
 */
export function signGuardTree(): TreeJson {
  return {
    classIndex: 0,
    feature: [0, -1, -1],
    threshold: [-Infinity, 0, 0],
    left: [1, -1, -1],
    right: [2, -1, -1],
    defaultLeft: [false, false, false],
    value: [0, -1, 0],
  };
}

/** True when onnxruntime would see no negative float32 class weight (see signGuardTree). */
export function needsSignGuard(trees: readonly TreeJson[]): boolean {
  return !trees.some((t) => t.value.some((v, i) => t.feature[i] === -1 && Math.fround(v) < 0));
}
