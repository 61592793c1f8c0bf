/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { createHash } from 'node:crypto';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { predictProba } from '@ares/gbdt';
import { decodeOnnxModel, describeOnnxModel, loadOnnxModel } from '@ares/onnx';
import { exportStackedModelToOnnx } from './stacked-model-onnx';
import { predictStackedModel } from './stacked-model-predict';
import { StackedModelSpec } from './stacked-model-spec';
import { binaryStump, positiveLeavesStump, stump } from './testing/hand-made-models';
import { stackedDataset, stackedEnsembleSpec, trainBinary } from './testing/stacked-ensemble';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const ALLOWED_OPS = new Set(['TreeEnsembleRegressor', 'Cast', 'Sub', 'Div', 'MatMul', 'Add', 'Concat', 'Sigmoid', 'Slice', 'Identity']);

async function probabilities(spec: StackedModelSpec, columns: Float64Array[]): Promise<Float64Array[]> {
  const m = await loadOnnxModel(exportStackedModelToOnnx(spec));
  try {
    return await m.predictColumns(columns, null);
  } finally {
    await m.release();
  }
}

/** A spec over one feature 'a' whose only learners are trees; outputs are the learners themselves. */
function treesOnly(...models: ReturnType<typeof binaryStump>[]): StackedModelSpec {
  return {
    featureNames: ['a'],
    learners: models.map((model, i) => ({ name: `t${i}`, kind: 'trees', model })),
    layers: [],
    outputs: models.map((_, i) => `t${i}`),
    kind: 'test',
  };
}

describe('exportStackedModelToOnnx — without layers the outputs are the learners', () => {
  it("a 'gbdt' family (long and short): each column is that GBDT's predictProba to 1e-6", async () => {
    const data = stackedDataset(3000, 7);
    const long = trainBinary(data, data.long, { nEstimators: 50, maxDepth: 5, seed: 11 });
    const short = trainBinary(data, data.short, { nEstimators: 50, maxDepth: 5, seed: 12 });
    const spec: StackedModelSpec = {
      featureNames: data.featureNames,
      learners: [
        { name: 'long', kind: 'trees', model: long },
        { name: 'short', kind: 'trees', model: short },
      ],
      layers: [],
      outputs: ['long', 'short'],
      kind: 'gbdt',
    };
    const [pLong, pShort] = await probabilities(spec, data.columns);
    [pLong, pShort].forEach((p, k) => {
      const expected = predictProba(k === 0 ? long : short, data.columns);
      expect(p).toHaveLength(expected.length);
      const diff = Math.max(...expected.map((e, i) => Math.abs(e - p[i])));
      expect(diff).toBeLessThanOrEqual(1e-6);
    });
    // Long and short are different models: a swapped column would fail above, and this shows it could.
    expect(Math.max(...pLong.map((p, i) => Math.abs(p - pShort[i])))).toBeGreaterThan(0.1);
  });

  it('the regressor applies the base score, with all leaves ≥ 0 and with no trees (no classifier sign quirk)', async () => {
    // positiveLeavesStump: −0.5 + (a < 0.5 or NaN ? 0.1 : 0.3).
    const [p, empty] = await probabilities(treesOnly(positiveLeavesStump(), { ...binaryStump(), trees: [] }), [Float64Array.of(0, 1)]);
    expect(Array.from(p).map((v) => +v.toFixed(6))).toEqual([sigmoid(-0.4), sigmoid(-0.2)].map((v) => +v.toFixed(6)));
    expect(Array.from(empty).map((v) => +v.toFixed(6))).toEqual([sigmoid(0.2), sigmoid(0.2)].map((v) => +v.toFixed(6)));
  });

  it('a threshold that is not a float32 splits as the JSON says (stored rounded up, as for the classifier)', async () => {
    // fround(0.7) < 0.7, so x = 0.7 (fed as float32) goes left; a threshold rounded to nearest would send it right.
    const model = { ...binaryStump(), trees: [stump(0, 0.7, -1, 1)] };
    const [p] = await probabilities(treesOnly(model), [Float64Array.of(0.7, 0.70000005)]);
    expect(p[0]).toBeCloseTo(sigmoid(0.2 - 1), 6);
    expect(p[1]).toBeCloseTo(sigmoid(0.2 + 1), 6);
  });

  it('NaN goes where defaultLeft says (trees treat it as missing; fed to onnxruntime directly)', async () => {
    const s = await InferenceSession.create(exportStackedModelToOnnx(treesOnly(binaryStump())));
    try {
      const r = await s.run({ features: new Tensor('float32', Float32Array.of(NaN, 1), [2, 1]) });
      const p = Array.from(r.probabilities.data as Float32Array);
      const expected = predictStackedModel(treesOnly(binaryStump()), [Float64Array.of(NaN, 1)])[0];
      expect(p[0]).toBeCloseTo(sigmoid(-0.2), 6);
      expect(p[0]).toBeCloseTo(expected[0], 6);
      expect(p[1]).toBeCloseTo(expected[1], 6);
    } finally {
      await s.release();
    }
  });
});

