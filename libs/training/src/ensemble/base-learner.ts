import { GbdtParams, predictRaw, trainGbdt } from '@ares/gbdt';
import type { BaseLearnerSpec } from '@ares/gbdt-onnx';
import { fitLogisticRegression, LogisticModel } from '@ares/ml';
import { ModelInputs } from '../model-inputs';

/** One member of an ensemble: trees (boosted or a random forest) or the logistic baseline, fitted once per side. */
export type BaseLearnerConfig =
  { name: string; kind: 'trees'; params: GbdtParams } | { name: string; kind: 'logistic'; l2: number; classWeight: 'balanced' | 'none' };

/** A fitted base learner: its graph node and its in-process logits (the margin a stacking layer reads). */
export interface FittedBaseLearner {
  spec: BaseLearnerSpec;
  logits(columns: Float64Array[], rows: Int32Array): Float64Array;
}

// Builtins bound once: a global lookup per row is slow inside a vm context (Jest's runs every spec in one).
const { isFinite } = Number;

/** The training rows of a member hold one class only: nothing to learn (the caller says where, and what to change). */
export class OneClassTrainingError extends Error {
  constructor(
    readonly member: string,
    rows: number,
    readonly onlyClass: 0 | 1,
  ) {
    super(`the ${rows} training rows of ${member} hold only class ${onlyClass}; both classes are needed`);
    this.name = 'OneClassTrainingError';
  }
}

/** Fits `config` on `rows` of `target`; throws OneClassTrainingError when the rows hold one class only. */
export function fitBaseLearner(
  config: BaseLearnerConfig,
  name: string,
  inputs: ModelInputs,
  target: Uint8Array,
  rows: Int32Array,
): FittedBaseLearner {
  let positives = 0;
  for (let i = 0; i < rows.length; i++) positives += target[rows[i]];
  if (positives === 0 || positives === rows.length) {
    throw new OneClassTrainingError(name, rows.length, positives === 0 ? 0 : 1);
  }
  if (config.kind === 'trees') {
    const model = trainGbdt({ columns: inputs.columns, featureNames: inputs.featureNames, label: Float64Array.from(target), rows }, config.params);
    return { spec: { name, kind: 'trees', model }, logits: (columns, at) => predictRaw(model, columns, at) };
  }
  const model = fitLogisticRegression(inputs.columns, inputs.featureNames, target, rows, { l2: config.l2, classWeight: config.classWeight });
  return { spec: { name, kind: 'linear', model }, logits: (columns, at) => linearLogits(model, columns, at) };
}

/** A learner back from its graph node (e.g. decoded from an artifact). */
export function fittedFromSpec(spec: BaseLearnerSpec): FittedBaseLearner {
  if (spec.kind === 'trees') return { spec, logits: (columns, at) => predictRaw(spec.model, columns, at) };
  const model = spec.model;
  return { spec, logits: (columns, at) => linearLogits(model, columns, at) };
}

/** w · (x − mean) / scale + intercept for `rows`. */
export function linearLogits(
  model: Pick<LogisticModel, 'mean' | 'scale' | 'weights' | 'intercept'>,
  columns: Float64Array[],
  rows: Int32Array,
): Float64Array {
  const out = new Float64Array(rows.length);
  const { mean, scale, weights, intercept } = model;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    let z = intercept;
    for (let j = 0; j < columns.length; j++) z += weights[j] * ((columns[j][row] - mean[j]) / scale[j]);
    if (!isFinite(z)) throw new Error(`the logistic learner's logit is not finite at row ${row}`);
    out[i] = z;
  }
  return out;
}
