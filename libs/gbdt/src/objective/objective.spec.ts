import { BinaryLogistic } from './binary-logistic';
import { classWeights, rowWeights } from './class-weights';
import { L2Regression } from './l2-regression';
import { MulticlassSoftmax } from './multiclass-softmax';

describe('objectives', () => {
  it('binary: base score is the log-odds, gradient p − y, hessian p(1 − p)', () => {
    const o = new BinaryLogistic();
    const y = Float64Array.of(1, 0, 0, 0),
      w = new Float64Array(4).fill(1);
    expect(o.baseScore(y, w)[0]).toBeCloseTo(Math.log(1 / 3), 12);
    const g = new Float64Array(4),
      h = new Float64Array(4);
    o.gradients(new Float64Array(4), y, w, g, h);
    expect(Array.from(g)).toEqual([-0.5, 0.5, 0.5, 0.5]);
    expect(Array.from(h)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('balanced class weights equalise the classes', () => {
    const y = Float64Array.of(1, 0, 0, 0);
    const w = rowWeights(y, undefined, classWeights(y, 2, 'balanced'));
    expect(Array.from(w)).toEqual([2, 2 / 3, 2 / 3, 2 / 3]);
    expect(new BinaryLogistic().baseScore(y, w)[0]).toBeCloseTo(0, 12);
  });

  it('multiclass: log priors, gradients sum to zero per row', () => {
    const o = new MulticlassSoftmax(3);
    const y = Float64Array.of(0, 1, 2, 2),
      w = new Float64Array(4).fill(1);
    const base = o.baseScore(y, w);
    expect(base.map(Math.exp)).toEqual([0.25, 0.25, 0.5].map((v) => expect.closeTo(v, 12)));
    const g = new Float64Array(12),
      h = new Float64Array(12);
    o.gradients(new Float64Array(12), y, w, g, h);
    for (let i = 0; i < 4; i++) expect(g[i] + g[4 + i] + g[8 + i]).toBeCloseTo(0, 12);
    expect(g[0]).toBeCloseTo(1 / 3 - 1, 12);
  });

  it('regression: mean base score, RMSE loss', () => {
    const o = new L2Regression();
    expect(o.baseScore(Float64Array.of(1, 2, 6), Float64Array.of(1, 1, 1))[0]).toBe(3);
    expect(o.loss(Float64Array.of(0, 0), [3, 4], 2)).toBeCloseTo(Math.sqrt(12.5), 12);
  });
});
