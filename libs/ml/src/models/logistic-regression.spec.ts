import { seededRandom } from '../testing/test-candles';
import { fitLogisticRegression, predictProbabilities, sigmoid } from './logistic-regression';

const col = (v: number[]) => new Float64Array(v);
const allRows = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.slice().buffer));

/** A noisy linear problem: y = 1 when 1.5·a − b + noise > 0.3. */
function problem(n: number, seed: number) {
  const random = seededRandom(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = random() * 2 - 1;
    b[i] = random() * 4;
    c[i] = random();
    y[i] = 1.5 * a[i] - 0.5 * b[i] + (random() - 0.5) * 1.5 > -0.7 ? 1 : 0;
  }
  return { columns: [a, b, c], names: ['a', 'b', 'c'], y };
}

describe('fitLogisticRegression', () => {
  it('hand-iterated: one Newton step from zero on x = ±1, y = [0, 1], λ = 1', () => {
    // At β = 0: p = ½, ∂/∂w = Σ(p − y)·x = −½ − ½ = −1, ∂²/∂w² = Σ p(1 − p)·x² + λ = ½ + 1 = 3/2 → step w = 2/3.
    // The intercept's gradient Σ(p − y) is 0 by symmetry, and the full step decreases the objective (no backtracking).
    const one = fitLogisticRegression([col([-1, 1])], ['x'], new Uint8Array([0, 1]), allRows(2), { l2: 1, maxIterations: 1 });
    expect([one.iterations, one.converged, one.intercept]).toEqual([1, false, 0]);
    expect(one.weights[0]).toBeCloseTo(2 / 3, 15);
  });

  it('separable data keeps finite weights thanks to L2: the optimum solves λ·w = 2(1 − σ(w))', () => {
    const m = fitLogisticRegression([col([-1, 1])], ['x'], new Uint8Array([0, 1]), allRows(2), { l2: 1 });
    expect(m.converged).toBe(true);
    const w = m.weights[0];
    expect(Number.isFinite(w)).toBe(true);
    expect(Math.abs(w - 2 * (1 - sigmoid(w)))).toBeLessThan(1e-12);
    expect(m.intercept).toBe(0);
    // Weaker penalty, larger (still finite) weight.
    const loose = fitLogisticRegression([col([-1, 1])], ['x'], new Uint8Array([0, 1]), allRows(2), { l2: 0.01 });
    expect(loose.converged).toBe(true);
    expect(Math.abs(0.01 * loose.weights[0] - 2 * (1 - sigmoid(loose.weights[0])))).toBeLessThan(1e-12);
    expect(loose.weights[0]).toBeGreaterThan(w);
  });

  it('closed form without penalty: a binary feature reproduces the class frequency of each group', () => {
    // x = 0: 1 of 4 positive; x = 1: 3 of 4 positive. Standardised x = ±1, so intercept ∓ w = logit(¼), logit(¾): b = 0, w = ln 3.
    const x = col([0, 0, 0, 0, 1, 1, 1, 1]);
    const y = new Uint8Array([1, 0, 0, 0, 1, 1, 1, 0]);
    const m = fitLogisticRegression([x], ['x'], y, allRows(8), { l2: 0, classWeight: 'none' });
    expect(m.converged).toBe(true);
    expect(m.intercept).toBeCloseTo(0, 12);
    expect(m.weights[0]).toBeCloseTo(Math.log(3), 12);
    const p = predictProbabilities(m, [x], new Int32Array([0, 7]));
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
  });

  it('class weights shift the intercept: balanced weighting makes the classes count equally', () => {
    // A constant feature carries no information (standardises to 0), so only the intercept moves.
    const x = col([5, 5, 5, 5]);
    const y = new Uint8Array([1, 0, 0, 0]);
    const none = fitLogisticRegression([x], ['x'], y, allRows(4), { classWeight: 'none' });
    expect(none.intercept).toBeCloseTo(-Math.log(3), 12); // logit(1/4)
    expect(none.weights[0]).toBe(0);
    const balanced = fitLogisticRegression([x], ['x'], y, allRows(4));
    expect(balanced.intercept).toBeCloseTo(0, 12); // weights 4/(2·1) = 2 and 4/(2·3) = 2/3: 2·1 = (2/3)·3
  });

  it('reaches a stationary point: the hand-written gradient of the objective vanishes', () => {
    const { columns, names, y } = problem(400, 3);
    const rows = allRows(400).filter((r) => r % 5 !== 0); // train on a subset
    const l2 = 2;
    const m = fitLogisticRegression(columns, names, y, rows, { l2 });
    expect(m.converged).toBe(true);
    // Σ s·(p − y)·[1, x̃] + λ·[0, w] with s = balanced weights and x̃ standardised by the training statistics.
    const p = predictProbabilities(m, columns, rows);
    const n1 = rows.reduce((k, r) => k + y[r], 0);
    const s = (r: number) => (y[r] === 1 ? rows.length / (2 * n1) : rows.length / (2 * (rows.length - n1)));
    const grad = [0, 0, 0, 0];
    rows.forEach((r, i) => {
      const e = s(r) * (p[i] - y[r]);
      grad[0] += e;
      for (let j = 0; j < 3; j++) grad[j + 1] += e * ((columns[j][r] - m.mean[j]) / m.scale[j]);
    });
    for (let j = 0; j < 3; j++) grad[j + 1] += l2 * m.weights[j];
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-11 * rows.length);
    // And it learned the signs of the generating rule; the noise feature stays small.
    expect(m.weights[0]).toBeGreaterThan(0);
    expect(m.weights[1]).toBeLessThan(0);
    expect(Math.abs(m.weights[2])).toBeLessThan(Math.abs(m.weights[0]) / 4);
  });

  it('is deterministic: the same inputs give bit-identical models and predictions', () => {
    const { columns, names, y } = problem(300, 5);
    const a = fitLogisticRegression(columns, names, y, allRows(300));
    const b = fitLogisticRegression(columns, names, y, allRows(300));
    expect(bits(a.weights)).toEqual(bits(b.weights));
    expect(Object.is(a.intercept, b.intercept)).toBe(true);
    expect(bits(predictProbabilities(a, columns, allRows(300)))).toEqual(bits(predictProbabilities(b, columns, allRows(300))));
  });

  it('is invariant to rescaling and shifting a feature (standardisation)', () => {
    const { columns, names, y } = problem(300, 9);
    const rows = allRows(300);
    const base = predictProbabilities(fitLogisticRegression(columns, names, y, rows), columns, rows);
    const moved = [columns[0].map((v) => v * 1000 + 42), columns[1], columns[2].map((v) => v * 1e-4)];
    const scaled = predictProbabilities(fitLogisticRegression(moved, names, y, rows), moved, rows);
    for (let i = 0; i < rows.length; i++) expect(Math.abs(scaled[i] - base[i])).toBeLessThan(1e-12);
  });

  it('applies the training standardisation to new rows', () => {
    const x = col([0, 0, 0, 0, 1, 1, 1, 1, 10]);
    const y = new Uint8Array([1, 0, 0, 0, 1, 1, 1, 0, 0]);
    const m = fitLogisticRegression([x], ['x'], y, allRows(8), { l2: 0, classWeight: 'none' });
    // Row 8 (x = 10) was not trained on: x̃ = (10 − 0.5)/0.5 = 19, p = σ(19·ln 3).
    expect(predictProbabilities(m, [x], new Int32Array([8]))[0]).toBeCloseTo(sigmoid(19 * Math.log(3)), 12);
  });

  it('stops at maxIterations and reports it', () => {
    const { columns, names, y } = problem(100, 1);
    const m = fitLogisticRegression(columns, names, y, allRows(100), { maxIterations: 0 });
    expect([m.iterations, m.converged, m.intercept, Array.from(m.weights)]).toEqual([0, false, 0, [0, 0, 0]]);
  });

  it('throws clear errors for rows the caller should have excluded', () => {
    const x = col([1, 2, NaN, 4]);
    const y = new Uint8Array([0, 1, 0, 1]);
    expect(() => fitLogisticRegression([x], ['rsi_14'], y, allRows(4))).toThrow("fitLogisticRegression: row 2 has non-finite feature 'rsi_14' (NaN)");
    const m = fitLogisticRegression([x], ['rsi_14'], y, new Int32Array([0, 1, 3]));
    expect(() => predictProbabilities(m, [x], new Int32Array([2]))).toThrow("predictProbabilities: row 2 has non-finite feature 'rsi_14'");
    expect(() => fitLogisticRegression([x], ['rsi_14'], new Uint8Array([0, 0, 0, 0]), new Int32Array([0, 1]))).toThrow(
      'the 2 training rows hold only class 0',
    );
    expect(() => fitLogisticRegression([x], ['rsi_14'], new Uint8Array([0, 2, 0, 1]), new Int32Array([0, 1]))).toThrow('target at row 1 is 2');
    expect(() => fitLogisticRegression([x], ['rsi_14'], y, new Int32Array([0, 1]), { l2: -1 })).toThrow(/l2 must be/);
  });
});
