import type { LinearProbabilityModel } from '@ares/onnx';
import { exportStackedModelToOnnx } from './stacked-model-onnx';
import { predictStackedModel } from './stacked-model-predict';
import { StackedModelSpec, validateStackedModelSpec } from './stacked-model-spec';
import { binaryStump, depthTwoRegression, stump } from './testing/hand-made-models';

/** Two features (a, b), two tree learners and a linear one, a stack layer and a meta layer: valid as it is. */
function validSpec(): StackedModelSpec {
  const trees = (low: number) => ({ ...binaryStump(), featureNames: ['a', 'b'], trees: [stump(0, 0.5, low, 0.6, 1)] });
  const linear: LinearProbabilityModel = {
    featureNames: ['a', 'b'],
    mean: Float64Array.of(0, 1),
    scale: Float64Array.of(1, 2),
    weights: Float64Array.of(0.5, -0.25),
    intercept: 0.1,
  };
  return {
    featureNames: ['a', 'b'],
    learners: [
      { name: 'g1', kind: 'trees', model: trees(-0.4) },
      { name: 'g2', kind: 'trees', model: trees(-0.1) },
      { name: 'lin', kind: 'linear', model: linear },
    ],
    layers: [
      { inputs: ['g1', 'g2', 'lin'], outputs: [{ name: 's1', weights: [0.5, 0.3, 0.2], bias: 0 }] },
      { inputs: ['s1', 'lin'], outputs: [{ name: 'm1', weights: [1, 0.5], bias: -0.1 }] },
    ],
    outputs: ['s1', 'm1'],
    kind: 'stacked-ensemble',
  };
}

type Case = [string, (s: StackedModelSpec) => void, string | RegExp];

const cases: Case[] = [
  ['empty featureNames', (s) => (s.featureNames = []), 'stacked model featureNames must be a non-empty array'],
  ['duplicate feature', (s) => (s.featureNames = ['a', 'a']), "stacked model featureNames[1] duplicates 'a'"],
  ['empty kind', (s) => (s.kind = ''), 'stacked model kind must be a non-empty string'],
  ['no learners', (s) => (s.learners = []), 'stacked model learners must be a non-empty array'],
  ['unnamed learner', (s) => (s.learners[1].name = ''), 'learner 1: name must be a non-empty string'],
  ['duplicate learner name', (s) => (s.learners[1].name = 'g1'), "learner 1: duplicate name 'g1' (already learner 0)"],
  ['layer output named like a learner', (s) => (s.layers[1].outputs[0].name = 'lin'), "layer 1 output 0: duplicate name 'lin' (already learner 2)"],
  ['duplicate layer output', (s) => (s.layers[1].outputs[0].name = 's1'), "layer 1 output 0: duplicate name 's1' (already layer 0 output 0)"],
  ['unknown kind', (s) => ((s.learners[2] as { kind: string }).kind = 'svm'), `learner 'lin': kind must be 'trees' or 'linear', got "svm"`],
  [
    'malformed GBDT',
    (s) => s.learners[0].kind === 'trees' && (s.learners[0].model.trees[0].left[0] = 7),
    "learner 'g1': tree 0 node 0: left child 7 is outside 0..2",
  ],
  [
    'non-binary GBDT',
    (s) => (s.learners[0].model = { ...depthTwoRegression(), featureNames: ['a', 'b'] }),
    "learner 'g1': a trees learner must be a binary GBDT (one margin), got objective 'regression'",
  ],
  [
    'non-finite linear weight',
    (s) => (s.learners[2].model as LinearProbabilityModel).weights.set([NaN], 1),
    "learner 'lin': LinearProbabilityModel.weights[1] (feature 'b') must be finite, got NaN",
  ],
  ['feature count mismatch', (s) => (s.featureNames = ['a', 'b', 'c']), "learner 'g1': has 2 features, featureNames has 3"],
  ['feature order mismatch', (s) => (s.featureNames = ['b', 'a']), "learner 'g1': feature 0 is 'a', featureNames[0] is 'b'"],
  ['layer without inputs', (s) => (s.layers[0].inputs = []), 'layer 0: inputs must be a non-empty array'],
  [
    'unknown layer input',
    (s) => (s.layers[1].inputs[1] = 'nope'),
    "layer 1 input 1: unknown logit 'nope' (not a learner or an earlier layer's output)",
  ],
  [
    'forward reference',
    (s) => (s.layers[0].inputs[2] = 'm1'),
    "layer 0 input 2: 'm1' is a forward reference (an output of layer 1; a layer reads learners and earlier layers only)",
  ],
  ['a layer reading its own output', (s) => (s.layers[1].inputs[1] = 'm1'), "layer 1 input 1: 'm1' is a forward reference (an output of layer 1"],
  ['input listed twice', (s) => (s.layers[1].inputs[1] = 's1'), "layer 1 input 1: 's1' is listed twice"],
  ['layer without outputs', (s) => (s.layers[1].outputs = []), 'layer 1: outputs must be a non-empty array'],
  ['too few weights', (s) => (s.layers[0].outputs[0].weights = [1, 2]), "layer 0 output 0 ('s1'): has 2 weights, the layer has 3 inputs"],
  [
    'infinite weight',
    (s) => (s.layers[0].outputs[0].weights[2] = Infinity),
    "layer 0 output 0 ('s1'): weight 2 (input 'lin') must be finite, got Infinity",
  ],
  ['NaN bias', (s) => (s.layers[1].outputs[0].bias = NaN), "layer 1 output 0 ('m1'): bias must be finite, got NaN"],
  ['empty outputs', (s) => (s.outputs = []), 'stacked model outputs must be a non-empty array of logit names'],
  ['unknown output', (s) => (s.outputs = ['s1', 'm2']), "output 1: unknown logit 'm2'"],
  ['duplicate output', (s) => (s.outputs = ['m1', 'm1']), "output 1: 'm1' is listed twice"],
];

