/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { assertOnnxParity, loadOnnxModel, OnnxModel } from '@ares/onnx';
import { exportStackedModelToOnnx } from './stacked-model-onnx';
import { predictStackedModel } from './stacked-model-predict';
import type { StackedModelSpec } from './stacked-model-spec';
import { StackedFixture, stackedDataset, stackedEnsembleSpec } from './testing/stacked-ensemble';

/**
 * onnxruntime against the float64 reference on a trained ensemble (2 boosted + 1 random forest + 1 logistic, a
 * stacking layer and a meta layer). Differences come from onnxruntime's float32 tree sums and float32 output.
 */
describe('exportStackedModelToOnnx — parity with predictStackedModel', () => {
  let data: StackedFixture;
  let spec: StackedModelSpec;
  let model: OnnxModel;
  beforeAll(async () => {
    data = stackedDataset(4000, 31);
    spec = stackedEnsembleSpec(data);
    model = await loadOnnxModel(exportStackedModelToOnnx(spec));
  });
  afterAll(() => model.release());

  const maxDiff = (expected: Float64Array[], actual: Float64Array[]) => {
    expect(actual).toHaveLength(expected.length);
    return Math.max(...expected.map((e, k) => assertOnnxParity(e, actual[k], 1e-5).maxAbsDiff));
  };

  it('4 outputs (2 stack + 2 meta) match on every row to ≤ 1e-5', async () => {
    const expected = predictStackedModel(spec, data.columns);
    const actual = await model.predictColumns(data.columns, null);
    const diff = maxDiff(expected, actual);
    console.log(`stacked parity: ${expected.length} outputs × ${data.columns[0].length} rows, max |diff| ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-5);
    // The outputs are distinct probabilities, not copies of one column.
    expect(Math.max(...expected[0].map((p, i) => Math.abs(p - expected[2][i])))).toBeGreaterThan(0.05);
  });

  it('picked rows match the same rows of the reference', async () => {
    const rows = Int32Array.of(3999, 0, 17, 17, 2500);
    const diff = maxDiff(predictStackedModel(spec, data.columns, rows), await model.predictColumns(data.columns, rows));
    expect(diff).toBeLessThanOrEqual(1e-5);
  });

  it('outputs in another order, partly sliced out of a layer, still match', async () => {
    const reordered: StackedModelSpec = { ...spec, outputs: ['meta_b', 'linear', 'stack_long', 'meta_a'] };
    const m = await loadOnnxModel(exportStackedModelToOnnx(reordered));
    try {
      const actual = await m.predictColumns(data.columns, null);
      expect(maxDiff(predictStackedModel(reordered, data.columns), actual)).toBeLessThanOrEqual(1e-5);
      // The same logits as in the original order (stack_long, stack_alt, meta_a, meta_b), moved.
      const original = await model.predictColumns(data.columns, null);
      expect([actual[0], actual[2], actual[3]]).toEqual([original[3], original[0], original[2]]);
    } finally {
      await m.release();
    }
  });
});
