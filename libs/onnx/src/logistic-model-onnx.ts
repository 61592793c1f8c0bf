import { LinearProbabilityModel, validateLinearProbabilityModel } from './linear-probability-model';
import { castNode, doubleTensor, ElemType, encodeModel, node, tensorValueInfo } from './onnx-proto-builders';

export type { LinearProbabilityModel } from './linear-probability-model';

/** Fixed producer identity: part of the bytes, so it never carries a build time or host. */
export const ARES_PRODUCER_NAME = 'ares';
/** Bump when the exported graph layout changes. */
export const LOGISTIC_EXPORT_VERSION = '1';

export const FEATURES_INPUT = 'features';
export const PROBABILITY_OUTPUT = 'probability';
/** metadata_props key holding the feature names as a JSON array (the column order of `features`). */
export const FEATURES_METADATA_KEY = 'ares.features';
export const MODEL_KIND_METADATA_KEY = 'ares.model-kind';
export const LOGISTIC_MODEL_KIND = 'logistic-regression';

export interface LogisticExportOptions {
  /** ONNX model_version (a non-negative integer); default 1. */
  modelVersion?: number;
  docString?: string;
  /** producer_version; default LOGISTIC_EXPORT_VERSION. */
  producerVersion?: string;
}

/**
 * One ONNX graph: features float32 [N, F] → probability float32 [N, 1].
 *
 * The input is float32 (what serving feeds), but the graph casts it to float64 at once and does
 * Sub(mean) → Div(scale) → MatMul(weights) → Add(intercept) → Sigmoid in float64 before casting
 * back. Keeping mean/scale in float64 matters: a price-like mean of 1e4 rounded to float32 moves
 * by up to 5e-4, i.e. a constant 1e-5 bias in the standardised value when scale is 50. The only
 * rounding left is the float32 input itself and the float32 output.
 */
export function exportLogisticModelToOnnx(model: LinearProbabilityModel, options: LogisticExportOptions = {}): Uint8Array {
  const f = validateLinearProbabilityModel(model);
  const modelVersion = options.modelVersion ?? 1;
  if (!Number.isSafeInteger(modelVersion) || modelVersion < 0) {
    throw new Error(`options.modelVersion must be a non-negative integer, got ${modelVersion}`);
  }
  const graph = {
    name: 'ares_logistic',
    node: [
      castNode('cast_features', FEATURES_INPUT, 'features_f64', ElemType.DOUBLE),
      node('Sub', 'centre', ['features_f64', 'mean'], ['centred']),
      node('Div', 'standardise', ['centred', 'scale'], ['standardised']),
      node('MatMul', 'linear', ['standardised', 'weights'], ['linear']),
      node('Add', 'add_intercept', ['linear', 'intercept'], ['logit']),
      node('Sigmoid', 'sigmoid', ['logit'], ['probability_f64']),
      castNode('cast_probability', 'probability_f64', PROBABILITY_OUTPUT, ElemType.FLOAT),
    ],
    initializer: [
      doubleTensor('mean', [f], model.mean),
      doubleTensor('scale', [f], model.scale),
      doubleTensor('weights', [f, 1], model.weights),
      doubleTensor('intercept', [1], [model.intercept]),
    ],
    input: [tensorValueInfo(FEATURES_INPUT, ElemType.FLOAT, ['N', f])],
    output: [tensorValueInfo(PROBABILITY_OUTPUT, ElemType.FLOAT, ['N', 1])],
  };
  return encodeModel({
    graph,
    producerName: ARES_PRODUCER_NAME,
    producerVersion: options.producerVersion ?? LOGISTIC_EXPORT_VERSION,
    modelVersion,
    docString: options.docString ?? '',
    metadata: [
      [FEATURES_METADATA_KEY, JSON.stringify(model.featureNames)],
      [MODEL_KIND_METADATA_KEY, LOGISTIC_MODEL_KIND],
    ],
  });
}