describe('validateStackedModelSpec', () => {
  it('accepts the valid spec', () => {
    expect(() => validateStackedModelSpec(validSpec())).not.toThrow();
  });

  it.each(cases)('%s: names the problem', (_name, breakIt, message) => {
    const spec = validSpec();
    breakIt(spec);
    expect(() => validateStackedModelSpec(spec)).toThrow(message);
    // Export and reference validate the same way, before doing anything.
    expect(() => exportStackedModelToOnnx(spec)).toThrow(message);
    expect(() => predictStackedModel(spec, [Float64Array.of(0), Float64Array.of(0)])).toThrow(message);
  });

  it('rejects what is not a spec at all', () => {
    expect(() => validateStackedModelSpec(null as unknown as StackedModelSpec)).toThrow('stacked model spec must be an object');
  });
});

describe('predictStackedModel', () => {
  it('computes the layers by hand: σ of stacked logits', () => {
    // Row (a, b) = (0, 0): g1 = 0.2 − 0.4, g2 = 0.2 − 0.1 (b < 0.5), lin = 0.1 + 0.5·0 − 0.25·(−1/2).
    const [s1, m1] = predictStackedModel(validSpec(), [Float64Array.of(0), Float64Array.of(0)]);
    const [g1, g2, lin] = [-0.2, 0.1, 0.1 + 0.125];
    const zs = 0.5 * g1 + 0.3 * g2 + 0.2 * lin;
    expect(s1[0]).toBeCloseTo(1 / (1 + Math.exp(-zs)), 15);
    expect(m1[0]).toBeCloseTo(1 / (1 + Math.exp(-(zs + 0.5 * lin - 0.1))), 15);
  });

  it('names a wrong column count and rows out of range', () => {
    expect(() => predictStackedModel(validSpec(), [Float64Array.of(0)])).toThrow('stacked model expects 2 feature columns, got 1');
    expect(() => predictStackedModel(validSpec(), [Float64Array.of(0), Float64Array.of(0, 1)])).toThrow(
      "feature column 1 ('b') has 2 rows, column 0 has 1",
    );
    expect(() => predictStackedModel(validSpec(), [Float64Array.of(0), Float64Array.of(0)], Int32Array.of(1))).toThrow('rows[0] = 1 is outside 0..0');
  });
});
