import { GbdtModelJson } from '../model/gbdt-model';
import { trainGbdt } from '../booster/gbdt-booster';
import { syntheticBinary } from '../testing/synthetic';
import { predictProba, predictRaw } from './gbdt-predictor';

const model: GbdtModelJson = {
  format: 'ares-gbdt',
  version: 1,
  objective: 'binary',
  numClass: 1,
  featureNames: ['a', 'b'],
  baseScore: [0.5],
  trees: [
    // a < 1.5 ? (b < 0.25 ? −1 : +1) : +2 ; NaN in a goes right, NaN in b goes left
    {
      classIndex: 0,
      feature: [0, 1, -1, -1, -1],
      threshold: [1.5, 0.25, 0, 0, 0],
      left: [1, 3, -1, -1, -1],
      right: [2, 4, -1, -1, -1],
      defaultLeft: [false, true, false, false, false],
      value: [0, 0, 2, -1, 1],
    },
  ],
  featureImportance: { gain: [0, 0], split: [0, 0] },
};

describe('gbdt predictor', () => {
  it('walks x < threshold to the left and NaN by its default direction', () => {
    const a = Float64Array.of(1, 1, 2, NaN, 1);
    const b = Float64Array.of(0, 1, 0, 0, NaN);
    expect(Array.from(predictRaw(model, [a, b]))).toEqual([-0.5, 1.5, 2.5, 2.5, -0.5]);
    expect(predictProba(model, [a, b])[0]).toBeCloseTo(1 / (1 + Math.exp(0.5)), 15);
  });

  it('compares in float32: a value that rounds up to the threshold goes right', () => {
    const t = Math.fround(0.1); // 0.100000001490116…
    const m = { ...model, trees: [{ ...model.trees[0], threshold: [t, 0.25, 0, 0, 0] }] };
    // 0.1 in float64 is below t, but fround(0.1) === t, so it goes right, as float32 ONNX would.
    expect(predictRaw(m, [Float64Array.of(0.1), Float64Array.of(0)])[0]).toBe(2.5);
  });

  it('honours a row subset', () => {
    const a = Float64Array.of(2, 1),
      b = Float64Array.of(0, 0);
    expect(Array.from(predictRaw(model, [a, b], Int32Array.of(1)))).toEqual([-0.5]);
  });

  it('rejects a wrong number of columns', () => {
    expect(() => predictRaw(model, [Float64Array.of(1)])).toThrow(RangeError);
  });

  it('trained thresholds are float32 and route training rows as the bins did', () => {
    const d = syntheticBinary(2000, 4, 1);
    d.columns[0] = d.columns[0].map((v) => v + 1e-9); // float64 detail below float32 precision
    const m = trainGbdt(d, { objective: 'binary', nEstimators: 10 });
    for (const t of m.trees) for (const thr of t.threshold) expect(Math.fround(thr)).toBe(thr);
    const rounded = d.columns.map((c) => c.map(Math.fround));
    expect(Array.from(predictRaw(m, rounded))).toEqual(Array.from(predictRaw(m, d.columns)));
  });
});
