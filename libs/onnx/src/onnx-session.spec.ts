/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { onnx } from 'onnx-proto';
import { exportLogisticModelToOnnx } from './logistic-model-onnx';
import { ElemType, encodeModel, node, tensorValueInfo } from './onnx-proto-builders';
import { loadOnnxModel, OnnxModel } from './onnx-session';
import { HAND_PROBABILITIES, handColumns, handModel } from './testing/test-models';

function identityModel(elemType: ElemType, shape: (number | string)[], outputShape = shape): Uint8Array {
  const graph: onnx.IGraphProto = {
    name: 'identity',
    node: [node('Identity', 'id', ['x'], ['y'])],
    input: [tensorValueInfo('x', elemType, shape)],
    output: [tensorValueInfo('y', elemType, outputShape)],
  };
  return encodeModel({ graph, producerName: 'test', producerVersion: '0', modelVersion: 1, docString: '', metadata: [] });
}

describe('loadOnnxModel', () => {
  it('rejects bytes that are not an ONNX model, saying so', async () => {
    const valid = exportLogisticModelToOnnx(handModel());
    await expect(loadOnnxModel(valid.subarray(0, valid.length >> 1))).rejects.toThrow(/^bytes are not a valid ONNX model \(protobuf decode failed: /);
    await expect(loadOnnxModel(new Uint8Array(0))).rejects.toThrow('bytes are not a valid ONNX model (no graph; 0 bytes)');
    await expect(loadOnnxModel(new TextEncoder().encode('not a model'))).rejects.toThrow(/^bytes are not a valid ONNX model/);
    const flipped = Uint8Array.from(valid);
    flipped[0] ^= 0xff;
    await expect(loadOnnxModel(flipped)).rejects.toThrow(/^bytes are not a valid ONNX model/);
  });

  it('rejects models this API cannot feed', async () => {
    await expect(loadOnnxModel(identityModel(ElemType.DOUBLE, ['N', 2]))).rejects.toThrow("input 'x' must be float32, is DOUBLE");
    await expect(loadOnnxModel(identityModel(ElemType.FLOAT, ['N', 'F']))).rejects.toThrow(
      "input 'x' must have shape [N, F] with a fixed F, has [N, F]",
    );
  });

  it('reports onnxruntime load failures (a graph that does not type-check)', async () => {
    const graph: onnx.IGraphProto = {
      name: 'broken',
      node: [node('NoSuchOp', 'bad', ['x'], ['y'])],
      input: [tensorValueInfo('x', ElemType.FLOAT, ['N', 2])],
      output: [tensorValueInfo('y', ElemType.FLOAT, ['N', 1])],
    };
    const bytes = encodeModel({ graph, producerName: 't', producerVersion: '0', modelVersion: 1, docString: '', metadata: [] });
    await expect(loadOnnxModel(bytes)).rejects.toThrow(/^onnxruntime could not load the model: .*NoSuchOp/);
  });

  it('returns the first output column of a wider output', async () => {
    const model = await loadOnnxModel(identityModel(ElemType.FLOAT, ['N', 2]));
    try {
      const p = await model.predict([Float64Array.of(1, 2, 3), Float64Array.of(-1, -2, -3)], null);
      expect(Array.from(p)).toEqual([1, 2, 3]);
      expect(model.featureNames).toBeNull();
    } finally {
      await model.release();
    }
  });
});

describe('OnnxModel.predict', () => {
  let model: OnnxModel;
  beforeAll(async () => {
    model = await loadOnnxModel(exportLogisticModelToOnnx(handModel()));
  });
  afterAll(() => model.release());

  it('names a wrong feature count and the expected features', async () => {
    await expect(model.predict(handColumns().slice(0, 2), null)).rejects.toThrow('model expects 3 feature columns (a, b, c), got 2');
  });

  it('names the column and row of a non-finite input', async () => {
    const cols = handColumns();
    cols[1][2] = NaN;
    await expect(model.predict(cols, null)).rejects.toThrow("feature column 1 ('b') row 2: NaN is not finite");
    cols[1][2] = 0;
    cols[2][0] = 1e39;
    await expect(model.predict(cols, null)).rejects.toThrow("feature column 2 ('c') row 0: 1e+39 overflows float32");
  });

  it('rejects ragged columns and rows out of range', async () => {
    const cols = handColumns();
    cols[2] = Float64Array.of(1, 2);
    await expect(model.predict(cols, null)).rejects.toThrow("feature column 2 ('c') has 2 rows, column 0 ('a') has 3");
    await expect(model.predict(handColumns(), Int32Array.of(0, 3))).rejects.toThrow('rows[1] = 3 is outside 0..2');
  });

  it('scores no rows as an empty result, and a NaN outside the picked rows is ignored', async () => {
    expect(await model.predict(handColumns(), Int32Array.of())).toHaveLength(0);
    const cols = handColumns();
    cols[0][1] = NaN;
    const p = await model.predict(cols, Int32Array.of(2));
    expect(Math.abs(p[0] - HAND_PROBABILITIES[2])).toBeLessThan(1e-6);
  });

  it('refuses to run after release', async () => {
    const m = await loadOnnxModel(exportLogisticModelToOnnx(handModel()));
    await m.release();
    await m.release(); // idempotent
    await expect(m.predict(handColumns(), null)).rejects.toThrow('OnnxModel.predict called after release()');
  });
});

describe('OnnxModel.predictColumns', () => {
  it('returns every column of the first output, for the picked rows', async () => {
    const model = await loadOnnxModel(identityModel(ElemType.FLOAT, ['N', 3]));
    try {
      const columns = [Float64Array.of(1, 2, 3), Float64Array.of(-1, -2, -3), Float64Array.of(0.5, 0.25, 0.125)];
      expect((await model.predictColumns(columns, null)).map((c) => Array.from(c))).toEqual(columns.map((c) => Array.from(c)));
      const picked = await model.predictColumns(columns, Int32Array.of(2, 0));
      expect(picked.map((c) => Array.from(c))).toEqual([
        [3, 1],
        [-3, -1],
        [0.125, 0.5],
      ]);
      expect(Array.from(await model.predict(columns, null))).toEqual([1, 2, 3]); // predict still gives the first column
    } finally {
      await model.release();
    }
  });

  it('one column for a single-output model; the same checks on the input as predict', async () => {
    const model = await loadOnnxModel(exportLogisticModelToOnnx(handModel()));
    try {
      const [p, ...rest] = await model.predictColumns(handColumns(), null);
      expect(rest).toEqual([]);
      Array.from(p).forEach((v, i) => expect(Math.abs(v - HAND_PROBABILITIES[i])).toBeLessThan(1e-6));
      await expect(model.predictColumns(handColumns().slice(0, 2), null)).rejects.toThrow('model expects 3 feature columns (a, b, c), got 2');
    } finally {
      await model.release();
    }
  });

  it('no rows: as many empty columns as the graph declares, or an error when it declares no width', async () => {
    const fixed = await loadOnnxModel(identityModel(ElemType.FLOAT, ['N', 2]));
    const open = await loadOnnxModel(identityModel(ElemType.FLOAT, ['N', 2], ['N', 'K']));
    try {
      const none = Int32Array.of();
      expect(await fixed.predictColumns([Float64Array.of(1), Float64Array.of(2)], none)).toEqual([new Float64Array(0), new Float64Array(0)]);
      await expect(open.predictColumns([Float64Array.of(1), Float64Array.of(2)], none)).rejects.toThrow(
        "output 'y' has no fixed width: cannot score 0 rows",
      );
      expect(await open.predict([Float64Array.of(1), Float64Array.of(2)], none)).toHaveLength(0);
    } finally {
      await fixed.release();
      await open.release();
    }
    await expect(fixed.predictColumns([Float64Array.of(1), Float64Array.of(2)], null)).rejects.toThrow(
      'OnnxModel.predictColumns called after release()',
    );
  });
});
