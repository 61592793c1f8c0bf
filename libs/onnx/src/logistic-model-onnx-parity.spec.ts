/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { predictLinearProbability } from './linear-probability-model';
import { exportLogisticModelToOnnx } from './logistic-model-onnx';
import { assertOnnxParity } from './onnx-parity';
import { loadOnnxModel, OnnxModel } from './onnx-session';
import { MIXED_SCALES, modelFor, randomColumns } from './testing/test-models';

/**
 * Parity of the exported graph with the float64 reference on price-like data.
 * Measured here (onnxruntime-node 1.30, CPU): max |diff| ≈ 2.4e-6 against the raw float64
 * inputs, all of it from rounding the inputs to float32; against float32-rounded inputs the
 * graph is within ≈ 3e-8 (the float32 output's rounding), because it computes in float64.
 */
describe('logistic ONNX export parity', () => {
  const n = 10_000;
  const columns = randomColumns(MIXED_SCALES, n, 20230101);
  const model = modelFor(MIXED_SCALES, columns, 7);
  let onnxModel: OnnxModel;

  beforeAll(async () => {
    onnxModel = await loadOnnxModel(exportLogisticModelToOnnx(model));
  });
  afterAll(() => onnxModel.release());

  it('matches the float64 reference on 10,000 random rows within 1e-5', async () => {
    const expected = predictLinearProbability(model, columns);
    const actual = await onnxModel.predict(columns, null);
    const { maxAbsDiff } = assertOnnxParity(expected, actual, 1e-5);
    expect(maxAbsDiff).toBeGreaterThan(0);
    expect(maxAbsDiff).toBeLessThan(5e-6);
    // The spread of the data is real: probabilities cover most of (0, 1).
    expect(Math.min(...expected)).toBeLessThan(0.05);
    expect(Math.max(...expected)).toBeGreaterThan(0.95);
  });

  it('adds no error of its own beyond float32 input/output rounding', async () => {
    const roundedInputs = columns.map((c) => Float64Array.from(Float32Array.from(c)));
    const expected = predictLinearProbability(model, roundedInputs);
    const actual = await onnxModel.predict(columns, null);
    expect(assertOnnxParity(expected, actual, 1e-7).maxAbsDiff).toBeLessThan(1e-7);
  });

  it('scores a row subset in the given order', async () => {
    const all = await onnxModel.predict(columns, null);
    const rows = Int32Array.of(9_999, 0, 4_242, 0);
    const picked = await onnxModel.predict(columns, rows);
    expect(Array.from(picked)).toEqual(Array.from(rows, (r) => all[r]));
  });
});
