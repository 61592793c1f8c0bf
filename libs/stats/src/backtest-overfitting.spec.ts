import { probabilityOfBacktestOverfitting, PboMetric } from './backtest-overfitting';
import { sampleMoments } from './sample-moments';

/** mulberry32 (as @ares/random), so the spec needs no other lib. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function noise(trials: number, rows: number, seed: number, std = 0.01, drift: (n: number) => number = () => 0): Float64Array[] {
  const random = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: trials }, (_, n) => Float64Array.from({ length: rows }, () => drift(n) + std * normal()));
}

function combinations(s: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= s - k; first++) {
    for (const rest of combinations(s - first - 1, k - 1)) out.push([first, ...rest.map((b) => b + first + 1)]);
  }
  return out;
}

/** The definition, spelled out: concatenate the rows of each half and score them with sampleMoments. */
function reference(returns: Float64Array[], partitions: number, metric: PboMetric): { pbo: number; logits: number[] } {
  const rows = returns[0].length;
  const dropped = rows % partitions;
  const length = (rows - dropped) / partitions;
  const score = (r: Float64Array, blocks: number[]) => {
    const values = blocks.flatMap((b) => Array.from(r.subarray(dropped + b * length, dropped + (b + 1) * length)));
    const m = sampleMoments(values);
    if (metric === 'mean') return m.mean;
    // Zero dispersion scores 0; sampleMoments' two-pass std leaves rounding residue on a constant series.
    return values.every((v) => v === values[0]) ? 0 : m.sharpe;
  };
  const logits = combinations(partitions, partitions / 2).map((is) => {
    const oos = Array.from({ length: partitions }, (_, b) => b).filter((b) => !is.includes(b));
    const inSample = returns.map((r) => score(r, is));
    const best = inSample.indexOf(Math.max(...inSample));
    const outOfSample = returns.map((r) => score(r, oos));
    const below = outOfSample.filter((v) => v < outOfSample[best]).length;
    const tied = outOfSample.filter((v) => v === outOfSample[best]).length;
    const rank = below + (tied + 1) / 2;
    return Math.log(rank / (returns.length + 1 - rank));
  });
  return { pbo: logits.filter((l) => l <= 0).length / logits.length, logits };
}

