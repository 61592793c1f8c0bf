/**
 * Per-bar returns of consecutive windows (walk-forward folds, cross-validation test blocks) concatenated in order
 * and compounded into one equity curve, from 1 before the first bar (`[1]` when there are no bars).
 */
export function chainReturns(parts: readonly Float64Array[]): { returns: Float64Array; equity: Float64Array } {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const returns = new Float64Array(total);
  const equity = new Float64Array(Math.max(total, 1)).fill(1);
  let offset = 0;
  let value = 1;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      returns[offset + i] = part[i];
      value *= 1 + part[i];
      equity[offset + i] = value;
    }
    offset += part.length;
  }
  return { returns, equity };
}
