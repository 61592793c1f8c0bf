import { seededRandom } from '../testing/test-candles';
import { testRows, trainingRows } from './purge';
import { Fold, walkForwardFolds } from './walk-forward-splits';

const fold = (trainStart: number, trainEnd: number, testStart: number, testEnd: number): Fold => ({
  index: 0,
  trainStart,
  trainEnd,
  testStart,
  testEnd,
});

/** Labels that end `h` rows later (a vertical barrier everywhere), all valid except the last h rows. */
function fixedHorizon(n: number, h: number) {
  const touchIndex = new Int32Array(n).fill(-1);
  const valid = new Uint8Array(n);
  for (let t = 0; t + h < n; t++) {
    touchIndex[t] = t + h;
    valid[t] = 1;
  }
  return { touchIndex, valid };
}

describe('trainingRows', () => {
  it('purges exactly the rows whose label reaches into the test window', () => {
    const { touchIndex, valid } = fixedHorizon(30, 3);
    // Test [10, 15): rows 7, 8, 9 end at 10, 11, 12 — inside; row 6 ends at 9 — kept.
    expect(Array.from(trainingRows(fold(0, 10, 10, 15), touchIndex, valid, 0))).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // A label that touches a barrier early is kept if it ends before the test window.
    touchIndex[8] = 9;
    expect(Array.from(trainingRows(fold(0, 10, 10, 15), touchIndex, valid, 0))).toEqual([0, 1, 2, 3, 4, 5, 6, 8]);
  });

  it('embargoes rows just after the test window, purges rows inside it', () => {
    const { touchIndex, valid } = fixedHorizon(30, 2);
    // Training around a test window [10, 15) with embargo 3: blocked rows start at 15..17; rows 8, 9 reach into the test.
    const rows = trainingRows(fold(5, 25, 10, 15), touchIndex, valid, 3);
    expect(Array.from(rows)).toEqual([5, 6, 7, 18, 19, 20, 21, 22, 23, 24]);
    expect(Array.from(trainingRows(fold(5, 25, 10, 15), touchIndex, valid, 0))).toEqual([5, 6, 7, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it('drops rows that are not labelable', () => {
    const { touchIndex, valid } = fixedHorizon(20, 2);
    valid[3] = 0;
    touchIndex[4] = -1;
    expect(Array.from(trainingRows(fold(0, 8, 12, 16), touchIndex, valid, 0))).toEqual([0, 1, 2, 5, 6, 7]);
  });

  it('validates its inputs', () => {
    const { touchIndex, valid } = fixedHorizon(10, 1);
    expect(() => trainingRows(fold(0, 11, 11, 12), touchIndex, valid, 0)).toThrow('fold 0 trains on [0, 11), outside the 10 labelled rows');
    expect(() => trainingRows(fold(0, 5, 5, 6), touchIndex, valid, -1)).toThrow(/embargoBars/);
    expect(() => trainingRows(fold(0, 5, 5, 6), touchIndex, valid.subarray(1), 0)).toThrow(/touchIndex has 10 rows, valid 9/);
  });

  it('property: no kept row has a label span meeting [testStart, testEnd + embargo), and every other valid row is kept', () => {
    const random = seededRandom(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 50 + Math.floor(random() * 200);
      const h = 1 + Math.floor(random() * 12);
      const touchIndex = new Int32Array(n).fill(-1);
      const valid = new Uint8Array(n);
      for (let t = 0; t < n; t++) {
        if (random() < 0.1) continue;
        touchIndex[t] = Math.min(n - 1, t + 1 + Math.floor(random() * h));
        valid[t] = 1;
      }
      const embargo = Math.floor(random() * 2 * h);
      const testStart = Math.floor(random() * (n - 1));
      const testEnd = testStart + 1 + Math.floor(random() * (n - testStart - 1));
      // Any training window: before, around, or after the test window.
      const a = Math.floor(random() * n);
      const b = Math.floor(random() * n);
      const f = fold(Math.min(a, b), Math.max(a, b) + 1, testStart, testEnd);
      const kept = new Set(trainingRows(f, touchIndex, valid, embargo));
      for (let t = f.trainStart; t < f.trainEnd; t++) {
        // Independent of the implementation's interval test: walk the label span row by row.
        let overlaps = false;
        for (let k = t; k <= touchIndex[t]; k++) if (k >= testStart && k < testEnd + embargo) overlaps = true;
        expect({ trial, t, kept: kept.has(t) }).toEqual({ trial, t, kept: valid[t] === 1 && !overlaps });
      }
    }
  });

  it('in walk-forward folds no training label reaches the test window', () => {
    const { touchIndex, valid } = fixedHorizon(500, 24);
    for (const mode of ['rolling', 'anchored'] as const) {
      for (const f of walkForwardFolds(500, { folds: 4, mode, trainBars: 100, testBars: 50, embargoBars: 24 })) {
        const rows = trainingRows(f, touchIndex, valid, 24);
        expect(rows.length).toBe(f.trainEnd - f.trainStart - 24);
        for (const t of rows) expect(touchIndex[t]).toBeLessThan(f.testStart);
      }
    }
  });
});

describe('testRows', () => {
  it('keeps the valid rows of the test window', () => {
    const valid = new Uint8Array([1, 1, 0, 1, 1, 0]);
    expect(Array.from(testRows(fold(0, 1, 1, 5), valid))).toEqual([1, 3, 4]);
  });
});
