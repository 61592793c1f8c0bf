import { normalCdf } from '@ares/stats';

/** The median (mean of the two middle values for an even count); NaN for no samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface MannWhitneyResult {
  /** U of the first sample: pairs (a, b) with a > b, ties counting ½. */
  readonly u: number;
  readonly z: number;
  /** Two-sided p-value. */
  readonly pValue: number;
}

/**
 * Two-sided Mann–Whitney U test with the normal approximation, the tie correction of the variance and a continuity
 * correction of ½ (what scipy.stats.mannwhitneyu does with method='asymptotic', its default for samples with ties).
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  const pooled = [...a.map((v) => ({ v, first: true })), ...b.map((v) => ({ v, first: false }))].sort((x, y) => x.v - y.v);
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0; // Σ (t³ − t) over groups of ties
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && pooled[j + 1].v === pooled[i].v) j++;
    const t = j - i + 1;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (pooled[k].first) rankSumA += averageRank;
    tieTerm += t ** 3 - t;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, pValue: 1 };
  const z = Math.max(0, Math.abs(u - mean) - 0.5) / Math.sqrt(variance);
  return { u, z, pValue: Math.min(1, 2 * normalCdf(-z)) };
}
