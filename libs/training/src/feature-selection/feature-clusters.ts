/** A group of features that move together; permuted together, so importance is not split between near-copies. */
export interface FeatureCluster {
  /** Named after its first member, in feature order. */
  name: string;
  features: string[];
}

/**
 * Average-linkage agglomerative clustering on the distance 1 − |ρ| (Pearson, over `rows`), merged while the closest
 * pair of clusters is more correlated than `minCorrelation`. Members and clusters keep the features' order, so the
 * result does not depend on merge order ties.
 */
export function clusterFeatures(
  names: readonly string[],
  columns: readonly Float64Array[],
  rows: Int32Array,
  minCorrelation: number,
): FeatureCluster[] {
  const n = names.length;
  const correlation = correlationMatrix(columns, rows);
  let clusters = names.map((_, index) => [index]);
  for (;;) {
    let best = { a: -1, b: -1, similarity: -Infinity };
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        let sum = 0;
        for (const i of clusters[a]) for (const j of clusters[b]) sum += Math.abs(correlation[i * n + j]);
        const similarity = sum / (clusters[a].length * clusters[b].length);
        if (similarity > best.similarity) best = { a, b, similarity };
      }
    }
    if (best.a < 0 || !(best.similarity > minCorrelation)) break;
    const merged = [...clusters[best.a], ...clusters[best.b]].sort((x, y) => x - y);
    clusters = clusters.filter((_, index) => index !== best.a && index !== best.b);
    clusters.push(merged);
    clusters.sort((x, y) => x[0] - y[0]);
  }
  return clusters.map((members) => ({ name: names[members[0]], features: members.map((index) => names[index]) }));
}

/** Pearson correlations of `columns` over `rows`, row-major n × n (1 on the diagonal; 0 against a constant column). */
export function correlationMatrix(columns: readonly Float64Array[], rows: Int32Array): Float64Array {
  const n = columns.length;
  const standardized = columns.map((column) => {
    let mean = 0;
    for (const row of rows) mean += column[row];
    mean /= Math.max(1, rows.length);
    let ss = 0;
    for (const row of rows) ss += (column[row] - mean) ** 2;
    const sd = Math.sqrt(ss);
    return Float64Array.from(rows, (row) => (sd > 0 ? (column[row] - mean) / sd : 0));
  });
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let dot = 0;
      for (let r = 0; r < rows.length; r++) dot += standardized[i][r] * standardized[j][r];
      out[i * n + j] = out[j * n + i] = i === j ? 1 : dot;
    }
  }
  return out;
}
