import { applyBins, fitBinEdges } from '../binning/quantile-binner';
import { featureImportance } from '../importance';
import { GbdtModelJson, TreeJson } from '../model/gbdt-model';
import { classWeights, rowWeights } from '../objective/class-weights';
import { createObjective } from '../objective/create-objective';
import { Objective } from '../objective/objective';
import { FeatureColumns, addTreeRaw, packRows, PackedRows } from '../predict/gbdt-predictor';
import { mulberry32, sampleWithoutReplacement } from '../random/seeded-random';
import { GrownTree, TreeLearner } from '../tree/tree-learner';
import { GbdtParams, ResolvedGbdtParams, resolveParams } from './gbdt-params';

export interface GbdtTrainingData {
  /** Column-major features: columns[f][row]. */
  columns: FeatureColumns;
  featureNames: string[];
  label: Float64Array;
  /** Rows of columns/label/weight to train on (default: all). */
  rows?: Int32Array;
  weight?: Float64Array;
}

export interface GbdtValidationData {
  columns: FeatureColumns;
  label: Float64Array;
  rows?: Int32Array;
}

/**
 * Gradient boosting (LightGBM's GBDT loop) that can be paused between rounds: bin once, then each round compute
 * gradients, sample rows and features from one seeded stream, grow one tree per output, and update the training
 * scores by walking the new tree over the bins. Rounds draw from the stream in order, so advancing to r rounds and
 * later to R gives the first R trees of a model trained for R rounds at once — what a pruner stepping through
 * boosting rounds (several folds in lockstep) relies on. Same data + params + seed ⇒ same trees.
 */
export class BoostingSession {
  private readonly p: ResolvedGbdtParams;
  private readonly objective: Objective;
  private readonly numOutputs: number;
  private readonly n: number;
  private readonly label: Float64Array;
  private readonly weight: Float64Array;
  private readonly bins: Uint8Array[];
  private readonly learner: TreeLearner;
  private readonly baseScore: number[];
  private readonly scores: Float64Array;
  private readonly grad: Float64Array;
  private readonly hess: Float64Array;
  private readonly rowIdx: Int32Array;
  private readonly rng: () => number;
  private readonly numSampledFeatures: number;
  private readonly grown: GrownTree[] = [];
  private readonly validation?: { rows: PackedRows; label: Float64Array; raw: Float64Array; count: number };
  private readonly rf: boolean;
  /** Random forest: the gradients at the base score, which every tree's bootstrap reweights. */
  private baseGrad?: Float64Array;
  private baseHess?: Float64Array;
  private bestLoss = Infinity;
  private bestRound = 0;
  private stopped = false;
  private closed = false;

  constructor(
    private readonly data: GbdtTrainingData,
    params: GbdtParams,
    validation?: GbdtValidationData,
  ) {
    const p = resolveParams(params);
    this.p = p;
    const F = data.columns.length;
    if (F === 0 || data.featureNames.length !== F) throw new RangeError('featureNames must name every column (at least one)');
    const rows = data.rows;
    const n = rows ? rows.length : data.label.length;
    if (n === 0) throw new RangeError('no training rows');
    this.n = n;
    const label = gather(data.label, rows);
    this.label = label;
    const numClass = p.objective === 'multiclass' ? (p.numClass ?? maxLabel(label) + 1) : 1;
    checkLabels(label, p.objective, numClass);
    this.objective = createObjective(p.objective, numClass);
    const K = this.objective.numOutputs;
    this.numOutputs = K;
    const nLabelClasses = p.objective === 'regression' ? 0 : Math.max(2, numClass);
    const perClass = p.classWeight && nLabelClasses ? classWeights(label, nLabelClasses, p.classWeight) : undefined;
    this.weight = rowWeights(label, data.weight ? gather(data.weight, rows) : undefined, perClass);

    const edges = fitBinEdges(data.columns, rows, { maxBins: p.maxBins, seed: p.seed });
    this.bins = applyBins(data.columns, rows, edges);
    this.rf = p.boosting === 'rf';
    // A forest's trees are averaged, not shrunk: each is grown at full step and scaled by 1/trees in model().
    this.learner = new TreeLearner(this.bins, edges, n, this.rf ? { ...p, learningRate: 1 } : p, p.numThreads);

    this.baseScore = this.objective.baseScore(label, this.weight);
    this.scores = new Float64Array(n * K);
    for (let k = 0; k < K; k++) this.scores.fill(this.baseScore[k], k * n, (k + 1) * n);
    this.grad = new Float64Array(n * K);
    this.hess = new Float64Array(n * K);
    this.rowIdx = new Int32Array(n);
    this.rng = mulberry32(p.seed);
    this.numSampledFeatures = Math.max(1, Math.round(p.colsampleByTree * F));
    if (validation) {
      const count = validation.rows ? validation.rows.length : validation.label.length;
      const raw = new Float64Array(count * K);
      for (let i = 0; i < count; i++) for (let k = 0; k < K; k++) raw[i * K + k] = this.baseScore[k];
      this.validation = { rows: packRows(validation.columns, validation.rows), label: gather(validation.label, validation.rows), raw, count };
    }
  }

