import { purgedKFold } from './purged-k-fold';

describe('purgedKFold', () => {
  const n = 100;
  const horizon = 5;
  const touchIndex = Int32Array.from({ length: n }, (_, t) => t + horizon);
  const ones = new Uint8Array(n).fill(1);

  it('cuts the range into array_split blocks and purges labels that reach a test block', () => {
    const splits = purgedKFold({ start: 0, end: 63, folds: 3, touchIndex, trainable: ones, usable: ones, embargoBars: 2 });
    expect(splits.map((s) => [s.testStart, s.testEnd])).toEqual([
      [0, 21],
      [21, 42],
      [42, 63],
    ]);
    const middle = splits[1];
    const train = new Set(middle.trainRows);
    // Before the block: row 15's label ends at 20 (kept), row 16's at 21 (touches the block: purged).
    expect(train.has(15)).toBe(true);
    expect(train.has(16)).toBe(false);
    // After the block: rows 42, 43 are the embargo; 44 is kept.
    expect(train.has(43)).toBe(false);
    expect(train.has(44)).toBe(true);
    // Labels ending at or past the range end (63) are never trained on: row 57 ends at 62, row 58 at 63.
    expect(train.has(57)).toBe(true);
    expect(train.has(58)).toBe(false);
    for (const t of middle.testRows) expect(train.has(t)).toBe(false);
    expect(splits[2].scoredRows.at(-1)).toBe(57);
    expect(splits[2].testRows.at(-1)).toBe(62);
  });

  it('refuses fewer than two folds and blocks too short to score', () => {
    expect(() => purgedKFold({ start: 0, end: 50, folds: 1, touchIndex, trainable: ones, usable: ones, embargoBars: 0 })).toThrow(/folds/);
    expect(() => purgedKFold({ start: 0, end: 50, folds: 6, touchIndex, trainable: ones, usable: ones, embargoBars: 0 })).toThrow(/10 rows/);
  });
});
