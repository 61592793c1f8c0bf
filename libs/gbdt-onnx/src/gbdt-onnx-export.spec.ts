/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { createHash } from 'node:crypto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describeOnnxModel } from '@ares/onnx';
import { loadOnnxModel } from '@ares/onnx';
import type { GbdtModelJson } from '@ares/gbdt';
import { exportGbdtToOnnx } from './gbdt-onnx-export';
import { loadGbdtOnnxModel } from './gbdt-onnx-session';
import { referencePredict } from './reference-predict';
import { binaryStump, depthTwoBinary, depthTwoRegression, multiclassStumps, positiveLeavesStump } from './testing/hand-made-models';
import { randomGbdtModel } from './testing/random-gbdt-model';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const softmax = (z: number[]) => z.map((v) => Math.exp(v) / z.reduce((s, w) => s + Math.exp(w), 0));

async function onnxPredict(model: GbdtModelJson, columns: number[][]): Promise<Float64Array> {
  const m = await loadGbdtOnnxModel(exportGbdtToOnnx(model));
  try {
    return await m.predict(columns.map((c) => Float64Array.from(c)));
  } finally {
    await m.release();
  }
}

/** float32 outputs: compare to 1e-6 relative-ish. */
function expectClose(actual: Float64Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, 6));
}

describe('exportGbdtToOnnx — hand-made models through onnxruntime', () => {
  it('binary stump: x < t goes left, equality right, NaN by defaultLeft, base value applied', async () => {
    // a = 0, 0.5 (equal → right), 1, NaN (→ left); raw = 0.2 − 0.4 | 0.2 + 0.6.
    const p = await onnxPredict(binaryStump(), [[0, 0.5, 1, NaN]]);
    expectClose(p, [sigmoid(-0.2), sigmoid(0.8), sigmoid(0.8), sigmoid(-0.2)]);
  });

  it('binary stump with all leaves ≥ 0 still gets the sigmoid (sign-guard tree)', async () => {
    const p = await onnxPredict(positiveLeavesStump(), [[0, 1, NaN]]);
    expectClose(p, [sigmoid(-0.4), sigmoid(-0.2), sigmoid(-0.4)]);
  });

  it('without the guard, onnxruntime labels by raw > 0.5 when no weight is negative (the quirk it avoids)', async () => {
    // Base 0, leaves 0.1 | 0.3: raw scores 0.1 and 0.3 are > 0, so both rows are class 1.
    const labels = async (omitBinarySignGuard: boolean) => {
      const bytes = exportGbdtToOnnx({ ...positiveLeavesStump(), baseScore: [0] }, { omitBinarySignGuard });
      const s = await InferenceSession.create(bytes);
      const r = await s.run({ features: new Tensor('float32', Float32Array.of(0, 1), [2, 1]) });
      await s.release();
      return { label: [...(r.label.data as BigInt64Array)].map(Number), p1: [(r.probabilities.data as Float32Array)[1]] };
    };
    const guarded = await labels(false);
    const unguarded = await labels(true);
    expect(guarded.label).toEqual([1, 1]);
    expect(unguarded.label).toEqual([0, 0]); // wrong: what the guard tree exists to prevent
    // onnxruntime-node 1.30 still applies LOGISTIC to the probabilities either way.
    expect(unguarded.p1[0]).toBeCloseTo(sigmoid(0.1), 6);
    expect(guarded.p1[0]).toBeCloseTo(sigmoid(0.1), 6);
  });

  const depthTwoRows = [
    [0, 0, 0, NaN, NaN, 3],
    [1, NaN, 5, -1, NaN, 0],
  ];
  // Leaves: (0,1) → 3; (0,NaN) → 3 (NaN left); (0,5) → 4; (NaN,−1) → root NaN right, 5; (NaN,NaN) → 6 (NaN right); (3,0) → 6.
  const depthTwoLeaves = [-1, -1, 0.5, 0.25, 2, 2];

  it('depth-2 regression routes NaN left and right as defaultLeft says; base value applied', async () => {
    const v = await onnxPredict(depthTwoRegression(), depthTwoRows);
    expectClose(
      v,
      depthTwoLeaves.map((x) => 10 + x),
    );
  });

  it('depth-2 binary', async () => {
    const p = await onnxPredict(depthTwoBinary(), depthTwoRows);
    expectClose(
      p,
      depthTwoLeaves.map((x) => sigmoid(-0.25 + x)),
    );
  });

  it('multiclass 3 classes × 2 rounds: per-class base values and softmax', async () => {
    const p = await onnxPredict(multiclassStumps(), [[-1, 0, 2, NaN]]);
    const neg = softmax([0.85, -0.95, 0.4]);
    const pos = softmax([-0.65, 0.55, 0.4]);
    expectClose(p, [...neg, ...pos, ...pos, ...neg]);
  });

  it('agrees with the reference predictor on every hand-made model', async () => {
    for (const m of [binaryStump(), positiveLeavesStump(), depthTwoBinary(), depthTwoRegression(), multiclassStumps()]) {
      const cols = m.featureNames.map((_, j) => Float64Array.from(depthTwoRows[j] ?? depthTwoRows[0]));
      const p = await onnxPredict(
        m,
        cols.map((c) => [...c]),
      );
      const ref = referencePredict(m, cols);
      ref.forEach((r, i) => expect(p[i]).toBeCloseTo(r, 6));
    }
  });

  it('binary: the first output is P(class 1), so libs/onnx loadOnnxModel serves it too', async () => {
    const m = await loadOnnxModel(exportGbdtToOnnx(binaryStump()));
    expect(m.outputNames).toEqual(['probability', 'label', 'probabilities']);
    const p = await m.predict([Float64Array.of(0, 1)], null);
    await m.release();
    expectClose(p, [sigmoid(-0.2), sigmoid(0.8)]);
  });

  it('a model with no trees predicts its base score', async () => {
    const empty = { ...binaryStump(), trees: [] };
    expectClose(await onnxPredict(empty, [[0, NaN]]), [sigmoid(0.2), sigmoid(0.2)]);
    const reg = { ...depthTwoRegression(), trees: [] };
    expectClose(await onnxPredict(reg, [[0], [1]]), [10]);
  });
});

