import { seededRandom } from '@ares/random';
import { ParzenEstimator, ParzenEstimatorOptions } from './parzen-estimator';

const OPTIONS: ParzenEstimatorOptions = {
  considerPrior: true,
  priorWeight: 1,
  considerMagicClip: true,
  considerEndpoints: false,
  multivariate: false,
};
const unit = { kind: 'numeric', low: 0, high: 1, step: null } as const;
const pdf = (pe: ParzenEstimator, xs: number[]) => Array.from(pe.logPdf([Float64Array.from(xs)]), Math.exp);

describe('ParzenEstimator', () => {
  it('uses the neighbour bandwidths with the prior among the centres (0.2, 0.8 + prior 0.5 on [0, 1]: all 0.3)', () => {
    // Each kernel: N(μ, 0.3) truncated to [0, 1], weight 1/3; the prior N(0.5, 1) truncated, weight 1/3.
    const pe = new ParzenEstimator([unit], [Float64Array.of(0.2, 0.8)], Float64Array.of(1, 1), { ...OPTIONS, normalisedKernels: true });
    const kernel = (x: number, mu: number, sigma: number) => {
      const phi = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
      const mass = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));
      return phi((x - mu) / sigma) / sigma / (mass((1 - mu) / sigma) - mass((0 - mu) / sigma));
    };
    const want = (x: number) => (kernel(x, 0.2, 0.3) + kernel(x, 0.8, 0.3) + kernel(x, 0.5, 1)) / 3;
    for (const [got, x] of pdf(pe, [0, 0.2, 0.5, 0.93]).map((p, i) => [p, [0, 0.2, 0.5, 0.93][i]])) expect(got).toBeCloseTo(want(x), 6);
  });

  it('integrates to 1 over the domain when normalised, and Optuna 3.1 (unnormalised) weighs kernels by their width', () => {
    const obs = Float64Array.of(0.1, 0.15, 0.6, 0.62, 0.9);
    const grid = Array.from({ length: 20000 }, (_, i) => (i + 0.5) / 20000);
    const normalised = new ParzenEstimator([unit], [obs], new Float64Array(5).fill(1), { ...OPTIONS, normalisedKernels: true });
    const optuna31 = new ParzenEstimator([unit], [obs], new Float64Array(5).fill(1), OPTIONS);
    const integral = (pe: ParzenEstimator) => pdf(pe, grid).reduce((a, b) => a + b, 0) / grid.length;
    expect(integral(normalised)).toBeCloseTo(1, 4);
    // Without 1/σ each kernel integrates to its σ: the total is the weighted mean bandwidth, well below 1 here.
    expect(integral(optuna31)).toBeLessThan(0.5);
  });

  it('gives an int (discretised) dim a probability mass per integer that sums to 1', () => {
    const dim = { kind: 'numeric', low: -0.5, high: 5.5, step: 1 } as const;
    const pe = new ParzenEstimator([dim], [Float64Array.of(1, 1, 4)], Float64Array.of(1, 1, 1), OPTIONS);
    const mass = pdf(pe, [0, 1, 2, 3, 4, 5]);
    expect(mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(mass[1]).toBeGreaterThan(mass[2]);
    expect(mass[4]).toBeGreaterThan(mass[5]);
    const draws = pe.sample(seededRandom(1), 500)[0];
    for (const x of draws) expect(x >= -0.5 && x <= 5.5).toBe(true);
  });

  it('builds categorical kernels as Optuna 3.1: prior_weight/(n+1) everywhere, +1 on the observed choice, rows normalised', () => {
    // Observations 0, 0, 2 of 3 choices: rows (5,1,1)/7, (5,1,1)/7, (1,1,5)/7 and the uniform prior, each weight 1/4.
    const pe = new ParzenEstimator([{ kind: 'categorical', size: 3 }], [Float64Array.of(0, 0, 2)], Float64Array.of(1, 1, 1), OPTIONS);
    const mass = pdf(pe, [0, 1, 2]);
    expect(mass[0]).toBeCloseTo(40 / 84, 12);
    expect(mass[1]).toBeCloseTo(16 / 84, 12);
    expect(mass[2]).toBeCloseTo(1 / 3, 12);
    const draws = Array.from(pe.sample(seededRandom(3), 4000)[0]);
    expect(draws.filter((c) => c === 0).length / 4000).toBeCloseTo(40 / 84, 1);
  });

  it('samples from the mixture: draws concentrate where the kernels are', () => {
    const pe = new ParzenEstimator([unit], [Float64Array.of(0.3, 0.31, 0.32, 0.29, 0.3)], new Float64Array(5).fill(1), OPTIONS);
    const draws = Array.from(pe.sample(seededRandom(9), 2000)[0]);
    for (const x of draws) expect(x >= 0 && x <= 1).toBe(true);
    // 5 of the 6 kernels sit at ~0.3 with σ at the magic-clip floor 1/7: most draws fall within 0.3 ± 0.15.
    expect(draws.filter((x) => Math.abs(x - 0.3) < 0.15).length / draws.length).toBeGreaterThan(0.55);
  });

  it('multivariate: one Scott-rule bandwidth 0.2·n^(−1/(d+4))·range for every kernel but the prior', () => {
    const dims = [unit, { kind: 'numeric', low: 0, high: 10, step: null } as const];
    const n = 20;
    const pe = new ParzenEstimator(dims, [new Float64Array(n).fill(0.5), new Float64Array(n).fill(5)], new Float64Array(n).fill(1), {
      ...OPTIONS,
      multivariate: true,
      normalisedKernels: true,
    });
    // One bandwidth away on dim 0 the observation kernels drop by e^{−1/2}; the wide prior (weight 1/21) barely moves.
    const sigma0 = 0.2 * n ** (-1 / 6);
    const lp = pe.logPdf([Float64Array.of(0.5, 0.5 + sigma0, 0.5 + 2 * sigma0), Float64Array.of(5, 5, 5)]);
    expect(lp[0] - lp[1]).toBeGreaterThan(0.45);
    expect(lp[0] - lp[1]).toBeLessThan(0.5);
    expect(lp[0] - lp[2]).toBeGreaterThan(1.8); // e^{−2} at two bandwidths, less the prior's share
  });
});

/** erf from its Taylor series (reference only; |x| ≤ 3 here). */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
