import { createHash } from 'node:crypto';
import { seededRandom } from '@ares/ml/testing';
import type { LinearProbabilityModel } from '../linear-probability-model';

/** Test fixtures: a hand-computable model and seeded, price-like random data. */

/**
 * Three features with easy numbers; rows chosen so each standardised value is a small integer:
 * logits 1.75, 0.25, −5.25 (see HAND_PROBABILITIES).
 */
export function handModel(): LinearProbabilityModel {
  return {
    featureNames: ['a', 'b', 'c'],
    mean: Float64Array.of(1, -2, 100),
    scale: Float64Array.of(2, 4, 10),
    weights: Float64Array.of(0.5, -1, 2),
    intercept: 0.25,
  };
}

/** Column-major rows: (3, 2, 110), (1, −2, 100), (−1, 6, 85). */
export function handColumns(): Float64Array[] {
  return [Float64Array.of(3, 1, -1), Float64Array.of(2, -2, 6), Float64Array.of(110, 100, 85)];
}

/** σ(1.75), σ(0.25), σ(−5.25), from 1 / (1 + e^−z). */
export const HAND_PROBABILITIES = Float64Array.of(0.8519528019683106, 0.5621765008857981, 0.005220125693558397);

export interface FeatureScale {
  name: string;
  mean: number;
  std: number;
}

/** Price-, return- and volume-like scales: the cases where float32 input rounding matters. */
export const MIXED_SCALES: FeatureScale[] = [
  { name: 'close', mean: 1e4, std: 50 },
  { name: 'log_return', mean: 1e-4, std: 5e-3 },
  { name: 'volume', mean: 2.5e5, std: 4e4 },
  { name: 'rsi', mean: 50, std: 12 },
];

/** Seeded Gaussian columns (Box–Muller over mulberry32). */
export function randomColumns(scales: FeatureScale[], n: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return scales.map((s) => {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = s.mean + s.std * gaussian();
    return col;
  });
}

/** A model as a trainer would produce it: sample mean/std, weights of order one. */
export function modelFor(scales: FeatureScale[], columns: Float64Array[], seed: number): LinearProbabilityModel {
  const random = seededRandom(seed);
  const mean = new Float64Array(scales.length);
  const scale = new Float64Array(scales.length);
  columns.forEach((c, j) => {
    mean[j] = c.reduce((a, b) => a + b, 0) / c.length;
    scale[j] = Math.sqrt(c.reduce((a, b) => a + (b - mean[j]) ** 2, 0) / c.length);
  });
  return {
    featureNames: scales.map((s) => s.name),
    mean,
    scale,
    weights: Float64Array.from(scales, () => 2 * random() - 1),
    intercept: 0.1,
  };
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
