import { defaultWalkForward, walkForwardFolds } from './walk-forward-splits';

describe('walkForwardFolds', () => {
  it('rolling: consecutive test windows at the end, each trained on the trainBars before it', () => {
    const folds = walkForwardFolds(100, { folds: 3, mode: 'rolling', trainBars: 40, testBars: 20, embargoBars: 2 });
    expect(folds).toEqual([
      { index: 0, trainStart: 0, trainEnd: 40, testStart: 40, testEnd: 60 },
      { index: 1, trainStart: 20, trainEnd: 60, testStart: 60, testEnd: 80 },
      { index: 2, trainStart: 40, trainEnd: 80, testStart: 80, testEnd: 100 },
    ]);
  });

  it('anchored: training always starts at startIndex and grows', () => {
    const folds = walkForwardFolds(100, { folds: 2, mode: 'anchored', trainBars: 30, testBars: 25, embargoBars: 0, startIndex: 10 });
    expect(folds).toEqual([
      { index: 0, trainStart: 10, trainEnd: 50, testStart: 50, testEnd: 75 },
      { index: 1, trainStart: 10, trainEnd: 75, testStart: 75, testEnd: 100 },
    ]);
  });

  it('test windows tile the end of the data exactly, never overlapping', () => {
    const folds = walkForwardFolds(1003, { folds: 7, mode: 'rolling', trainBars: 100, testBars: 50, embargoBars: 5 });
    expect(folds[folds.length - 1].testEnd).toBe(1003);
    for (let i = 1; i < folds.length; i++) expect(folds[i].testStart).toBe(folds[i - 1].testEnd);
    for (const f of folds) {
      expect(f.trainEnd).toBe(f.testStart);
      expect(f.trainEnd - f.trainStart).toBe(100);
    }
  });

  it('fits exactly and throws naming the numbers when it does not', () => {
    expect(walkForwardFolds(4000, { folds: 6, mode: 'rolling', trainBars: 1000, testBars: 500, embargoBars: 0 })[0].trainStart).toBe(0);
    expect(() => walkForwardFolds(3000, { folds: 6, mode: 'rolling', trainBars: 1000, testBars: 500, embargoBars: 0 })).toThrow(
      '6 folds × 500 test bars + 1000 train bars need 4000 rows, have 3000',
    );
    expect(() => walkForwardFolds(4000, { folds: 6, mode: 'anchored', trainBars: 1000, testBars: 500, embargoBars: 0, startIndex: 24 })).toThrow(
      '6 folds × 500 test bars + 1000 train bars after startIndex 24 need 4024 rows, have 4000',
    );
  });

  it('validates its options', () => {
    const ok = { folds: 2, mode: 'rolling' as const, trainBars: 10, testBars: 5, embargoBars: 1 };
    expect(() => walkForwardFolds(100, { ...ok, folds: 0 })).toThrow('folds must be an integer >= 1, got 0');
    expect(() => walkForwardFolds(100, { ...ok, testBars: 2.5 })).toThrow(/testBars/);
    expect(() => walkForwardFolds(100, { ...ok, embargoBars: -1 })).toThrow(/embargoBars/);
    expect(() => walkForwardFolds(100, { ...ok, mode: 'expanding' as never })).toThrow(/mode must be/);
  });
});

describe('defaultWalkForward', () => {
  it('tests on the last half, rolling train = 2 × test, embargo = horizon', () => {
    expect(defaultWalkForward(1000, 5, 'rolling', 24)).toEqual({
      folds: 5,
      mode: 'rolling',
      trainBars: 200,
      testBars: 100,
      embargoBars: 24,
      startIndex: 0,
    });
    const o = defaultWalkForward(1024, 5, 'anchored', 24, 24);
    expect(o).toEqual({ folds: 5, mode: 'anchored', trainBars: 500, testBars: 100, embargoBars: 24, startIndex: 24 });
    expect(walkForwardFolds(1024, o)[0]).toEqual({ index: 0, trainStart: 24, trainEnd: 524, testStart: 524, testEnd: 624 });
  });

  it('caps rolling training by what lies before the first test window', () => {
    // 1 fold: test = 500, 2 × 500 does not fit before it, so train = 500.
    const o = defaultWalkForward(1000, 1, 'rolling', 10);
    expect([o.trainBars, o.testBars]).toEqual([500, 500]);
    expect(() => walkForwardFolds(1000, o)).not.toThrow();
  });

  it('refuses layouts that leave nothing after purging', () => {
    expect(() => defaultWalkForward(7, 4, 'rolling', 1)).toThrow('4 folds need at least 8 usable rows, have 7');
    expect(() => defaultWalkForward(40, 10, 'rolling', 4)).toThrow(/a 4-bar training window leaves nothing after purging a 4-bar label horizon/);
  });
});
