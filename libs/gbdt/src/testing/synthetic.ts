import { mulberry32 } from '../random/seeded-random';

/** Seeded synthetic tasks for tests and benchmarks (features column-major). */
export interface SyntheticTask {
  columns: Float64Array[];
  featureNames: string[];
  label: Float64Array;
}

/** Standard normal via Box–Muller from a seeded stream. */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(),
    v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Binary task: logit is a non-linear function of the first few features plus noise. */
export function syntheticBinary(n: number, numFeatures: number, seed: number): SyntheticTask {
  const rng = mulberry32(seed);
  const columns = Array.from({ length: numFeatures }, () => new Float64Array(n));
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < numFeatures; f++) columns[f][i] = gaussian(rng);
    const x = (f: number) => (f < numFeatures ? columns[f][i] : 0);
    const logit = 1.5 * x(0) - 1.0 * x(1) + (x(2) > 0.5 ? 1.2 : -0.4) + 0.8 * x(3) * x(4) + 0.5 * gaussian(rng);
    label[i] = rng() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { columns, featureNames: columns.map((_, f) => `f${f}`), label };
}

/** Multiclass task: class = argmax of three noisy linear scores. */
export function syntheticMulticlass(n: number, numFeatures: number, seed: number): SyntheticTask {
  const rng = mulberry32(seed);
  const columns = Array.from({ length: numFeatures }, () => new Float64Array(n));
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < numFeatures; f++) columns[f][i] = gaussian(rng);
    const s = [columns[0][i] + 0.3 * gaussian(rng), columns[1][i] + 0.3 * gaussian(rng), -columns[0][i] - columns[1][i] + 0.3 * gaussian(rng)];
    label[i] = s.indexOf(Math.max(...s));
  }
  return { columns, featureNames: columns.map((_, f) => `f${f}`), label };
}

/** Regression task: y = sin(x0) + x1² / 2 + noise. */
export function syntheticRegression(n: number, numFeatures: number, seed: number): SyntheticTask {
  const rng = mulberry32(seed);
  const columns = Array.from({ length: numFeatures }, () => new Float64Array(n));
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < numFeatures; f++) columns[f][i] = gaussian(rng);
    label[i] = Math.sin(2 * columns[0][i]) + columns[1][i] ** 2 / 2 + 0.1 * gaussian(rng);
  }
  return { columns, featureNames: columns.map((_, f) => `f${f}`), label };
}

/** Area under the ROC curve (ties get half credit via average ranks). */
export function auc(score: ArrayLike<number>, label: ArrayLike<number>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let rankSumPos = 0,
    nPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++)
      if (label[order[k]] === 1) {
        rankSumPos += avgRank;
        nPos++;
      }
    i = j + 1;
  }
  const nNeg = n - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
