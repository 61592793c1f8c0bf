import { Fold } from './walk-forward-splits';

/**
 * Training rows of a fold after López de Prado's purge and embargo.
 *
 * The label of row t spans [t, touchIndex[t]] (it is known only once its first barrier is touched). Row t may be
 * trained on only if that span does not intersect [testStart, testEnd + embargoBars):
 *  - purge: a training row before the test window whose label reaches into it would leak test-period prices;
 *  - embargo: rows just after the test window are serially correlated with its last rows (features such as
 *    long-horizon returns overlap), so they are dropped for embargoBars rows after testEnd.
 * The general interval test covers training windows before, around or after the test window alike. Rows that are
 * not labelable (valid = 0 or touchIndex < t) are dropped too.
 */
export function trainingRows(fold: Fold, touchIndex: Int32Array, valid: Uint8Array, embargoBars: number): Int32Array {
  if (!Number.isInteger(embargoBars) || embargoBars < 0) throw new RangeError(`embargoBars must be an integer >= 0, got ${embargoBars}`);
  if (touchIndex.length !== valid.length) throw new RangeError(`touchIndex has ${touchIndex.length} rows, valid ${valid.length}`);
  const { trainStart, trainEnd, testStart, testEnd } = fold;
  if (trainStart < 0 || trainEnd > valid.length || trainStart > trainEnd) {
    throw new RangeError(`fold ${fold.index} trains on [${trainStart}, ${trainEnd}), outside the ${valid.length} labelled rows`);
  }
  const blockedEnd = testEnd + embargoBars; // exclusive
  const out = new Int32Array(trainEnd - trainStart);
  let count = 0;
  for (let t = trainStart; t < trainEnd; t++) {
    const touch = touchIndex[t];
    if (valid[t] !== 1 || touch < t) continue;
    if (t < blockedEnd && touch >= testStart) continue; // [t, touch] ∩ [testStart, blockedEnd) ≠ ∅
    out[count++] = t;
  }
  return out.slice(0, count);
}

/** Rows of the test window with a label to score against. */
export function testRows(fold: Fold, valid: Uint8Array): Int32Array {
  const out = new Int32Array(Math.max(0, fold.testEnd - fold.testStart));
  let count = 0;
  for (let t = fold.testStart; t < fold.testEnd && t < valid.length; t++) if (valid[t] === 1) out[count++] = t;
  return out.slice(0, count);
}
