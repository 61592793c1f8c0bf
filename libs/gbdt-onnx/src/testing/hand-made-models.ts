import type { GbdtModelJson, GbdtObjective, TreeJson } from '@ares/gbdt';

/** Small models whose outputs are worked out by hand in the specs. */

function model(objective: GbdtObjective, featureNames: string[], baseScore: number[], trees: TreeJson[]): GbdtModelJson {
  const f = featureNames.length;
  return {
    format: 'ares-gbdt',
    version: 1,
    objective,
    numClass: baseScore.length,
    featureNames,
    baseScore,
    trees,
    featureImportance: { gain: new Array(f).fill(0), split: new Array(f).fill(0) },
  };
}

/** a < 0.5 (NaN left) → low, else high. */
export function stump(classIndex: number, threshold: number, low: number, high: number, feature = 0): TreeJson {
  return {
    classIndex,
    feature: [feature, -1, -1],
    threshold: [threshold, 0, 0],
    left: [1, -1, -1],
    right: [2, -1, -1],
    defaultLeft: [true, false, false],
    value: [0, low, high],
  };
}

/** Binary stump: raw = 0.2 + (a < 0.5 or NaN ? −0.4 : 0.6). */
export function binaryStump(): GbdtModelJson {
  return model('binary', ['a'], [0.2], [stump(0, 0.5, -0.4, 0.6)]);
}

/** Binary stump whose leaves are both ≥ 0 (the onnxruntime sign quirk): raw = −0.5 + (0.1 | 0.3). */
export function positiveLeavesStump(): GbdtModelJson {
  return model('binary', ['a'], [-0.5], [stump(0, 0.5, 0.1, 0.3)]);
}

/**
 * Depth 2 over (a, b), nodes: 0 root `a < 1` (NaN → right); 1 `b < 2` (NaN → left);
 * 2 `b < 0` (NaN → right); leaves 3..6 = −1, 0.5, 0.25, 2.
 */
export function depthTwoTree(): TreeJson {
  return {
    classIndex: 0,
    feature: [0, 1, 1, -1, -1, -1, -1],
    threshold: [1, 2, 0, 0, 0, 0, 0],
    left: [1, 3, 5, -1, -1, -1, -1],
    right: [2, 4, 6, -1, -1, -1, -1],
    defaultLeft: [false, true, false, false, false, false, false],
    value: [0, 0, 0, -1, 0.5, 0.25, 2],
  };
}

export function depthTwoRegression(): GbdtModelJson {
  return model('regression', ['a', 'b'], [10], [depthTwoTree()]);
}

export function depthTwoBinary(): GbdtModelJson {
  return model('binary', ['a', 'b'], [-0.25], [depthTwoTree()]);
}

/**
 * 3 classes × 2 rounds of stumps on x (threshold 0, NaN left), base [0.1, −0.2, 0.3].
 * x < 0: raw = [0.1+0.5+0.25, −0.2−0.5−0.25, 0.3+0+0.1] = [0.85, −0.95, 0.4]
 * x ≥ 0: raw = [0.1−0.5−0.25, −0.2+0.5+0.25, 0.3+0.2−0.1] = [−0.65, 0.55, 0.4]
 */
export function multiclassStumps(): GbdtModelJson {
  return model(
    'multiclass',
    ['x'],
    [0.1, -0.2, 0.3],
    [stump(0, 0, 0.5, -0.5), stump(1, 0, -0.5, 0.5), stump(2, 0, 0, 0.2), stump(0, 0, 0.25, -0.25), stump(1, 0, -0.25, 0.25), stump(2, 0, 0.1, -0.1)],
  );
}
