import { arraySplitStarts } from './array-split';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { isInteger } = Number;

/** One train/test split of rows 0..observations − 1; both row lists ascending. */
export interface PurgedSplit {
  train: Int32Array;
  test: Int32Array;
  /** The groups whose rows make up `test`, ascending. */
  testGroups: number[];
}

export interface PurgedSplits {
  splits: PurgedSplit[];
  /** paths[p][g]: the index (into `splits`) of the split whose test set supplies group g to backtest path p. */
  paths: number[][];
}

export interface CombinatorialPurgedInput {
  /** Rows, oldest first: an integer ≥ groups. */
  observations: number;
  /** N, the contiguous groups the rows are cut into (≥ 2). */
  groups: number;
  /** k, the groups each split tests on (1 ≤ k < N). */
  testGroups: number;
  /** labelEnd[i]: the last row label i depends on (an integer ≥ i, possibly past the last row). */
  labelEnd: ArrayLike<number>;
  /** Rows after each test span dropped from training (an integer ≥ 0; default 0). */
  embargo?: number;
}

function requireInteger(name: string, value: number, min: number, max = Infinity): void {
  if (!isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `≥ ${min}` : `in ${min}..${max}`;
    throw new RangeError(`${name} must be an integer ${range}, got ${value}`);
  }
}

/** C(n, k) exactly for the sizes splits come in (each partial product is itself a binomial coefficient). */
function binomial(n: number, k: number): number {
  let c = 1;
  for (let j = 1; j <= k; j++) c = (c * (n - k + j)) / j;
  return c;
}

/**
 * Combinatorial purged cross-validation (López de Prado, Advances in Financial Machine Learning, ch. 7 and 12).
 * The rows are cut into `groups` contiguous groups sized like numpy.array_split (the first observations mod groups
 * groups one row longer); every choice of `testGroups` groups, in lexicographic order, is one split testing on
 * those groups' rows. Test group g spans [its first row, the largest labelEnd of its rows]. A training row i is
 * purged when [i, labelEnd[i]] intersects a test span (touching counts: labels that share a row overlap), and the
 * `embargo` rows after each span's end are dropped too, since features there may still carry the test labels.
 *
 * Each group is tested by C(groups − 1, testGroups − 1) splits; the k-th of them in split order feeds backtest
 * path k, so the (testGroups / groups)·C(groups, testGroups) paths each cover every group exactly once.
 */
export function combinatorialPurgedSplits({ observations, groups, testGroups, labelEnd, embargo = 0 }: CombinatorialPurgedInput): PurgedSplits {
  requireInteger('observations', observations, 1);
  requireInteger('groups', groups, 2, observations);
  requireInteger('testGroups', testGroups, 1, groups - 1);
  requireInteger('embargo', embargo, 0);
  if (!labelEnd || labelEnd.length !== observations) {
    throw new RangeError(`labelEnd must have one entry per observation (${observations}), got ${labelEnd?.length}`);
  }
  for (let i = 0; i < observations; i++) {
    const end = labelEnd[i];
    if (!isInteger(end) || end < i) throw new RangeError(`labelEnd[${i}] must be an integer ≥ ${i}, got ${end}`);
  }

  // Group g covers rows [start[g], start[g + 1]); its test span ends at spanEnd[g].
  const start = arraySplitStarts(observations, groups);
  const spanEnd = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    let end = -1;
    for (let i = start[g]; i < start[g + 1]; i++) if (labelEnd[i] > end) end = labelEnd[i];
    spanEnd[g] = end;
  }

  const splits: PurgedSplit[] = [];
  const chosen = Array.from({ length: testGroups }, (_, j) => j);
  const excluded = new Uint8Array(observations);
  for (;;) {
    excluded.fill(0);
    let testRows = 0;
    for (const g of chosen) {
      testRows += start[g + 1] - start[g];
      excluded.fill(1, start[g], start[g + 1]);
      const first = start[g];
      const last = spanEnd[g];
      // Rows that start inside the span overlap it whatever their label; earlier rows overlap when their label reaches it.
      for (let i = 0; i < first; i++) if (labelEnd[i] >= first) excluded[i] = 1;
      excluded.fill(1, start[g + 1], Math.min(observations, last + 1 + embargo));
    }
    const test = new Int32Array(testRows);
    const train = new Int32Array(observations - testRows);
    let t = 0;
    for (const g of chosen) for (let i = start[g]; i < start[g + 1]; i++) test[t++] = i;
    let r = 0;
    for (let i = 0; i < observations; i++) if (excluded[i] === 0) train[r++] = i;
    splits.push({ train: train.slice(0, r), test, testGroups: chosen.slice() });

    let i = testGroups - 1;
    while (i >= 0 && chosen[i] === groups - testGroups + i) i--;
    if (i < 0) break;
    chosen[i]++;
    for (let j = i + 1; j < testGroups; j++) chosen[j] = chosen[j - 1] + 1;
  }

  const pathCount = binomial(groups - 1, testGroups - 1);
  const paths = Array.from({ length: pathCount }, () => new Array<number>(groups).fill(-1));
  const seen = new Int32Array(groups);
  splits.forEach((split, s) => {
    for (const g of split.testGroups) paths[seen[g]++][g] = s;
  });
  return { splits, paths };
}
