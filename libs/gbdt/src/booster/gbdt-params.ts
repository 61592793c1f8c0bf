import { GbdtObjective } from '../model/gbdt-model';
import { ClassWeightSpec } from '../objective/class-weights';

/** Training parameters; names and defaults follow XGBoost/LightGBM where they overlap. */
export interface GbdtParams {
  objective: GbdtObjective;
  /** Multiclass only: number of classes (default: max label + 1). */
  numClass?: number;
  nEstimators?: number;
  learningRate?: number;
  /** Root has depth 0; maxDepth 6 allows 2^6 leaves (capped by maxLeaves). */
  maxDepth?: number;
  maxLeaves?: number;
  minChildWeight?: number;
  minDataInLeaf?: number;
  lambda?: number;
  minSplitGain?: number;
  /** Fraction of rows sampled (without replacement) per boosting round. */
  subsample?: number;
  /** Fraction of features sampled per tree. */
  colsampleByTree?: number;
  /** Bins per feature including the NaN bin; ≤ 256. */
  maxBins?: number;
  /** Stop when the validation metric has not improved for this many rounds. */
  earlyStoppingRounds?: number;
  seed?: number;
  classWeight?: ClassWeightSpec;
  /** Threads for histogram building (worker_threads); the model is identical at any count. */
  numThreads?: number;
  /**
   * 'gbdt': gradient boosting. 'rf': a random forest in the same machinery (LightGBM's rf mode): every tree is fitted
   * to the gradients at the base score on a Poisson(1) bootstrap of the rows, without shrinkage, and the trees are
   * averaged — decorrelated from a boosted model, for ensembles. `subsample` and early stopping do not apply.
   */
  boosting?: 'gbdt' | 'rf';
}

export type ResolvedGbdtParams = Required<Omit<GbdtParams, 'numClass' | 'earlyStoppingRounds' | 'classWeight'>> &
  Pick<GbdtParams, 'numClass' | 'earlyStoppingRounds' | 'classWeight'>;

export const GBDT_DEFAULTS = {
  nEstimators: 100,
  learningRate: 0.1,
  maxDepth: 6,
  maxLeaves: 31,
  minChildWeight: 1,
  minDataInLeaf: 20,
  lambda: 1,
  minSplitGain: 0,
  subsample: 1,
  colsampleByTree: 1,
  maxBins: 256,
  seed: 42,
  numThreads: 1,
  boosting: 'gbdt',
} as const;

export function resolveParams(p: GbdtParams): ResolvedGbdtParams {
  const r: ResolvedGbdtParams = { ...GBDT_DEFAULTS, ...stripUndefined(p) } as ResolvedGbdtParams;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new RangeError(`invalid GBDT parameter: ${what}`);
  };
  check(Number.isInteger(r.nEstimators) && r.nEstimators >= 1, `nEstimators=${r.nEstimators}`);
  check(r.learningRate > 0, `learningRate=${r.learningRate}`);
  check(r.boosting === 'gbdt' || r.boosting === 'rf', `boosting=${String(r.boosting)}`);
  check(!(r.boosting === 'rf' && r.earlyStoppingRounds !== undefined), 'early stopping does not apply to a random forest');
  check(Number.isInteger(r.maxDepth) && r.maxDepth >= 1, `maxDepth=${r.maxDepth}`);
  check(Number.isInteger(r.maxLeaves) && r.maxLeaves >= 2, `maxLeaves=${r.maxLeaves}`);
  check(r.minChildWeight >= 0 && r.minDataInLeaf >= 1 && r.lambda >= 0 && r.minSplitGain >= 0, 'regularisation');
  check(r.subsample > 0 && r.subsample <= 1, `subsample=${r.subsample}`);
  check(r.colsampleByTree > 0 && r.colsampleByTree <= 1, `colsampleByTree=${r.colsampleByTree}`);
  check(Number.isInteger(r.maxBins) && r.maxBins >= 3 && r.maxBins <= 256, `maxBins=${r.maxBins}`);
  check(Number.isInteger(r.numThreads) && r.numThreads >= 1, `numThreads=${r.numThreads}`);
  check(r.earlyStoppingRounds === undefined || (Number.isInteger(r.earlyStoppingRounds) && r.earlyStoppingRounds >= 1), 'earlyStoppingRounds');
  return r;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
