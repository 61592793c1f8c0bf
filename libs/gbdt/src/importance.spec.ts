import { featureImportance } from './importance';

describe('featureImportance', () => {
  it('sums gains and counts splits per feature', () => {
    const trees = [
      { feature: [1, -1, 0, -1, -1], gain: [3, 0, 1, 0, 0] },
      { feature: [1, -1, -1], gain: [2, 0, 0] },
    ];
    expect(featureImportance(trees, 3)).toEqual({ gain: [1, 5, 0], split: [1, 2, 0] });
  });
});
