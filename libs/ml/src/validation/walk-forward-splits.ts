/**
 * Walk-forward splits: consecutive, non-overlapping test windows at the end of the data, each trained only on
 * rows before it. Folds are index ranges; which rows of a training range may actually be used (purge + embargo by
 * label horizon) is decided by trainingRows in purge.ts.
 */
export interface WalkForwardOptions {
  folds: number;
  /** rolling: the training window slides with the test window; anchored: training always starts at startIndex. */
  mode: 'rolling' | 'anchored';
  /** Rolling: training window length. Anchored: minimum length of the first training window. */
  trainBars: number;
  testBars: number;
  /** Rows after each test window whose labels may not be trained on (see trainingRows). */
  embargoBars: number;
  /** First row usable for training or testing (e.g. after feature warm-up). Default 0. */
  startIndex?: number;
}

export interface Fold {
  index: number;
  trainStart: number;
  /** Exclusive. */
  trainEnd: number;
  testStart: number;
  /** Exclusive. */
  testEnd: number;
}

function assertCount(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

export function walkForwardFolds(rows: number, options: WalkForwardOptions): Fold[] {
  const { folds, mode, trainBars, testBars, embargoBars } = options;
  const startIndex = options.startIndex ?? 0;
  assertCount('rows', rows, 0);
  assertCount('folds', folds, 1);
  assertCount('trainBars', trainBars, 1);
  assertCount('testBars', testBars, 1);
  assertCount('embargoBars', embargoBars, 0);
  assertCount('startIndex', startIndex, 0);
  if (mode !== 'rolling' && mode !== 'anchored') throw new RangeError(`mode must be 'rolling' or 'anchored', got ${String(mode)}`);

  // Both modes need the first training window (trainBars) before the first test window.
  const needed = startIndex + trainBars + folds * testBars;
  if (needed > rows) {
    const offset = startIndex > 0 ? ` after startIndex ${startIndex}` : '';
    throw new RangeError(`${folds} folds × ${testBars} test bars + ${trainBars} train bars${offset} need ${needed} rows, have ${rows}`);
  }

  const out: Fold[] = [];
  for (let index = 0; index < folds; index++) {
    const testStart = rows - (folds - index) * testBars;
    const trainEnd = testStart;
    const trainStart = mode === 'rolling' ? trainEnd - trainBars : startIndex;
    out.push({ index, trainStart, trainEnd, testStart, testEnd: testStart + testBars });
  }
  return out;
}

/**
 * A sensible default: the test windows cover the last half of the usable rows, split evenly (the first half is the
 * initial training data, the second half gives folds·testBars out-of-sample predictions). Rolling training windows
 * are 2 × testBars (capped by what lies before the first test window): long enough to fit, short enough to adapt.
 * Anchored: the first training window is everything before the first test window. Embargo = label horizon, the
 * farthest a label looks ahead.
 */
export function defaultWalkForward(
  rows: number,
  folds: number,
  mode: 'rolling' | 'anchored',
  horizonBars: number,
  startIndex = 0,
): WalkForwardOptions {
  assertCount('folds', folds, 1);
  assertCount('horizonBars', horizonBars, 0);
  assertCount('startIndex', startIndex, 0);
  const usable = rows - startIndex;
  const testBars = Math.floor(usable / 2 / folds);
  if (testBars < 1) throw new RangeError(`${folds} folds need at least ${2 * folds} usable rows, have ${usable}`);
  const beforeFirstTest = usable - folds * testBars;
  const trainBars = mode === 'rolling' ? Math.min(2 * testBars, beforeFirstTest) : beforeFirstTest;
  // Purging removes up to horizonBars rows at the end of each training window; something must be left.
  if (trainBars <= horizonBars) {
    throw new RangeError(
      `a ${trainBars}-bar training window leaves nothing after purging a ${horizonBars}-bar label horizon (${usable} usable rows, ${folds} folds)`,
    );
  }
  return { folds, mode, trainBars, testBars, embargoBars: horizonBars, startIndex };
}
