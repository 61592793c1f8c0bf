import { combinatorialPurgedSplits } from './combinatorial-purged-splits';
import { purgedKFold } from './purged-k-fold';

describe('purgedKFold', () => {
  // 23 rows, labels 3 rows long (the last ones end past the data).
  const labelEnd = Int32Array.from({ length: 23 }, (_, i) => i + 3);

  it('is combinatorialPurgedSplits with one test group: a split per fold, one path', () => {
    for (const embargo of [0, 2]) {
      const kfold = purgedKFold({ observations: 23, folds: 5, labelEnd, embargo });
      expect(kfold).toEqual(combinatorialPurgedSplits({ observations: 23, groups: 5, testGroups: 1, labelEnd, embargo }));
      expect(kfold.splits.map((s) => s.testGroups)).toEqual([[0], [1], [2], [3], [4]]);
      expect(kfold.paths).toEqual([[0, 1, 2, 3, 4]]);
    }
  });

  it('purges and embargoes around the fold', () => {
    // Folds of 5 5 5 4 4 rows; fold 1 = rows 5..9, span [5, 12]; rows 2..4 reach row 5 (purged), 10..12 start
    // inside the span (purged), and with embargo 1 row 13 goes too.
    const { splits } = purgedKFold({ observations: 23, folds: 5, labelEnd, embargo: 1 });
    expect(Array.from(splits[1].test)).toEqual([5, 6, 7, 8, 9]);
    expect(Array.from(splits[1].train)).toEqual([0, 1, ...Array.from({ length: 9 }, (_, i) => 14 + i)]);
  });

  it('names `folds` in its errors', () => {
    expect(() => purgedKFold({ observations: 23, folds: 1, labelEnd })).toThrow(/folds/);
    expect(() => purgedKFold({ observations: 23, folds: 24, labelEnd })).toThrow(/folds/);
    expect(() => purgedKFold({ observations: 23, folds: 2.5, labelEnd })).toThrow(/folds/);
  });
});