describe('probabilityOfBacktestOverfitting', () => {
  it('matches the hand-worked example: 3 trials, S = 4, one row per block', () => {
    // Block values (oldest first): A = 2 0 1 1, B = 0 2 2 0, C = 1 1 3 3. With one row per block, 'mean' ranks
    // like the block sums. In-sample blocks → IS sums (A, B, C) → best → OOS sums → rank r of the best → λ:
    //   {0,1}: 2 2 2 → A (tie: lowest)   OOS {2,3}: 2 2 6 → A ties B at ranks 1, 2: r = 1.5 → ln(1.5/2.5)
    //   {0,2}: 3 2 4 → C                 OOS {1,3}: 1 2 4 → r = 3                 → ln 3
    //   {0,3}: 3 0 4 → C                 OOS {1,2}: 1 4 4 → C ties B at 2, 3: 2.5 → ln(2.5/1.5)
    //   {1,2}: 1 4 4 → B (tie: lowest)   OOS {0,3}: 3 0 4 → r = 1                 → ln(1/3)
    //   {1,3}: 1 2 4 → C                 OOS {0,2}: 3 2 4 → r = 3                 → ln 3
    //   {2,3}: 2 2 6 → C                 OOS {0,1}: 2 2 2 → all tied: r = 2       → ln 1 = 0 (counts as overfit)
    // λ ≤ 0 in 3 of 6 splits: PBO = 0.5.
    const returns = [Float64Array.of(2, 0, 1, 1), Float64Array.of(0, 2, 2, 0), Float64Array.of(1, 1, 3, 3)];
    const { pbo, logits } = probabilityOfBacktestOverfitting(returns, { partitions: 4, metric: 'mean' });
    expect(pbo).toBe(0.5);
    expect(logits).toBeInstanceOf(Float64Array);
    const want = [Math.log(0.6), Math.log(3), Math.log(2.5 / 1.5), Math.log(1 / 3), Math.log(3), 0];
    expect(Array.from(logits)).toHaveLength(6);
    logits.forEach((l, k) => expect(l).toBeCloseTo(want[k], 14));
    expect(logits[5]).toBe(0);
  });

  it('drops the oldest T mod S rows', () => {
    // Two junk rows first (6 mod 4 = 2), which would change every split if they were kept.
    const returns = [Float64Array.of(9, -9, 2, 0, 1, 1), Float64Array.of(-9, 9, 0, 2, 2, 0), Float64Array.of(0, 0, 1, 1, 3, 3)];
    expect(probabilityOfBacktestOverfitting(returns, { partitions: 4, metric: 'mean' }).pbo).toBe(0.5);
  });

  it('is 0 when one trial dominates everywhere', () => {
    // Trial 3 drifts +0.05 per row against noise of 0.01: it is best in every half, so r = N and λ = ln N.
    const returns = noise(10, 400, 7, 0.01, (n) => (n === 3 ? 0.05 : 0));
    for (const metric of ['sharpe', 'mean'] as const) {
      const { pbo, logits } = probabilityOfBacktestOverfitting(returns, { partitions: 8, metric });
      expect(pbo).toBe(0);
      expect(logits).toHaveLength(70); // C(8, 4)
      for (const l of logits) expect(l).toBeCloseTo(Math.log(10), 14);
    }
  });

  it('is near 0.5 on pure noise with many trials', () => {
    // Selection on noise carries no information: the OOS rank of the IS best is uniform on 1..100, so P(r ≤ 50) = 0.5.
    // One data set's 252 splits are strongly correlated (PBO 0.27..0.73 across these seeds), hence the mean of 8.
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const pbos = seeds.map((seed) => probabilityOfBacktestOverfitting(noise(100, 600, seed), { partitions: 10, metric: 'sharpe' }).pbo);
    const mean = pbos.reduce((a, b) => a + b, 0) / pbos.length;
    expect(mean).toBeGreaterThan(0.4);
    expect(mean).toBeLessThan(0.6);
  });

  it('equals the definition computed row by row (sharpe and mean, with dropped rows)', () => {
    const returns = noise(12, 203, 11, 0.02, (n) => 0.002 * (n % 4));
    for (const metric of ['sharpe', 'mean'] as const) {
      for (const partitions of [2, 6, 10]) {
        const got = probabilityOfBacktestOverfitting(returns, { partitions, metric });
        const want = reference(returns, partitions, metric);
        expect(got.pbo).toBe(want.pbo);
        got.logits.forEach((l, k) => expect(l).toBeCloseTo(want.logits[k], 12));
      }
    }
  });

  it('scores a constant half at Sharpe 0, exactly', () => {
    // Trial 0 is constant 0.01, so Sharpe 0 in every half (sums of squares alone would leave ~1e-18 of rounding and
    // a Sharpe ratio near ±1e15); trial 1 is flat (0) over blocks 0–1, then 1 2 | 1 2. Two rows per block, N = 2:
    //   {0,1}: IS 0 vs 0 (flat) → trial 0 (tie: lowest); OOS trial 1 = 1 2 1 2 has Sharpe > 0 → r = 1 → ln(1/2)
    //   {0,2} {0,3} {1,2} {1,3}: trial 1 = 0 0 1 2 on both sides, Sharpe > 0 → best IS and OOS → r = 2 → ln 2
    //   {2,3}: IS trial 1 = 1 2 1 2 → best; OOS both flat, Sharpe 0 each → r = 1.5 → λ = 0
    // PBO = 2/6.
    const returns = [new Float64Array(8).fill(0.01), Float64Array.of(0, 0, 0, 0, 1, 2, 1, 2)];
    const { pbo, logits } = probabilityOfBacktestOverfitting(returns, { partitions: 4, metric: 'sharpe' });
    expect(pbo).toBe(2 / 6);
    const want = [Math.log(0.5), Math.LN2, Math.LN2, Math.LN2, Math.LN2, 0];
    logits.forEach((l, k) => expect(l).toBeCloseTo(want[k], 14));
  });

  it('matches the definition with constant stretches among noisy trials', () => {
    const random = rng(5);
    const rows = 40;
    const returns = [
      new Float64Array(rows).fill(0.3),
      Float64Array.from({ length: rows }, (_, t) => (t < 20 ? 0 : 0.01 + 0.01 * random())),
      Float64Array.from({ length: rows }, () => 0.001 + 0.01 * (random() - 0.5)),
      Float64Array.from({ length: rows }, (_, t) => (t % 10 < 5 ? 0.02 : 0.001 * random())),
    ];
    for (const partitions of [4, 8]) {
      const got = probabilityOfBacktestOverfitting(returns, { partitions, metric: 'sharpe' });
      const want = reference(returns, partitions, 'sharpe');
      expect(got.pbo).toBe(want.pbo);
      got.logits.forEach((l, k) => expect(l).toBeCloseTo(want.logits[k], 12));
    }
  });

  it('validates its inputs', () => {
    const ok = noise(3, 40, 1);
    const pbo = (returns: Float64Array[], partitions: number, metric: string) =>
      probabilityOfBacktestOverfitting(returns, { partitions, metric: metric as PboMetric });
    expect(() => pbo([ok[0]], 4, 'sharpe')).toThrow(/at least 2 trials/);
    expect(() => pbo([ok[0], ok[1].subarray(1)], 4, 'sharpe')).toThrow(/same rows/);
    expect(() => pbo(ok, 5, 'sharpe')).toThrow(/partitions/);
    expect(() => pbo(ok, 0, 'sharpe')).toThrow(/partitions/);
    expect(() => pbo(ok, 42, 'sharpe')).toThrow(/partitions/);
    expect(() => pbo(ok, 4, 'sortino')).toThrow(/metric/);
    const bad = ok.map((r) => r.slice());
    bad[2][17] = NaN;
    expect(() => pbo(bad, 4, 'mean')).toThrow(/returns\[2\]\[17\]/);
  });
});
