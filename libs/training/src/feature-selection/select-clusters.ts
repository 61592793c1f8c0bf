import { ClusterImportance } from './clustered-mda';

export type SelectionRule = 'beyond-spread' | 'positive-mean' | 'none-informative';

export interface ClusterSelection {
  features: string[];
  kept: string[];
  dropped: string[];
  /** Which rule chose the features: see selectClusters. */
  rule: SelectionRule;
}

/**
 * Keeps the clusters whose importance is above zero by more than `spreads` fold-to-fold standard deviations. When
 * none clears that bar, the clusters with a positive mean importance are kept (rule 'positive-mean'); when none
 * has even that, every feature is kept and the rule says so ('none-informative') — the report must then say that
 * the features show no out-of-sample information, rather than the search quietly fitting noise.
 */
export function selectClusters(importances: readonly ClusterImportance[], spreads: number): ClusterSelection {
  const clear = importances.filter((cluster) => cluster.mean > spreads * cluster.spread && cluster.mean > 0);
  const positive = importances.filter((cluster) => cluster.mean > 0);
  const [rule, kept]: [SelectionRule, readonly ClusterImportance[]] =
    clear.length > 0 ? ['beyond-spread', clear] : positive.length > 0 ? ['positive-mean', positive] : ['none-informative', importances];
  const keptNames = new Set(kept.map((cluster) => cluster.name));
  return {
    features: importances.filter((cluster) => keptNames.has(cluster.name)).flatMap((cluster) => cluster.features),
    kept: [...keptNames],
    dropped: importances.filter((cluster) => !keptNames.has(cluster.name)).map((cluster) => cluster.name),
    rule,
  };
}