describe('exportStackedModelToOnnx — bytes, ops and metadata', () => {
  const data = stackedDataset(1500, 5);
  const spec = stackedEnsembleSpec(data);

  it('is deterministic: the same spec (trained twice from the same seeds) → the same bytes', () => {
    const a = exportStackedModelToOnnx(spec);
    const b = exportStackedModelToOnnx(stackedEnsembleSpec(stackedDataset(1500, 5)));
    expect(sha(b)).toBe(sha(a));
    const nudged = structuredClone(spec);
    nudged.layers[1].outputs[0].bias += 1e-12;
    expect(sha(exportStackedModelToOnnx(nudged))).not.toBe(sha(a));
    expect(sha(exportStackedModelToOnnx(spec, { modelVersion: 2 }))).not.toBe(sha(a));
  });

  it('one flat graph of the allowed ops only; probabilities [N, 4] first; features, kind and outputs in metadata', () => {
    const bytes = exportStackedModelToOnnx(spec, { modelVersion: 3, docString: 'run 42' });
    const d = describeOnnxModel(bytes);
    expect(d.nodeOps.filter((op) => !ALLOWED_OPS.has(op))).toEqual([]);
    expect(d.nodeOps.filter((op) => op === 'TreeEnsembleRegressor')).toHaveLength(3);
    expect(d.nodeOps.filter((op) => op === 'MatMul')).toHaveLength(3); // the linear learner + two layers
    expect(d.subgraphCount + d.functionCount + d.trainingInfoCount).toBe(0);
    expect(d.opsets).toEqual([
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 },
    ]);
    expect(d.inputs).toEqual([{ name: 'features', elemType: 'FLOAT', shape: ['N', 6] }]);
    expect(d.outputs).toEqual([{ name: 'probabilities', elemType: 'FLOAT', shape: ['N', 4] }]);
    expect(d.metadata).toEqual({
      'ares.features': JSON.stringify(data.featureNames),
      'ares.model-kind': 'stacked-ensemble',
      'ares.outputs': JSON.stringify(['stack_long', 'stack_alt', 'meta_a', 'meta_b']),
    });
    expect([d.modelVersion, d.producerName]).toEqual([3, 'ares']);
    const model = decodeOnnxModel(bytes);
    expect(model.docString).toBe('run 42');
    // Names come from positions, so no spec name (which could be anything) reaches the graph.
    const names = (model.graph?.node ?? []).flatMap((n) => [n.name ?? '', ...(n.input ?? []), ...(n.output ?? [])]);
    expect(names.filter((n) => /gbdt_a|stack_long|meta_a/.test(n))).toEqual([]);
  });

  it('leaves out learners and layers that no output needs', () => {
    const onlyStack: StackedModelSpec = { ...spec, outputs: ['stack_long'] };
    const stackOps = describeOnnxModel(exportStackedModelToOnnx(onlyStack)).nodeOps;
    expect(stackOps.filter((op) => op === 'MatMul')).toHaveLength(2); // linear learner + layer 0, no meta layer
    const onlyRf = describeOnnxModel(exportStackedModelToOnnx({ ...spec, outputs: ['rf'] })).nodeOps;
    expect(onlyRf).toEqual(['TreeEnsembleRegressor', 'Cast', 'Sigmoid', 'Cast']);
  });

  it('rejects a bad modelVersion', () => {
    expect(() => exportStackedModelToOnnx(spec, { modelVersion: -1 })).toThrow('options.modelVersion must be a non-negative integer, got -1');
  });
});
