import type { onnx } from 'onnx-proto';
import { ARES_PRODUCER_NAME, FEATURES_INPUT, FEATURES_METADATA_KEY, MODEL_KIND_METADATA_KEY } from '@ares/onnx';
import { ElemType, intAttribute, node, tensorValueInfo } from '@ares/onnx';
import type { GbdtModelJson } from '@ares/gbdt';
import { encodeMlModel, floatsAttribute, int64Tensor, intsAttribute, ONNX_ML_DOMAIN, stringAttribute } from './onnx-ml-builders';
import { FlatTrees, flattenTrees, needsSignGuard, signGuardTree } from './tree-ensemble-attributes';
import { validateGbdtModel } from './validate-gbdt-model';

/** Bump when the exported graph layout changes. */
export const GBDT_EXPORT_VERSION = '1';
/** Binary only: P(class 1) as [N, 1], first, so libs/onnx loadOnnxModel reads it directly. */
export const PROBABILITY_OUTPUT = 'probability';
/** Classifiers: per-class probabilities [N, K] (K = 2 for binary). */
export const PROBABILITIES_OUTPUT = 'probabilities';
/** Classifiers: the arg-max class as int64 [N]. */
export const LABEL_OUTPUT = 'label';
/** Regression: the prediction [N, 1]. */
export const VARIABLE_OUTPUT = 'variable';

export function gbdtModelKind(objective: GbdtModelJson['objective']): string {
  return `gbdt-${objective}`;
}

export interface GbdtExportOptions {
  /** ONNX model_version (a non-negative integer); default 1. */
  modelVersion?: number;
  docString?: string;
  /** producer_version; default GBDT_EXPORT_VERSION. */
  producerVersion?: string;
  /** Test-only: leave out the sign-guard tree, to demonstrate the onnxruntime quirk it avoids. */
  omitBinarySignGuard?: boolean;
}

/**
 * Export a GBDT model JSON as one flat ONNX graph over `features` float32 [N, F]:
 *  - binary: TreeEnsembleClassifier (class_ids all 0, labels [0, 1], ONE base value, LOGISTIC —
 *    the only binary layout onnxruntime applies the base value in) → label, probabilities [N, 2],
 *    plus `probability` = probabilities[:, 1:2], listed first;
 *  - multiclass: TreeEnsembleClassifier (class_ids = classIndex, base value per class, SOFTMAX);
 *  - regression: TreeEnsembleRegressor (1 target, SUM, base value, NONE) → variable [N, 1].
 * Every tree is exported (bestIteration is the trainer's business: it truncates `trees`).
 * Same JSON + options → same bytes.
 */
export function exportGbdtToOnnx(model: GbdtModelJson, options: GbdtExportOptions = {}): Uint8Array {
  const { featureCount, outputCount } = validateGbdtModel(model);
  const modelVersion = options.modelVersion ?? 1;
  if (!Number.isSafeInteger(modelVersion) || modelVersion < 0) {
    throw new Error(`options.modelVersion must be a non-negative integer, got ${modelVersion}`);
  }
  const input = tensorValueInfo(FEATURES_INPUT, ElemType.FLOAT, ['N', featureCount]);
  const graph: onnx.IGraphProto =
    model.objective === 'regression'
      ? regressionGraph(model)
      : model.objective === 'binary'
        ? binaryGraph(model, !options.omitBinarySignGuard)
        : multiclassGraph(model, outputCount);
  graph.input = [input];
  return encodeMlModel({
    graph,
    producerName: ARES_PRODUCER_NAME,
    producerVersion: options.producerVersion ?? GBDT_EXPORT_VERSION,
    modelVersion,
    docString: options.docString ?? '',
    metadata: [
      [FEATURES_METADATA_KEY, JSON.stringify(model.featureNames)],
      [MODEL_KIND_METADATA_KEY, gbdtModelKind(model.objective)],
    ],
  });
}

