import { seededRandom } from '@ares/random';
import { maxDrawdown, perBarReturns, sharpeRatio } from '@ares/ml';
import { bootstrapPaths, percentileOfSorted, tradePaths } from './monte-carlo';

const options = { paths: 200, seed: 3, drawdownThreshold: 0.05, barsPerYear: 8760 };

describe('Monte Carlo paths', () => {
  const random = seededRandom(1);
  const returns = Float64Array.from({ length: 500 }, () => (random() - 0.49) * 0.01);

  it('percentiles interpolate linearly between order statistics, as numpy does', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5]);
    expect([0.05, 0.5, 0.95].map((q) => percentileOfSorted(sorted, q))).toEqual([1.2, 3, 4.8]);
  });

  it('with the identity resample every path is the walk-forward itself', () => {
    const identity = Int32Array.from({ length: returns.length }, (_, i) => i);
    const result = bootstrapPaths(returns, () => identity, options);
    let equity = 1;
    const curve = returns.map((r) => (equity *= 1 + r));
    expect(result.finalReturn.p5).toBeCloseTo(equity - 1, 12);
    expect(result.finalReturn.p95).toBeCloseTo(equity - 1, 12);
    expect(result.maxDrawdown.p50).toBeCloseTo(maxDrawdown(curve), 12);
    expect(result.sharpe.p50).toBeCloseTo(sharpeRatio(perBarReturns(curve), 8760), 9);
    expect(result.fan.bar.at(-1)).toBe(returns.length);
    expect(result.fan.p50.at(-1)).toBeCloseTo(equity, 12);
    expect(result.lossProbability).toBe(equity < 1 ? 1 : 0);
  });

  it('resampled paths spread around the original, seeded', () => {
    const draw = seededRandom(9);
    const next = () => Int32Array.from({ length: returns.length }, () => Math.floor(draw() * returns.length));
    const result = bootstrapPaths(returns, next, options);
    expect(result.finalReturn.p5).toBeLessThan(result.finalReturn.p50);
    expect(result.finalReturn.p50).toBeLessThan(result.finalReturn.p95);
    expect(result.maxDrawdown.p5).toBeGreaterThan(0);
  });

  it('reshuffled trades keep the final return and move the drawdown; resampled trades move both', () => {
    const trades = Float64Array.from([0.05, -0.03, 0.02, -0.04, 0.01, 0.03, -0.02]);
    const product = trades.reduce((e, t) => e * (1 + t), 1) - 1;
    const result = tradePaths(trades, options)!;
    expect(result.reshuffled.finalReturn.p5).toBeCloseTo(product, 12);
    expect(result.reshuffled.finalReturn.p95).toBeCloseTo(product, 12);
    expect(result.reshuffled.maxDrawdown.p95).toBeGreaterThan(result.reshuffled.maxDrawdown.p5);
    expect(result.resampled.finalReturn.p95).toBeGreaterThan(result.resampled.finalReturn.p5);
    expect(tradePaths(trades, options)).toEqual(result);
    expect(tradePaths(new Float64Array(0), options)).toBeNull();
  });
});
