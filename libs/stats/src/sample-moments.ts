export interface SampleMoments {
  observations: number;
  mean: number;
  /** Sample standard deviation (n − 1). */
  std: number;
  /** Sample skewness (population form: m3 / m2^1.5). */
  skewness: number;
  /** Raw (not excess) kurtosis, m4 / m2²: 3 for a normal distribution. */
  kurtosis: number;
  /** mean / std: the per-observation Sharpe ratio (0 when std is 0). */
  sharpe: number;
}

/** The moments the Sharpe-ratio statistics need, in one pass over the data plus one for the central moments. */
export function sampleMoments(values: ArrayLike<number>): SampleMoments {
  const n = values.length;
  if (n === 0) return { observations: 0, mean: 0, std: 0, skewness: 0, kurtosis: 3, sharpe: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  // Bit-identical values have no spread: the mean's rounding must not pass for one (a Sharpe of 1e15).
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = values[i] === values[0];
  if (constant) return { observations: n, mean: values[0], std: 0, skewness: 0, kurtosis: 3, sharpe: 0 };
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const std = n > 1 ? Math.sqrt((m2 * n) / (n - 1)) : 0;
  const skewness = m2 > 0 ? m3 / m2 ** 1.5 : 0;
  const kurtosis = m2 > 0 ? m4 / (m2 * m2) : 3;
  return { observations: n, mean, std, skewness, kurtosis, sharpe: std > 0 ? mean / std : 0 };
}
