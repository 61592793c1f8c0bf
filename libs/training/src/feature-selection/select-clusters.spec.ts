import { ClusterImportance } from './clustered-mda';
import { selectClusters } from './select-clusters';

const cluster = (name: string, mean: number, spread: number): ClusterImportance => ({
  name,
  features: [name, `${name}_2`],
  perFold: [],
  mean,
  spread,
});

describe('selectClusters', () => {
  it('keeps clusters above zero beyond their spread, in feature order', () => {
    const selection = selectClusters([cluster('a', 0.02, 0.01), cluster('b', 0.01, 0.02), cluster('c', -0.01, 0.001), cluster('d', 0.05, 0.01)], 1);
    expect(selection).toEqual({ features: ['a', 'a_2', 'd', 'd_2'], kept: ['a', 'd'], dropped: ['b', 'c'], rule: 'beyond-spread' });
  });

  it('falls back to a positive mean, then to every feature, saying which rule it used', () => {
    expect(selectClusters([cluster('a', 0.01, 0.02), cluster('b', -0.01, 0.02)], 1)).toMatchObject({ kept: ['a'], rule: 'positive-mean' });
    expect(selectClusters([cluster('a', -0.01, 0.02), cluster('b', 0, 0)], 1)).toMatchObject({ kept: ['a', 'b'], rule: 'none-informative' });
  });
});
