/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { predictProba, trainGbdt } from '@ares/gbdt';
import { assertOnnxParity } from '@ares/onnx';
import { seededRandom } from '@ares/random';
import { exportGbdtToOnnx } from './gbdt-onnx-export';
import { loadGbdtOnnxModel } from './gbdt-onnx-session';

describe('a random-forest model exports to the same TreeEnsemble graph', () => {
  it('onnxruntime reproduces its probabilities to 1e-5', async () => {
    const rng = seededRandom(8);
    const n = 3000;
    const columns = Array.from({ length: 5 }, () => Float64Array.from({ length: n }, () => rng() * 2 - 1));
    const label = Float64Array.from({ length: n }, (_, i) => (columns[0][i] + 0.5 * columns[1][i] + 0.3 * (rng() - 0.5) > 0 ? 1 : 0));
    const model = trainGbdt(
      { columns, featureNames: ['a', 'b', 'c', 'd', 'e'], label },
      { objective: 'binary', boosting: 'rf', nEstimators: 40, maxDepth: 6, colsampleByTree: 0.6, seed: 2 },
    );
    const onnx = await loadGbdtOnnxModel(exportGbdtToOnnx(model));
    const served = await onnx.predict(columns);
    await onnx.release();
    const { maxAbsDiff } = assertOnnxParity(predictProba(model, columns), served, 1e-5);
    expect(maxAbsDiff).toBeLessThanOrEqual(1e-5);
  });
});
