import { seededRandom } from '@ares/random';
import { sharpeRatio } from '@ares/ml';

// Builtins bound once: a global lookup per bar is slow inside a vm context (Jest's runs every spec in one).
const { floor, max } = Math;

/** The 5th, 50th and 95th percentiles (linear interpolation between order statistics, numpy's default). */
export interface Percentiles {
  p5: number;
  p50: number;
  p95: number;
}

export interface PathDistribution {
  finalReturn: Percentiles;
  maxDrawdown: Percentiles;
  /** Share of paths whose max drawdown exceeds the threshold. */
  drawdownExceedance: number;
  /** Share of paths ending below where they started. */
  lossProbability: number;
}

export interface BootstrapDistribution extends PathDistribution {
  sharpe: Percentiles;
  /** Equity percentiles at evenly spaced bars: the fan chart. */
  fan: { bar: number[]; p5: number[]; p50: number[]; p95: number[] };
}

export interface MonteCarloOptions {
  paths: number;
  seed: number;
  drawdownThreshold: number;
  barsPerYear: number;
  /** Points of the fan chart. */
  fanPoints?: number;
}

/** Linear-interpolation percentile of sorted values (numpy's default, 'linear'). */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function percentiles(values: Float64Array): Percentiles {
  const sorted = values.slice().sort();
  return { p5: percentileOfSorted(sorted, 0.05), p50: percentileOfSorted(sorted, 0.5), p95: percentileOfSorted(sorted, 0.95) };
}

function distribution(finals: Float64Array, drawdowns: Float64Array, threshold: number): PathDistribution {
  let exceed = 0;
  let losses = 0;
  for (let i = 0; i < finals.length; i++) {
    if (drawdowns[i] > threshold) exceed++;
    if (finals[i] < 0) losses++;
  }
  return {
    finalReturn: percentiles(finals),
    maxDrawdown: percentiles(drawdowns),
    drawdownExceedance: exceed / finals.length,
    lossProbability: losses / finals.length,
  };
}

/**
 * Bar-level Monte Carlo: `paths` resamples of the per-bar returns, each drawn by `nextPath` (e.g. a stationary
 * bootstrap's indices into `returns`), compounded from 1; the final return, annualised Sharpe and max drawdown of
 * each, and the equity fan.
 */
export function bootstrapPaths(returns: Float64Array, nextPath: () => Int32Array, options: MonteCarloOptions): BootstrapDistribution {
  const { paths, barsPerYear } = options;
  const n = returns.length;
  if (n < 2) throw new RangeError(`Monte Carlo needs at least 2 returns, got ${n}`);
  const points = Math.min(options.fanPoints ?? 50, n);
  const fanBars = Array.from({ length: points }, (_, k) => Math.round(((k + 1) * n) / points) - 1);
  const fanValues = fanBars.map(() => new Float64Array(paths));
  const finals = new Float64Array(paths);
  const drawdowns = new Float64Array(paths);
  const sharpes = new Float64Array(paths);
  const path = new Float64Array(n);
  for (let p = 0; p < paths; p++) {
    const indices = nextPath();
    if (indices.length !== n) throw new RangeError(`a resample has ${indices.length} indices, the returns ${n}`);
    let equity = 1;
    let peak = 1;
    let worst = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const r = returns[indices[i]];
      path[i] = r;
      equity *= 1 + r;
      if (equity > peak) peak = equity;
      const drawdown = 1 - equity / peak;
      if (drawdown > worst) worst = drawdown;
      if (i === fanBars[k]) fanValues[k++][p] = equity;
    }
    finals[p] = equity - 1;
    drawdowns[p] = worst;
    sharpes[p] = sharpeRatio(path, barsPerYear);
  }
  const fan = fanValues.map((values) => percentiles(values));
  return {
    ...distribution(finals, drawdowns, options.drawdownThreshold),
    sharpe: percentiles(sharpes),
    fan: { bar: fanBars.map((bar) => bar + 1), p5: fan.map((f) => f.p5), p50: fan.map((f) => f.p50), p95: fan.map((f) => f.p95) },
  };
}

/**
 * Trade-level Monte Carlo on each trade's effect on equity (size × net return): the sequence reshuffled (the same
 * trades in another order: the final return cannot change, the drawdown can) and resampled with replacement (as
 * many trades, drawn anew). Seeded; `null` without trades.
 */
export function tradePaths(trades: Float64Array, options: MonteCarloOptions): { reshuffled: PathDistribution; resampled: PathDistribution } | null {
  const n = trades.length;
  if (n === 0) return null;
  const random = seededRandom(options.seed);
  const run = (draw: (order: Int32Array) => void) => {
    const finals = new Float64Array(options.paths);
    const drawdowns = new Float64Array(options.paths);
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let p = 0; p < options.paths; p++) {
      draw(order);
      let equity = 1;
      let peak = 1;
      let worst = 0;
      for (let i = 0; i < n; i++) {
        equity *= 1 + trades[order[i]];
        if (equity > peak) peak = equity;
        worst = max(worst, 1 - equity / peak);
      }
      finals[p] = equity - 1;
      drawdowns[p] = worst;
    }
    return distribution(finals, drawdowns, options.drawdownThreshold);
  };
  const reshuffled = run((order) => {
    for (let i = n - 1; i > 0; i--) {
      const j = floor(random() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  });
  const resampled = run((order) => {
    for (let i = 0; i < n; i++) order[i] = floor(random() * n);
  });
  return { reshuffled, resampled };
}