function binaryGraph(model: GbdtModelJson, guard: boolean): onnx.IGraphProto {
  const trees = guard && needsSignGuard(model.trees) ? [...model.trees, signGuardTree()] : model.trees;
  const classifier = classifierNode(flattenTrees(trees), [0, 1], model.baseScore, 'LOGISTIC');
  return {
    name: 'ares_gbdt_binary',
    node: [classifier, node('Slice', 'positive_class', [PROBABILITIES_OUTPUT, 'slice_start', 'slice_end', 'slice_axis'], [PROBABILITY_OUTPUT])],
    initializer: [int64Tensor('slice_start', [1]), int64Tensor('slice_end', [2]), int64Tensor('slice_axis', [1])],
    output: [
      tensorValueInfo(PROBABILITY_OUTPUT, ElemType.FLOAT, ['N', 1]),
      tensorValueInfo(LABEL_OUTPUT, ElemType.INT64, ['N']),
      tensorValueInfo(PROBABILITIES_OUTPUT, ElemType.FLOAT, ['N', 2]),
    ],
  };
}

function multiclassGraph(model: GbdtModelJson, k: number): onnx.IGraphProto {
  const labels = Array.from({ length: k }, (_, c) => c);
  return {
    name: 'ares_gbdt_multiclass',
    node: [classifierNode(flattenTrees(model.trees), labels, model.baseScore, 'SOFTMAX')],
    output: [tensorValueInfo(PROBABILITIES_OUTPUT, ElemType.FLOAT, ['N', k]), tensorValueInfo(LABEL_OUTPUT, ElemType.INT64, ['N'])],
  };
}

function regressionGraph(model: GbdtModelJson): onnx.IGraphProto {
  return {
    name: 'ares_gbdt_regression',
    node: [treeRegressorNode(model, 'trees', VARIABLE_OUTPUT)],
    output: [tensorValueInfo(VARIABLE_OUTPUT, ElemType.FLOAT, ['N', 1])],
  };
}

/**
 * One TreeEnsembleRegressor over `features`: 1 target, SUM, base value, NONE → [N, 1] float32 raw score (the
 * margin, for a binary model). onnxruntime's regressor has no sign quirk (that is the binary classifier's), and
 * applies base_values with or without trees — both checked in the specs.
 */
export function treeRegressorNode(model: GbdtModelJson, name: string, output: string): onnx.INodeProto {
  const flat = flattenTrees(model.trees);
  return mlNode(
    'TreeEnsembleRegressor',
    name,
    [output],
    [
      stringAttribute('aggregate_function', 'SUM'),
      floatsAttribute('base_values', model.baseScore),
      intAttribute('n_targets', 1),
      ...flat.nodes,
      stringAttribute('post_transform', 'NONE'),
      intsAttribute('target_ids', flat.leafOutputIds),
      intsAttribute('target_nodeids', flat.leafNodeIds),
      intsAttribute('target_treeids', flat.leafTreeIds),
      floatsAttribute('target_weights', flat.leafWeights),
    ],
  );
}

function classifierNode(flat: FlatTrees, labels: number[], baseValues: number[], postTransform: string): onnx.INodeProto {
  return mlNode(
    'TreeEnsembleClassifier',
    'trees',
    [LABEL_OUTPUT, PROBABILITIES_OUTPUT],
    [
      floatsAttribute('base_values', baseValues),
      intsAttribute('class_ids', flat.leafOutputIds),
      intsAttribute('class_nodeids', flat.leafNodeIds),
      intsAttribute('class_treeids', flat.leafTreeIds),
      floatsAttribute('class_weights', flat.leafWeights),
      intsAttribute('classlabels_int64s', labels),
      ...flat.nodes,
      stringAttribute('post_transform', postTransform),
    ],
  );
}

function mlNode(opType: string, name: string, outputs: string[], attributes: onnx.IAttributeProto[]): onnx.INodeProto {
  return { ...node(opType, name, [FEATURES_INPUT], outputs, attributes), domain: ONNX_ML_DOMAIN };
}