  /** Boosting rounds done so far. */
  get rounds(): number {
    return this.grown.length / this.numOutputs;
  }

  /** True once early stopping ended the boosting (later `advanceTo` calls do nothing). */
  get stoppedEarly(): boolean {
    return this.stopped;
  }

  /** Grows trees until `rounds` rounds are done (or early stopping ends the boosting). */
  advanceTo(rounds: number): void {
    if (this.closed) throw new Error('the boosting session is closed');
    const { p, n, numOutputs: K, objective, learner, scores, grad, hess, rowIdx, bins } = this;
    const F = this.data.columns.length;
    const earlyStopping = this.validation !== undefined && p.earlyStoppingRounds !== undefined && this.validation.count > 0;
    while (!this.stopped && this.rounds < rounds) {
      const round = this.rounds;
      let numUsed: number;
      if (this.rf) {
        if (!this.baseGrad) {
          this.baseGrad = new Float64Array(grad.length);
          this.baseHess = new Float64Array(hess.length);
          objective.gradients(scores, this.label, this.weight, this.baseGrad, this.baseHess);
        }
        numUsed = poissonBootstrap(rowIdx, n, K, this.baseGrad, this.baseHess!, grad, hess, this.rng);
      } else {
        objective.gradients(scores, this.label, this.weight, grad, hess);
        numUsed = sampleRows(rowIdx, n, p.subsample, this.rng);
      }
      for (let k = 0; k < K; k++) {
        const features = this.numSampledFeatures < F ? sampleWithoutReplacement(F, this.numSampledFeatures, this.rng) : allIndices(F);
        const tree = learner.grow(grad.subarray(k * n, (k + 1) * n), hess.subarray(k * n, (k + 1) * n), rowIdx, numUsed, features, k);
        this.grown.push(tree);
        if (this.rf) continue; // a forest's trees all fit the base score's gradients: scores never move
        if (numUsed === n) learner.addToScores(tree, scores.subarray(k * n, (k + 1) * n));
        else addTreeBinned(tree, bins, scores.subarray(k * n, (k + 1) * n));
        if (this.validation) addTreeRaw(tree.json, this.validation.rows, this.validation.raw, K);
      }
      if (earlyStopping) {
        const loss = objective.loss(this.validation!.raw, this.validation!.label, this.validation!.count);
        if (loss < this.bestLoss) {
          this.bestLoss = loss;
          this.bestRound = round + 1;
        } else if (round + 1 - this.bestRound >= p.earlyStoppingRounds!) this.stopped = true;
      }
    }
  }

