/**
 * Scores for the GBDT benchmark, written here so the TypeScript side does not borrow Python's: ROC AUC as the
 * Mann–Whitney statistic with tied scores sharing their average rank (what scikit-learn's roc_auc_score gives), and
 * the mean binary log loss with probabilities clipped to [1e-15, 1 − 1e-15] (scikit-learn's default eps).
 */
export function rocAuc(label: Float64Array, score: Float64Array): number {
  const n = label.length;
  if (score.length !== n) throw new RangeError(`label has ${n} rows, score ${score.length}`);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[a] - score[b]);
  let positives = 0;
  let rankSum = 0; // sum of the (1-based, tie-averaged) ranks of the positives
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && score[order[j]] === score[order[i]]) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (label[order[k]] === 1) {
        positives++;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function logLoss(label: Float64Array, probability: Float64Array, eps = 1e-15): number {
  const n = label.length;
  if (probability.length !== n) throw new RangeError(`label has ${n} rows, probability ${probability.length}`);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probability[i]));
    sum -= label[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / n;
}

/** Largest |a − b| and how many rows differ by more than `tolerance`. */
export function maxAbsDiff(a: Float64Array, b: Float64Array, tolerance = 1e-4): { max: number; over: number } {
  let max = 0;
  let over = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (d > max || Number.isNaN(d)) max = Number.isNaN(d) ? Infinity : d;
    if (!(d <= tolerance)) over++;
  }
  return { max, over };
}
