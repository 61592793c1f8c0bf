import { clipRanges, gapsBetween, mergeRanges, rangeContains, subtractRanges } from './time-ranges';

describe('time ranges', () => {
  it('merges overlapping and touching ranges, drops empty ones, sorts', () => {
    expect(
      mergeRanges([
        [20, 30],
        [0, 10],
        [10, 15],
        [25, 40],
        [50, 50],
      ]),
    ).toEqual([
      [0, 15],
      [20, 40],
    ]);
  });

  it('subtracts covered ranges from a request', () => {
    expect(subtractRanges(0, 100, [])).toEqual([[0, 100]]);
    expect(
      subtractRanges(0, 100, [
        [10, 20],
        [20, 30],
        [50, 60],
      ]),
    ).toEqual([
      [0, 10],
      [30, 50],
      [60, 100],
    ]);
    expect(
      subtractRanges(15, 55, [
        [10, 20],
        [50, 60],
      ]),
    ).toEqual([[20, 50]]);
    expect(subtractRanges(0, 100, [[-5, 200]])).toEqual([]);
    expect(subtractRanges(0, 10, [[20, 30]])).toEqual([[0, 10]]);
  });

  it('clips, finds gaps and tests membership', () => {
    expect(
      clipRanges(
        [
          [0, 10],
          [20, 30],
        ],
        5,
        25,
      ),
    ).toEqual([
      [5, 10],
      [20, 25],
    ]);
    expect(
      gapsBetween([
        [20, 30],
        [0, 10],
        [30, 35],
      ]),
    ).toEqual([[10, 20]]);
    expect(rangeContains([[0, 10]], 0)).toBe(true);
    expect(rangeContains([[0, 10]], 10)).toBe(false);
  });
});
