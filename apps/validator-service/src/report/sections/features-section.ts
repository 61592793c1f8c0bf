import { formatNumber, formatSignificant } from '../format';
import { htmlTable } from '../html/table';
import { PALETTE } from '../palette';
import { barChart } from '../svg/bar-chart';
import { absent, figure, paragraph, section } from './section';

export const FEATURES_SECTION = { id: 'features', title: 'Feature importance (clustered MDA)' } as const;

export interface ImportanceCluster {
  name: string;
  features: string[];
  /** Mean rise in out-of-sample log loss when the cluster is permuted, over the folds. */
  mean: number;
  /** Its fold-to-fold standard deviation. */
  spread: number;
  kept: boolean;
}

/** coarse-optimization's feature selection. */
export interface FeatureImportanceData {
  rule: string | null;
  clusters: ImportanceCluster[];
  /** The features the search and the model use. */
  features: string[];
  minCorrelation: number | null;
  spreads: number | null;
}

function ruleSentence(data: FeatureImportanceData): string {
  switch (data.rule) {
    case 'beyond-spread':
      return `Clusters are kept when their mean importance exceeds ${formatNumber(data.spreads ?? 1, 1)} fold-to-fold standard deviation(s).`;
    case 'positive-mean':
      return 'No cluster’s importance cleared its fold-to-fold spread; the clusters with a positive mean importance were kept.';
    case 'none-informative':
      return 'No cluster showed any out-of-sample importance, so every feature was kept: the search may be fitting noise.';
    case 'disabled':
      return 'Feature selection was disabled: every feature was kept.';
    default:
      return `Selection rule: ${data.rule ?? 'not stated'}.`;
  }
}

/** Each cluster's permutation importance, mean ± spread, kept or dropped, and the features that went on. */
export function featuresSection(data: FeatureImportanceData | undefined, missing?: string): string {
  const { id, title } = FEATURES_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No coarse-optimization output: there are no feature importances.'));
  const parts = [paragraph(ruleSentence(data))];
  if (data.clusters.length === 0) {
    parts.push(absent('No cluster importances were measured.'));
  } else {
    // Ties by name in code-unit order: a locale's collation would make the bytes depend on the machine.
    const clusters = [...data.clusters].sort((a, b) => b.mean - a.mean || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const chart = barChart({
      title: 'Cluster importance by permutation (MDA), mean ± one fold-to-fold standard deviation',
      bars: clusters.map((cluster) => ({
        label: cluster.features.length > 1 ? `${cluster.name} (+${cluster.features.length - 1})` : cluster.name,
        value: cluster.mean,
        error: cluster.spread,
        color: cluster.kept ? PALETTE.kept : PALETTE.dropped,
        note: `${cluster.kept ? 'kept' : 'dropped'}: ${cluster.features.join(', ')}`,
      })),
      xLabel: 'rise in out-of-sample log loss when permuted',
      format: formatSignificant,
      legend: [
        { label: 'kept', color: PALETTE.kept, shape: 'band' },
        { label: 'dropped', color: PALETTE.dropped, shape: 'band' },
      ],
    });
    const correlation = data.minCorrelation === null ? '' : ` (features clustered above |ρ| ${formatNumber(data.minCorrelation, 2)})`;
    parts.push(
      figure(chart, `Whiskers: one standard deviation across folds${correlation}.`),
      htmlTable({
        columns: [{ label: 'cluster' }, { label: 'members' }, { label: 'mean', numeric: true }, { label: 'spread', numeric: true }, { label: '' }],
        rows: clusters.map((cluster) => [
          cluster.name,
          cluster.features.join(', '),
          formatSignificant(cluster.mean),
          formatSignificant(cluster.spread),
          cluster.kept ? 'kept' : 'dropped',
        ]),
      }),
    );
  }
  parts.push(
    paragraph(data.features.length > 0 ? `Features used (${data.features.length}): ${data.features.join(', ')}.` : 'No feature list was recorded.'),
  );
  return section(id, title, parts.join(''));
}
