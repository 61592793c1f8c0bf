/**
 * The GBDT model JSON that Ares trains and this library exports to ONNX.
 *
 * COPY: libs/gbdt/src/model/gbdt-model.ts is the source of truth. These declarations must stay
 * identical to it; once that library lands, replace this file with a re-export from it.
 */

export type GbdtObjective = 'binary' | 'multiclass' | 'regression';

export interface TreeJson {
  classIndex: number;
  /** Split feature per node; -1 marks a leaf. Node 0 is the root. */
  feature: number[];
  /** Go LEFT when x < threshold. */
  threshold: number[];
  left: number[];
  /** -1 for leaves. */
  right: number[];
  /** NaN goes left when true. */
  defaultLeft: boolean[];
  /** Leaf raw-score output, learning rate applied. */
  value: number[];
}

export interface GbdtModelJson {
  format: 'ares-gbdt';
  version: 1;
  objective: GbdtObjective;
  /** 1 for binary & regression, K ≥ 3 for multiclass. */
  numClass: number;
  featureNames: string[];
  /** Per output. */
  baseScore: number[];
  trees: TreeJson[];
  bestIteration?: number;
  featureImportance: { gain: number[]; split: number[] };
}

// raw[c] = baseScore[c] + Σ leaf values of trees with classIndex c;
// binary → sigmoid(raw[0]); multiclass → softmax(raw); regression → raw[0].
// Float32 contract: features are rounded with Math.fround before prediction; thresholds are float32 values.
