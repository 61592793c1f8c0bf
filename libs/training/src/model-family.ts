import { RunSpec, TrainStageParams } from '@ares/contracts';
import { GbdtParams, predictProba, trainGbdt } from '@ares/gbdt';
import { exportGbdtToOnnx } from '@ares/gbdt-onnx';
import { LogisticModel } from '@ares/ml';
import { exportLogisticModelToOnnx } from '@ares/onnx';
import { fitBaselineModel, predictBaseline } from './baseline-model';
import { ModelInputs } from './model-inputs';

/** A fitted model of any family: its in-process probabilities, its ONNX form, and a card that describes it. */
export interface FittedModel {
  readonly family: RunSpec['model'];
  /** P(take-profit first) for `rows`. */
  predict(inputs: ModelInputs, rows: Int32Array): Float64Array;
  toOnnx(): Uint8Array;
  card(): Record<string, unknown>;
}

/**
 * Fits the RunSpec's model family on `rows`: the logistic baseline, or gradient-boosted trees (deterministic
 * for a given seed). Both predict the same binary target and export to ONNX with a `probability` output first.
 */
export function fitModel(
  family: RunSpec['model'],
  seed: number,
  inputs: ModelInputs,
  target: Uint8Array,
  rows: Int32Array,
  params: TrainStageParams,
): FittedModel {
  return family === 'gbdt' ? fitGbdt(seed, inputs, target, rows, params) : fitLogistic(inputs, target, rows, params);
}

function fitLogistic(inputs: ModelInputs, target: Uint8Array, rows: Int32Array, params: TrainStageParams): FittedModel {
  const model: LogisticModel = fitBaselineModel(inputs, target, rows, params);
  return {
    family: 'logistic',
    predict: (data, at) => predictBaseline(model, data, at),
    toOnnx: () => exportLogisticModelToOnnx(model),
    card: () => ({
      kind: 'logistic-regression',
      features: model.featureNames,
      mean: Array.from(model.mean),
      scale: Array.from(model.scale),
      weights: Array.from(model.weights),
      intercept: model.intercept,
      iterations: model.iterations,
      converged: model.converged,
      l2: params.l2,
    }),
  };
}

function fitGbdt(seed: number, inputs: ModelInputs, target: Uint8Array, rows: Int32Array, params: TrainStageParams): FittedModel {
  let positives = 0;
  for (const row of rows) positives += target[row];
  if (positives === 0 || positives === rows.length)
    throw new Error(`the ${rows.length} training rows hold only class ${positives === 0 ? 0 : 1}; both classes are needed`);
  const model = trainGbdt(
    { columns: inputs.columns, featureNames: inputs.featureNames, label: Float64Array.from(target), rows },
    gbdtParamsOf(params, seed),
  );
  return {
    family: 'gbdt',
    predict: (data, at) => predictProba(model, data.columns, at),
    toOnnx: () => exportGbdtToOnnx(model),
    card: () => ({
      kind: 'gbdt',
      trees: model.trees.length,
      features: model.featureNames,
      params: params.gbdt,
      featureImportance: model.featureImportance,
    }),
  };
}

/** The booster's settings for the train stage's params: binary objective, the RunSpec's seed. */
export function gbdtParamsOf(params: TrainStageParams, seed: number): GbdtParams {
  const g = params.gbdt;
  return {
    objective: 'binary',
    nEstimators: g.nEstimators,
    learningRate: g.learningRate,
    maxDepth: g.maxDepth,
    maxLeaves: g.maxLeaves,
    minDataInLeaf: g.minDataInLeaf,
    minChildWeight: g.minChildWeight,
    lambda: g.lambda,
    subsample: g.subsample,
    colsampleByTree: g.colsampleByTree,
    maxBins: g.maxBins,
    seed,
    classWeight: params.classWeight === 'balanced' ? 'balanced' : undefined,
  };
}
