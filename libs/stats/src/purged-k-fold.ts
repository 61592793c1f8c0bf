import { combinatorialPurgedSplits, PurgedSplits } from './combinatorial-purged-splits';

export interface PurgedKFoldInput {
  /** Rows, oldest first: an integer ≥ folds. */
  observations: number;
  /** Contiguous folds (≥ 2), sized like numpy.array_split. */
  folds: number;
  /** labelEnd[i]: the last row label i depends on (an integer ≥ i, possibly past the last row). */
  labelEnd: ArrayLike<number>;
  /** Rows after each test span dropped from training (an integer ≥ 0; default 0). */
  embargo?: number;
}

/**
 * Purged k-fold cross-validation (AFML ch. 7): fold f tests on its own rows and trains on every other row whose
 * label interval does not touch the fold's span, minus the embargo after it. This is combinatorialPurgedSplits
 * with one test group per split: split f tests fold f, and the single path is [0, 1, …, folds − 1].
 */
export function purgedKFold({ observations, folds, labelEnd, embargo = 0 }: PurgedKFoldInput): PurgedSplits {
  // Checked here so the error names `folds`, not the `groups` it becomes.
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${folds}`);
  if (Number.isInteger(observations) && folds > observations) throw new RangeError(`folds (${folds}) must not exceed observations (${observations})`);
  return combinatorialPurgedSplits({ observations, groups: folds, testGroups: 1, labelEnd, embargo });
}