  /** The model of the rounds done so far (early stopping: of the best round). */
  model(): GbdtModelJson {
    const K = this.numOutputs;
    const earlyStopping = this.validation !== undefined && this.p.earlyStoppingRounds !== undefined && this.validation.count > 0;
    const kept = earlyStopping ? this.grown.slice(0, this.bestRound * K) : this.grown;
    const model: GbdtModelJson = {
      format: 'ares-gbdt',
      version: 1,
      objective: this.p.objective,
      numClass: K,
      featureNames: [...this.data.featureNames],
      baseScore: this.baseScore,
      trees: kept.map((t): TreeJson => (this.rf ? averaged(t.json, kept.length / K) : t.json)),
      featureImportance: featureImportance(
        kept.map((t) => ({ feature: t.json.feature, gain: t.gain })),
        this.data.columns.length,
      ),
    };
    if (earlyStopping) model.bestIteration = this.bestRound;
    return model;
  }

  /** Stops the learner's worker threads; the session cannot advance afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.learner.close();
  }
}

/** A forest's tree: its leaf values divided by the number of trees per output, so the model's sum is their mean. */
function averaged(tree: TreeJson, trees: number): TreeJson {
  return { ...tree, value: tree.value.map((value) => value / trees) };
}

/**
 * Poisson(1) bootstrap (Oza's online bagging): each row is drawn c ~ Poisson(1) times, its gradient and hessian
 * weighted by c; rows drawn zero times are left out. The usual bootstrap's counts are Binomial(n, 1/n) ≈ Poisson(1),
 * and weights need no duplicated rows in the learner. Returns how many rows are used.
 */
function poissonBootstrap(
  rowIdx: Int32Array,
  n: number,
  outputs: number,
  baseGrad: Float64Array,
  baseHess: Float64Array,
  grad: Float64Array,
  hess: Float64Array,
  rng: () => number,
): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let product = rng(); product > EXP_MINUS_ONE; product *= rng()) count++;
    for (let k = 0; k < outputs; k++) {
      grad[k * n + i] = baseGrad[k * n + i] * count;
      hess[k * n + i] = baseHess[k * n + i] * count;
    }
    if (count > 0) rowIdx[m++] = i;
  }
  return m;
}
const EXP_MINUS_ONE = Math.exp(-1);

/** Bernoulli row sampling (ascending order keeps memory access sequential); all rows when subsample = 1. */
function sampleRows(rowIdx: Int32Array, n: number, subsample: number, rng: () => number): number {
  if (subsample >= 1) {
    for (let i = 0; i < n; i++) rowIdx[i] = i;
    return n;
  }
  let m = 0;
  for (let i = 0; i < n; i++) if (rng() < subsample) rowIdx[m++] = i;
  if (m === 0) rowIdx[m++] = Math.floor(rng() * n);
  return m;
}

function allIndices(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}

/** Training scores follow the bin routing the learner used (identical to the float thresholds). */
function addTreeBinned(tree: GrownTree, bins: Uint8Array[], scores: Float64Array): void {
  const { feature, left, right, defaultLeft, value } = tree.json;
  const thr = tree.binThreshold;
  for (let i = 0; i < scores.length; i++) {
    let node = 0;
    while (feature[node] >= 0) {
      const b = bins[feature[node]][i];
      node = (b === 0 ? defaultLeft[node] : b <= thr[node]) ? left[node] : right[node];
    }
    scores[i] += value[node];
  }
}

function gather(values: Float64Array, rows: Int32Array | undefined): Float64Array {
  if (!rows) return values;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]];
  return out;
}

function maxLabel(label: Float64Array): number {
  let m = 0;
  for (let i = 0; i < label.length; i++) if (label[i] > m) m = label[i];
  return m;
}

function checkLabels(label: Float64Array, objective: string, numClass: number): void {
  for (let i = 0; i < label.length; i++) {
    const y = label[i];
    const ok =
      objective === 'regression' ? Number.isFinite(y) : objective === 'binary' ? y === 0 || y === 1 : Number.isInteger(y) && y >= 0 && y < numClass;
    if (!ok) throw new RangeError(`invalid ${objective} label ${y} at row ${i}`);
  }
}
