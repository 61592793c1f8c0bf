/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { describeOnnxModel } from './describe-onnx-model';
import { exportLogisticModelToOnnx, FEATURES_METADATA_KEY, LOGISTIC_EXPORT_VERSION, MODEL_KIND_METADATA_KEY } from './logistic-model-onnx';
import { loadOnnxModel } from './onnx-session';
import { HAND_PROBABILITIES, handColumns, handModel, sha256 } from './testing/test-models';

describe('exportLogisticModelToOnnx', () => {
  it('gives the hand-computed probabilities through onnxruntime-node', async () => {
    const model = await loadOnnxModel(exportLogisticModelToOnnx(handModel()));
    try {
      const p = await model.predict(handColumns(), null);
      expect(p).toHaveLength(3);
      p.forEach((v, i) => expect(Math.abs(v - HAND_PROBABILITIES[i])).toBeLessThanOrEqual(1e-6));
    } finally {
      await model.release();
    }
  });

  it('is one flat graph: IR 8, opset 15, float32 [N, F] in and [N, 1] out', () => {
    const d = describeOnnxModel(exportLogisticModelToOnnx(handModel(), { modelVersion: 7, docString: 'hand' }));
    expect(d.irVersion).toBe(8);
    expect(d.opsets).toEqual([{ domain: '', version: 15 }]);
    expect(d.producerName).toBe('ares');
    expect(d.producerVersion).toBe(LOGISTIC_EXPORT_VERSION);
    expect(d.modelVersion).toBe(7);
    expect(d.nodeOps).toEqual(['Cast', 'Sub', 'Div', 'MatMul', 'Add', 'Sigmoid', 'Cast']);
    expect(d.subgraphCount).toBe(0);
    expect(d.functionCount).toBe(0);
    expect(d.trainingInfoCount).toBe(0);
    expect(d.inputs).toEqual([{ name: 'features', elemType: 'FLOAT', shape: ['N', 3] }]);
    expect(d.outputs).toEqual([{ name: 'probability', elemType: 'FLOAT', shape: ['N', 1] }]);
    expect(d.initializers).toEqual(['mean', 'scale', 'weights', 'intercept']);
  });

  it('is deterministic: the same model exports byte-identical bytes', () => {
    const first = exportLogisticModelToOnnx(handModel(), { modelVersion: 3, docString: 'x' });
    const second = exportLogisticModelToOnnx(handModel(), { modelVersion: 3, docString: 'x' });
    expect(sha256(second)).toBe(sha256(first));
    // ...and any change to the model changes the bytes.
    const other = handModel();
    other.intercept = 0.25000000000000006;
    expect(sha256(exportLogisticModelToOnnx(other, { modelVersion: 3, docString: 'x' }))).not.toBe(sha256(first));
  });

  it('pins the bytes of the hand model (a change here must bump LOGISTIC_EXPORT_VERSION)', () => {
    const bytes = exportLogisticModelToOnnx(handModel());
    expect(bytes.length).toBe(684);
    expect(sha256(bytes)).toBe('f0828a01e3498a868738c69ba9d21ef265ac63580454f8812caa26fba790f63e');
  });

  it('keeps float64 parameters exactly (no float32 rounding of mean/scale)', async () => {
    const m = handModel();
    // 1e4 + 1e-3 is not representable in float32; a float32 mean would shift p visibly.
    m.mean = Float64Array.of(1, -2, 10000.001);
    m.scale = Float64Array.of(2, 4, 1e-3);
    const model = await loadOnnxModel(exportLogisticModelToOnnx(m));
    try {
      // x_c = 10000 is exact in float32: z_c = −1, logit = 0.5·1 − 1·1 + 2·(−1) + 0.25 = −2.25.
      const p = await model.predict([Float64Array.of(3), Float64Array.of(2), Float64Array.of(10000)], null);
      expect(Math.abs(p[0] - 1 / (1 + Math.exp(2.25)))).toBeLessThanOrEqual(1e-7);
    } finally {
      await model.release();
    }
  });

  it('records feature names and the model kind in metadata, which round-trip through a session', async () => {
    const bytes = exportLogisticModelToOnnx(handModel());
    expect(describeOnnxModel(bytes).metadata).toEqual({
      [FEATURES_METADATA_KEY]: '["a","b","c"]',
      [MODEL_KIND_METADATA_KEY]: 'logistic-regression',
    });
    const model = await loadOnnxModel(bytes);
    try {
      expect(JSON.parse(model.metadata[FEATURES_METADATA_KEY])).toEqual(['a', 'b', 'c']);
      expect(model.featureNames).toEqual(['a', 'b', 'c']);
      expect(model.inputNames).toEqual(['features']);
      expect(model.outputNames).toEqual(['probability']);
    } finally {
      await model.release();
    }
  });

  it('rejects mismatched lengths, non-finite parameters and bad options, naming the field', () => {
    const withWeights = (weights: Float64Array) => ({ ...handModel(), weights });
    expect(() => exportLogisticModelToOnnx(withWeights(Float64Array.of(1, 2)))).toThrow(
      'LinearProbabilityModel.weights has 2 entries but featureNames has 3',
    );
    expect(() => exportLogisticModelToOnnx(withWeights(Float64Array.of(1, NaN, 2)))).toThrow(
      "LinearProbabilityModel.weights[1] (feature 'b') must be finite, got NaN",
    );
    expect(() => exportLogisticModelToOnnx({ ...handModel(), mean: Float64Array.of(0, 0, 0, 0) })).toThrow(
      'LinearProbabilityModel.mean has 4 entries',
    );
    expect(() => exportLogisticModelToOnnx({ ...handModel(), scale: Float64Array.of(1, 0, 1) })).toThrow(
      "LinearProbabilityModel.scale[1] (feature 'b') must be finite and > 0, got 0",
    );
    expect(() => exportLogisticModelToOnnx({ ...handModel(), intercept: Infinity })).toThrow(
      'LinearProbabilityModel.intercept must be finite, got Infinity',
    );
    expect(() => exportLogisticModelToOnnx({ ...handModel(), featureNames: ['a', 'b', 'a'] })).toThrow(
      "LinearProbabilityModel.featureNames[2] duplicates 'a'",
    );
    expect(() => exportLogisticModelToOnnx(handModel(), { modelVersion: 1.5 })).toThrow(
      'options.modelVersion must be a non-negative integer, got 1.5',
    );
  });
});
