/** How far two implementations' feature matrices are apart (columns matched by name, in the same order). */
export interface FeatureDiff {
  /** Largest |a − b| over all features and rows where both are finite. */
  maxAbsDiff: number;
  /** Rows where one side is finite and the other is not. */
  nanMismatches: number;
  /** Values compared (both finite). */
  compared: number;
  perFeature: { name: string; maxAbsDiff: number; worstRow: number; nanMismatches: number; compared: number }[];
}

export function diffFeatures(
  names: readonly string[],
  a: readonly Float64Array[],
  otherNames: readonly string[],
  b: readonly Float64Array[],
): FeatureDiff {
  if (names.join(',') !== otherNames.join(',')) throw new Error(`feature names differ:\n  ${names.join(', ')}\n  ${otherNames.join(', ')}`);
  const diff: FeatureDiff = { maxAbsDiff: 0, nanMismatches: 0, compared: 0, perFeature: [] };
  names.forEach((name, k) => {
    const x = a[k];
    const y = b[k];
    if (x.length !== y.length) throw new Error(`${name}: ${x.length} rows against ${y.length}`);
    let max = 0;
    let worstRow = -1;
    let mismatches = 0;
    let compared = 0;
    for (let i = 0; i < x.length; i++) {
      const xFinite = Number.isFinite(x[i]);
      if (xFinite !== Number.isFinite(y[i])) mismatches++;
      else if (xFinite) {
        compared++;
        const d = Math.abs(x[i] - y[i]);
        if (d > max) {
          max = d;
          worstRow = i;
        }
      }
    }
    diff.perFeature.push({ name, maxAbsDiff: max, worstRow, nanMismatches: mismatches, compared });
    diff.maxAbsDiff = Math.max(diff.maxAbsDiff, max);
    diff.nanMismatches += mismatches;
    diff.compared += compared;
  });
  return diff;
}
