/**
 * The shared, portable GBDT model format. Other code (the ONNX exporter, the registry) reads this
 * shape directly, so it is a contract: change it only together with a version bump.
 *
 * raw[c] = baseScore[c] + Σ_{trees of class c} leaf value;
 * binary → sigmoid(raw[0]); multiclass → softmax(raw); regression → raw[0].
 *
 * Float32 contract: every feature value is rounded with Math.fround before binning and before
 * prediction, and every threshold is itself a float32 value, so a float32 ONNX runtime routes rows
 * exactly as this library does.
 */
export type GbdtObjective = 'binary' | 'multiclass' | 'regression';

export interface TreeJson {
  /** Which output this tree adds to (0 for binary/regression). */
  classIndex: number;
  /** Per node; -1 for a leaf; node 0 is the root. */
  feature: number[];
  /** Per node: go LEFT when fround(x) < threshold; a float32 value; 0 for leaves. */
  threshold: number[];
  /** Child node indices; -1 for leaves. */
  left: number[];
  right: number[];
  /** NaN goes left when true. */
  defaultLeft: boolean[];
  /** Leaf output in raw-score space, learning rate already applied; 0 for internal nodes. */
  value: number[];
}

export interface GbdtModelJson {
  format: 'ares-gbdt';
  version: 1;
  objective: GbdtObjective;
  /** 1 for binary and regression, K ≥ 3 for multiclass. */
  numClass: number;
  featureNames: string[];
  /** Raw-score offset per output (length numClass). */
  baseScore: number[];
  /** In boosting order; multiclass: numClass trees per round, classIndex 0..K-1. */
  trees: TreeJson[];
  /** Rounds kept after early stopping (trees beyond it are already dropped). */
  bestIteration?: number;
  featureImportance: { gain: number[]; split: number[] };
}
