import { applyBins, fitBinEdges } from '../binning/quantile-binner';
import { featureImportance } from '../importance';
import { GbdtModelJson, TreeJson } from '../model/gbdt-model';
import { classWeights, rowWeights } from '../objective/class-weights';
import { createObjective } from '../objective/create-objective';
import { FeatureColumns, addTreeRaw, packRows } from '../predict/gbdt-predictor';
import { mulberry32, sampleWithoutReplacement } from '../random/seeded-random';
import { GrownTree, TreeLearner } from '../tree/tree-learner';
import { GbdtParams, resolveParams } from './gbdt-params';

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
 * Gradient boosting (LightGBM's GBDT loop): bin once, then each round compute gradients,
 * sample rows and features from one seeded stream, grow one tree per output, and update the
 * training scores by walking the new tree over the bins. Same data + params + seed ⇒ same JSON.
 */
export function trainGbdt(data: GbdtTrainingData, params: GbdtParams, validation?: GbdtValidationData): GbdtModelJson {
  const p = resolveParams(params);
  const F = data.columns.length;
  if (F === 0 || data.featureNames.length !== F) throw new RangeError('featureNames must name every column (at least one)');
  const rows = data.rows;
  const n = rows ? rows.length : data.label.length;
  if (n === 0) throw new RangeError('no training rows');
  const label = gather(data.label, rows);
  const numClass = p.objective === 'multiclass' ? (p.numClass ?? maxLabel(label) + 1) : 1;
  checkLabels(label, p.objective, numClass);
  const objective = createObjective(p.objective, numClass);
  const K = objective.numOutputs;
  const nLabelClasses = p.objective === 'regression' ? 0 : Math.max(2, numClass);
  const perClass = p.classWeight && nLabelClasses ? classWeights(label, nLabelClasses, p.classWeight) : undefined;
  const weight = rowWeights(label, data.weight ? gather(data.weight, rows) : undefined, perClass);

  const edges = fitBinEdges(data.columns, rows, { maxBins: p.maxBins, seed: p.seed });
  const bins = applyBins(data.columns, rows, edges);
  const learner = new TreeLearner(bins, edges, n, p, p.numThreads);
  try {
    return boost();
  } finally {
    learner.close();
  }

  // Boosting runs inside try/finally so worker threads stop even when training throws.
  function boost(): GbdtModelJson {
    const baseScore = objective.baseScore(label, weight);
    const scores = new Float64Array(n * K);
    for (let k = 0; k < K; k++) scores.fill(baseScore[k], k * n, (k + 1) * n);
    const grad = new Float64Array(n * K),
      hess = new Float64Array(n * K);
    const rowIdx = new Int32Array(n);
    const rng = mulberry32(p.seed);

    const nv = validation ? (validation.rows ? validation.rows.length : validation.label.length) : 0;
    const valLabel = validation ? gather(validation.label, validation.rows) : undefined;
    const valRows = validation ? packRows(validation.columns, validation.rows) : undefined;
    const valRaw = new Float64Array(nv * K);
    for (let i = 0; i < nv; i++) for (let k = 0; k < K; k++) valRaw[i * K + k] = baseScore[k];
    const earlyStopping = validation && p.earlyStoppingRounds !== undefined && nv > 0;
    let bestLoss = Infinity,
      bestRound = 0;

    const grown: GrownTree[] = [];
    const numSampledFeatures = Math.max(1, Math.round(p.colsampleByTree * F));
    for (let round = 0; round < p.nEstimators; round++) {
      objective.gradients(scores, label, weight, grad, hess);
      const numUsed = sampleRows(rowIdx, n, p.subsample, rng);
      for (let k = 0; k < K; k++) {
        const features = numSampledFeatures < F ? sampleWithoutReplacement(F, numSampledFeatures, rng) : allIndices(F);
        const tree = learner.grow(grad.subarray(k * n, (k + 1) * n), hess.subarray(k * n, (k + 1) * n), rowIdx, numUsed, features, k);
        grown.push(tree);
        if (numUsed === n) learner.addToScores(tree, scores.subarray(k * n, (k + 1) * n));
        else addTreeBinned(tree, bins, scores.subarray(k * n, (k + 1) * n));
        if (valRows) addTreeRaw(tree.json, valRows, valRaw, K);
      }
      if (earlyStopping) {
        const loss = objective.loss(valRaw, valLabel!, nv);
        if (loss < bestLoss) {
          bestLoss = loss;
          bestRound = round + 1;
        } else if (round + 1 - bestRound >= p.earlyStoppingRounds!) break;
      }
    }

    const kept = earlyStopping ? grown.slice(0, bestRound * K) : grown;
    const model: GbdtModelJson = {
      format: 'ares-gbdt',
      version: 1,
      objective: p.objective,
      numClass: K,
      featureNames: [...data.featureNames],
      baseScore,
      trees: kept.map((t): TreeJson => t.json),
      featureImportance: featureImportance(
        kept.map((t) => ({ feature: t.json.feature, gain: t.gain })),
        F,
      ),
    };
    if (earlyStopping) model.bestIteration = bestRound;
    return model;
  }
}

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