describe('exportGbdtToOnnx — bytes and metadata', () => {
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

  it('is deterministic: same model → same bytes', () => {
    for (const objective of ['binary', 'multiclass', 'regression'] as const) {
      const spec = { objective, numClass: objective === 'multiclass' ? 4 : 1, featureCount: 5, rounds: 10, maxDepth: 4, seed: 3 };
      const a = exportGbdtToOnnx(randomGbdtModel(spec));
      const b = exportGbdtToOnnx(randomGbdtModel(spec));
      expect(sha(a)).toBe(sha(b));
      expect(sha(exportGbdtToOnnx(randomGbdtModel({ ...spec, seed: 4 })))).not.toBe(sha(a));
    }
  });

  it.each([
    ['binary', binaryStump(), ['Slice'], ['probability', 'label', 'probabilities']],
    ['multiclass', multiclassStumps(), [], ['probabilities', 'label']],
    ['regression', depthTwoRegression(), [], ['variable']],
  ] as const)('%s: one flat graph, ai.onnx.ml opset 3, features + kind in metadata', (objective, m, extraOps, outputs) => {
    const d = describeOnnxModel(exportGbdtToOnnx(m, { modelVersion: 7 }));
    expect(d.irVersion).toBe(8);
    expect(d.opsets).toEqual([
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(d.nodeOps).toEqual([objective === 'regression' ? 'TreeEnsembleRegressor' : 'TreeEnsembleClassifier', ...extraOps]);
    expect(d.subgraphCount).toBe(0);
    expect(d.inputs).toEqual([{ name: 'features', elemType: 'FLOAT', shape: ['N', m.featureNames.length] }]);
    expect(d.outputs.map((o) => o.name)).toEqual(outputs);
    expect(d.metadata).toEqual({ 'ares.features': JSON.stringify(m.featureNames), 'ares.model-kind': `gbdt-${objective}` });
    expect(d.modelVersion).toBe(7);
    expect(d.producerName).toBe('ares');
  });
});
