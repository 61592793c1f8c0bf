/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { assertOnnxParity } from '@ares/onnx';
import { exportGbdtToOnnx } from './gbdt-onnx-export';
import { loadGbdtOnnxModel } from './gbdt-onnx-session';
import { referencePredict } from './reference-predict';
import { randomColumns, randomGbdtModel, RandomModelSpec } from './testing/random-gbdt-model';

/**
 * Parity of onnxruntime with the float64 reference on 100,000 seeded rows (~10% NaN per
 * feature, ~10% exactly on a threshold) over random trees of depth ≤ 6. Differences come from
 * onnxruntime's float32 leaf weights, float32 accumulation and float32 output.
 */
const N = 100_000;
const cases: [string, RandomModelSpec][] = [
  ['binary', { objective: 'binary', numClass: 1, featureCount: 12, rounds: 100, maxDepth: 6, seed: 11 }],
  ['multiclass', { objective: 'multiclass', numClass: 4, featureCount: 12, rounds: 50, maxDepth: 6, seed: 12 }],
  ['regression', { objective: 'regression', numClass: 1, featureCount: 12, rounds: 100, maxDepth: 6, seed: 13 }],
  [
    'binary, float64 thresholds',
    { objective: 'binary', numClass: 1, featureCount: 12, rounds: 100, maxDepth: 6, seed: 14, float32Thresholds: false },
  ],
];

describe('GBDT ONNX parity with the float64 reference (100,000 rows incl. NaN)', () => {
  it.each(cases)('%s: max |diff| ≤ 1e-5', async (_name, spec) => {
    const model = randomGbdtModel(spec);
    const columns = randomColumns(model, N, spec.seed + 1000);
    const onnxModel = await loadGbdtOnnxModel(exportGbdtToOnnx(model));
    const actual = await onnxModel.predict(columns);
    await onnxModel.release();
    const expected = referencePredict(model, columns);
    const { maxAbsDiff, worstRow } = assertOnnxParity(expected, actual, 1e-5);
    console.log(`parity ${_name}: ${expected.length} outputs, max |diff| ${maxAbsDiff.toExponential(2)} (row ${worstRow})`);
  });
});
