/** What a tree contributes to importance: its split features and their gains (leaves have feature -1). */
export interface TreeSplits {
  feature: ArrayLike<number>;
  gain: ArrayLike<number>;
}

/** Total split gain and split count per feature, over the given trees. */
export function featureImportance(trees: ReadonlyArray<TreeSplits>, numFeatures: number): { gain: number[]; split: number[] } {
  const gain = new Array<number>(numFeatures).fill(0);
  const split = new Array<number>(numFeatures).fill(0);
  for (const t of trees) {
    for (let node = 0; node < t.feature.length; node++) {
      const f = t.feature[node];
      if (f < 0) continue;
      gain[f] += t.gain[node];
      split[f]++;
    }
  }
  return { gain, split };
}
