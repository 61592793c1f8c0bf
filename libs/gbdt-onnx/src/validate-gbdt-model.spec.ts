import type { GbdtModelJson } from '@ares/gbdt';
import { exportGbdtToOnnx } from './gbdt-onnx-export';
import { binaryStump, depthTwoRegression, multiclassStumps } from './testing/hand-made-models';

/** Malformed JSON fails in the exporter with a message naming the tree and node. */
describe('exportGbdtToOnnx rejects malformed model JSON', () => {
  const broken = (base: () => GbdtModelJson, edit: (m: GbdtModelJson) => void): GbdtModelJson => {
    const m = base();
    edit(m);
    return m;
  };

  it.each<[string, GbdtModelJson, RegExp]>([
    ['child index out of range', broken(depthTwoRegression, (m) => (m.trees[0].right[1] = 9)), /tree 0 node 1: right child 9 is outside 0\.\.6/],
    ['negative child index on a split', broken(depthTwoRegression, (m) => (m.trees[0].left[0] = -1)), /tree 0 node 0: left child -1/],
    [
      'leaf with children',
      broken(depthTwoRegression, (m) => (m.trees[0].left[3] = 4)),
      /tree 0 node 3: leaf \(feature -1\) must have left = right = -1/,
    ],
    ['NaN threshold', broken(binaryStump, (m) => (m.trees[0].threshold[0] = NaN)), /tree 0 node 0: threshold must be a number, got NaN/],
    ['classIndex ≥ numClass', broken(multiclassStumps, (m) => (m.trees[5].classIndex = 3)), /tree 5: classIndex 3 is outside 0\.\.2/],
    ['classIndex ≠ 0 for binary', broken(binaryStump, (m) => (m.trees[0].classIndex = 1)), /tree 0: classIndex 1 is outside 0\.\.0/],
    ['feature out of range', broken(binaryStump, (m) => (m.trees[0].feature[0] = 1)), /tree 0 node 0: feature 1 is outside 0\.\.0/],
    ['cycle', broken(depthTwoRegression, (m) => (m.trees[0].left[1] = 0)), /tree 0: node 0 is reached twice/],
    ['shared child', broken(depthTwoRegression, (m) => (m.trees[0].right[1] = 3)), /tree 0: node 3 is reached twice/],
    [
      'orphan node',
      broken(depthTwoRegression, (m) => {
        Object.assign(m.trees[0], {
          feature: [0, -1, -1, -1],
          threshold: [1, 0, 0, 0],
          left: [1, -1, -1, -1],
          right: [2, -1, -1, -1],
          defaultLeft: [true, false, false, false],
          value: [0, 1, 2, 3],
        });
      }),
      /tree 0: node 3 is not reachable from the root/,
    ],
    ['ragged arrays', broken(binaryStump, (m) => m.trees[0].value.pop()), /tree 0: value must have 3 entries/],
    ['non-finite leaf value', broken(binaryStump, (m) => (m.trees[0].value[2] = Infinity)), /tree 0 node 2: leaf value must be finite/],
    ['wrong baseScore length', broken(multiclassStumps, (m) => m.baseScore.pop()), /baseScore must have 3 entries, has 2/],
    ['non-finite baseScore', broken(binaryStump, (m) => (m.baseScore[0] = NaN)), /baseScore\[0\] must be finite/],
    ['multiclass with 2 classes', broken(multiclassStumps, (m) => (m.numClass = 2)), /numClass ≥ 3, got 2/],
    ['binary with numClass 2', broken(binaryStump, (m) => (m.numClass = 2)), /binary model must have numClass 1/],
    ['unknown objective', broken(binaryStump, (m) => ((m as { objective: string }).objective = 'ranking')), /objective must be/],
    ['wrong format', broken(binaryStump, (m) => ((m as { format: string }).format = 'xgboost')), /format must be 'ares-gbdt'/],
    ['no features', broken(binaryStump, (m) => (m.featureNames = [])), /featureNames must be a non-empty array/],
    ['duplicate feature names', broken(depthTwoRegression, (m) => (m.featureNames = ['a', 'a'])), /featureNames must be unique/],
  ])('%s', (_name, model, message) => {
    expect(() => exportGbdtToOnnx(model)).toThrow(message);
  });

  it('rejects a bad modelVersion option', () => {
    expect(() => exportGbdtToOnnx(binaryStump(), { modelVersion: -1 })).toThrow(/modelVersion/);
  });

  it('accepts ±Infinity thresholds (legal, if odd, splits)', () => {
    expect(() => exportGbdtToOnnx(broken(binaryStump, (m) => (m.trees[0].threshold[0] = -Infinity)))).not.toThrow();
  });
});
