import { seededRandom, type Rng } from '@ares/random';
import { DEFAULT_PLUG_IN_BURN_IN, mixingVarianceFor, mixtureSprt } from './mixture-sprt';

/** Box–Muller standard normals from the seeded uniforms (1 − u keeps the log finite). */
function normals(random: Rng, out: Float64Array, mean = 0, sd = 1): Float64Array {
  for (let i = 0; i < out.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = mean + sd * r * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = mean + sd * r * Math.sin(angle);
  }
  return out;
}

function expectClose(actual: number, expected: number, relative = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

/** Three binomial standard errors above alpha: a true rate ≤ alpha exceeds this about once in 700 seeds. */
function typeOneBound(alpha: number, streams: number): number {
  return alpha + 3 * Math.sqrt((alpha * (1 - alpha)) / streams);
}

describe('mixtureSprt (Johari, Pekelis & Walsh mSPRT)', () => {
  // Reference values: CPython's math on the closed form Λ_n = √(σ²/(σ²+nτ²))·exp(n²τ²x̄²/(2σ²(σ²+nτ²))), term by term.
  const stream = [1.2, -0.4, 2.1, 0.9, 1.6, 1.1];
  const lambdas = [1.0135169487097608, 0.6423387428102729, 1.4306127077155972, 1.8951178826124417, 4.637244190741203, 7.7284016455650635];
  const pValues = [0.9866633224762859, 0.9866633224762859, 0.699001200399513, 0.5276716605203938, 0.21564531839764148, 0.12939286101594488];

  it('matches a hand-computed Λ_n and running-minimum p-value with a known variance (σ² = 1, τ² = 1)', () => {
    for (let n = 1; n <= stream.length; n++) {
      const test = mixtureSprt(stream.slice(0, n), { mixingVariance: 1, alpha: 0.2, variance: 1 });
      expect(test.n).toBe(n);
      expectClose(test.statistic, lambdas[n - 1]);
      expectClose(test.logStatistic, Math.log(lambdas[n - 1]));
      expectClose(test.pValue, pValues[n - 1]);
    }
    // Λ dips at n = 2 but p keeps its minimum; p_5 = 0.216 > 0.2 and p_6 = 0.129: the test stops at 6.
    const full = mixtureSprt(Float64Array.from(stream), { mixingVariance: 1, alpha: 0.2, variance: 1 });
    expect(full.stoppedAt).toBe(6);
    expect(full.rejected).toBe(true);
    expectClose(full.mean, 6.5 / 6);
    expect(mixtureSprt(stream, { mixingVariance: 1, alpha: 0.1, variance: 1 })).toMatchObject({ rejected: false, stoppedAt: null });
  });

  it('plugs in the running sample variance (n − 1) and holds p at 1 through the burn-in', () => {
    const xs = [0.3, 0.5, 0.2, 0.6, 0.4, 0.45];
    // From n = 2 on, σ² = statistics.variance(xs[:n]); p_n from n = burnIn = 3.
    const expected = [
      { n: 2, lambda: 269.1532833205821, p: 1 },
      { n: 3, lambda: 159.56022894106366, p: 0.006267225903576306 },
      { n: 4, lambda: 1171.3340915982953, p: 0.0008537273926992866 },
      { n: 5, lambda: 500623.6667119211, p: 1.997508440957187e-6 },
      { n: 6, lambda: 1791348140.04626, p: 5.582387798578202e-10 },
    ];
    for (const { n, lambda, p } of expected) {
      const test = mixtureSprt(xs.slice(0, n), { mixingVariance: 0.04, alpha: 0.005, burnIn: 3 });
      expectClose(test.statistic, lambda, 1e-11);
      expectClose(test.pValue, p, 1e-11);
    }
    expect(mixtureSprt(xs, { mixingVariance: 0.04, alpha: 0.005, burnIn: 3 }).stoppedAt).toBe(4);
    expect(mixtureSprt(xs, { mixingVariance: 0.04, alpha: 0.01, burnIn: 3 }).stoppedAt).toBe(3);
    // One observation has no sample variance: Λ_1 = 1. Nothing: n = 0, p = 1.
    expect(mixtureSprt([0.3], { mixingVariance: 0.04, alpha: 0.05, burnIn: 1 })).toMatchObject({ statistic: 1, pValue: 1 });
    expect(mixtureSprt([], { mixingVariance: 0.04, alpha: 0.05 })).toEqual({
      n: 0,
      mean: 0,
      statistic: 1,
      logStatistic: 0,
      pValue: 1,
      rejected: false,
      stoppedAt: null,
    });
  });

  it('floors the plug-in variance: a constant 0 stream never rejects, a constant edge does', () => {
    const zeros = new Float64Array(500);
    const flat = mixtureSprt(zeros, { mixingVariance: 1e-6, alpha: 0.05 });
    expect(flat.pValue).toBe(1);
    expect(flat.stoppedAt).toBeNull();
    const edge = mixtureSprt(new Float64Array(500).fill(1e-4), { mixingVariance: 1e-8, alpha: 0.05 });
    expect(edge.stoppedAt).toBe(DEFAULT_PLUG_IN_BURN_IN);
    expect(edge.pValue).toBe(0);
  });

  it('keeps its type-I error ≤ alpha when peeked at every bar, where a peeked fixed-n z-test does not', () => {
    const streams = 2000;
    const bars = 1000;
    const alpha = 0.05;
    const tau2 = mixingVarianceFor({ minDetectable: 0.1, alpha });
    const random = seededRandom(20240611);
    const x = new Float64Array(bars);
    let msprtKnown = 0;
    let msprtPlugIn = 0;
    let msprtNoBurnIn = 0;
    let zPeeked = 0;
    let zFinal = 0;
    for (let s = 0; s < streams; s++) {
      normals(random, x);
      if (mixtureSprt(x, { mixingVariance: tau2, alpha, variance: 1 }).rejected) msprtKnown++;
      // The plug-in must not depend on the scale: the same stream in units of 1e-3 (variance unknown, τ² scaled).
      const scaled = x.map((v) => 1e-3 * v);
      if (mixtureSprt(scaled, { mixingVariance: 1e-6 * tau2, alpha }).rejected) msprtPlugIn++;
      if (mixtureSprt(x, { mixingVariance: tau2, alpha, burnIn: 2 }).rejected) msprtNoBurnIn++;
      let sum = 0;
      let crossed = false;
      for (let n = 1; n <= bars; n++) {
        sum += x[n - 1];
        if (Math.abs(sum) / Math.sqrt(n) > 1.959963984540054) crossed = true;
      }
      if (crossed) zPeeked++;
      if (Math.abs(sum) / Math.sqrt(bars) > 1.959963984540054) zFinal++;
    }
    const bound = typeOneBound(alpha, streams);
    expect(msprtKnown / streams).toBeLessThanOrEqual(bound);
    expect(msprtPlugIn / streams).toBeLessThanOrEqual(bound);
    // Why the plug-in waits: read from n = 2, the variance of a few bars is too often tiny (~16 % false rejections here).
    expect(msprtNoBurnIn / streams).toBeGreaterThan(bound);
    // The z-test is right once (at n = bars) and wrong when read at every bar.
    expect(Math.abs(zFinal / streams - alpha)).toBeLessThanOrEqual(bound - alpha);
    expect(zPeeked / streams).toBeGreaterThan(3 * bound);
  });

  it('detects the effect it was tuned for, sooner than with τ² a hundred times too small or too large', () => {
    const streams = 300;
    const bars = 1500;
    const alpha = 0.05;
    const delta = 0.15;
    const tuned = mixingVarianceFor({ minDetectable: delta, alpha });
    const random = seededRandom(7);
    const x = new Float64Array(bars);
    const stops = { tuned: 0, small: 0, large: 0 };
    let rejected = 0;
    for (let s = 0; s < streams; s++) {
      normals(random, x, delta, 1);
      const test = mixtureSprt(x, { mixingVariance: tuned, alpha, variance: 1 });
      if (test.rejected) rejected++;
      stops.tuned += test.stoppedAt ?? bars;
      stops.small += mixtureSprt(x, { mixingVariance: tuned / 100, alpha, variance: 1 }).stoppedAt ?? bars;
      stops.large += mixtureSprt(x, { mixingVariance: tuned * 100, alpha, variance: 1 }).stoppedAt ?? bars;
    }
    expect(rejected / streams).toBeGreaterThan(0.95);
    expect(stops.tuned).toBeLessThan(stops.small);
    expect(stops.tuned).toBeLessThan(stops.large);
  });

  it('rejects bad options and non-finite observations, naming them', () => {
    expect(() => mixtureSprt([1], { mixingVariance: 0, alpha: 0.05 })).toThrow(/mixingVariance/);
    expect(() => mixtureSprt([1], { mixingVariance: 1, alpha: 1 })).toThrow(/alpha/);
    expect(() => mixtureSprt([1], { mixingVariance: 1, alpha: 0.05, variance: -1 })).toThrow(/variance/);
    expect(() => mixtureSprt([1], { mixingVariance: 1, alpha: 0.05, burnIn: 0 })).toThrow(/burnIn/);
    expect(() => mixtureSprt([1], { mixingVariance: 1, alpha: 0.05, varianceFloor: 0 })).toThrow(/varianceFloor/);
    expect(() => mixtureSprt([1, NaN], { mixingVariance: 1, alpha: 0.05 })).toThrow(/at 1/);
  });
});

describe('mixingVarianceFor', () => {
  /** log Λ at a real-valued n for a stream whose mean is exactly δ (σ² = 1). */
  const logLambda = (n: number, tau2: number, delta: number) =>
    0.5 * Math.log(1 / (1 + n * tau2)) + (n * n * tau2 * delta * delta) / (2 * (1 + n * tau2));

  it('gives the τ² that brings a mean of exactly δ to 1/α at the earliest bar', () => {
    for (const alpha of [0.05, 0.01, 0.2]) {
      const delta = 0.1;
      const tau2 = mixingVarianceFor({ minDetectable: delta, alpha });
      // u − ln u = 1 + 2 ln(1/α) and τ² = δ²(1 − 1/u) ⇒ u = 1/(1 − τ²/δ²), reached at n = u/δ² (σ² = 1).
      const u = 1 / (1 - tau2 / (delta * delta));
      expect(u - Math.log(u)).toBeCloseTo(1 - 2 * Math.log(alpha), 10);
      const n = u / (delta * delta);
      expect(logLambda(n, tau2, delta)).toBeCloseTo(-Math.log(alpha), 10);
      // Any other τ² falls short of the boundary at that bar (so it crosses later).
      for (const factor of [0.5, 0.9, 1.1, 2]) expect(logLambda(n, tau2 * factor, delta)).toBeLessThan(-Math.log(alpha));
    }
    // At α = 0.05: u ≈ 9.2, τ² ≈ 0.89·δ²; it scales with δ² and ignores δ's sign.
    expect(mixingVarianceFor({ minDetectable: 1, alpha: 0.05 })).toBeCloseTo(0.8915, 3);
    expect(mixingVarianceFor({ minDetectable: -0.02, alpha: 0.05 })).toBeCloseTo(4e-4 * mixingVarianceFor({ minDetectable: 1, alpha: 0.05 }), 15);
  });

  it('rejects a zero effect and alpha outside (0, 1)', () => {
    expect(() => mixingVarianceFor({ minDetectable: 0, alpha: 0.05 })).toThrow(/minDetectable/);
    expect(() => mixingVarianceFor({ minDetectable: 0.1, alpha: 0 })).toThrow(/alpha/);
  });
});
