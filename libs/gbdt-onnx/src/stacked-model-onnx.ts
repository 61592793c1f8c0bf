import type { onnx } from 'onnx-proto';
import type { GbdtModelJson } from '@ares/gbdt';
import { ARES_PRODUCER_NAME, FEATURES_INPUT, FEATURES_METADATA_KEY, MODEL_KIND_METADATA_KEY } from '@ares/onnx';
import { castNode, doubleTensor, ElemType, intAttribute, LinearProbabilityModel, node, tensorValueInfo } from '@ares/onnx';
import { PROBABILITIES_OUTPUT, treeRegressorNode } from './gbdt-onnx-export';
import { encodeMlModel, int64Tensor } from './onnx-ml-builders';
import { planStackedModel } from './stacked-model-plan';
import { LogitSource, STACKED_OUTPUTS_METADATA_KEY, StackedModelSpec } from './stacked-model-spec';

/** Bump when the exported graph layout changes. */
export const STACKED_EXPORT_VERSION = '1';

export interface StackedExportOptions {
  /** ONNX model_version (a non-negative integer); default 1. */
  modelVersion?: number;
  docString?: string;
}

/**
 * One flat ONNX graph for a stacked ensemble: features float32 [N, F] → probabilities float32 [N, K] (first output).
 *
 *  - 'trees' learner i: TreeEnsembleRegressor (SUM, base value, NONE) → learner_i_margin float [N, 1] → Cast double;
 *  - 'linear' learner i: the float64 chain of exportLogisticModelToOnnx, stopping at the logit;
 *  - layer k: Concat of its inputs → MatMul [I, O] → Add bias [O], in double → layer_k_logits [N, O];
 *  - the outputs: Concat → Sigmoid → Cast float.
 * Only the tree sums are float32 (onnxruntime's regressor takes float input here); the rest is double.
 * Node and tensor names come from positions, never from spec names, so any name is safe and bytes are reproducible.
 */
export function exportStackedModelToOnnx(spec: StackedModelSpec, options: StackedExportOptions = {}): Uint8Array {
  const plan = planStackedModel(spec);
  const modelVersion = options.modelVersion ?? 1;
  if (!Number.isSafeInteger(modelVersion) || modelVersion < 0) {
    throw new Error(`options.modelVersion must be a non-negative integer, got ${modelVersion}`);
  }
  const g = new StackedGraph(plan.sources, spec);
  spec.learners.forEach((learner, i) => {
    if (!plan.learnerNeeded[i]) return;
    if (learner.kind === 'trees') g.treesLearner(i, learner.model);
    else g.linearLearner(i, learner.model);
  });
  spec.layers.forEach((layer, k) => {
    if (plan.layerNeeded[k]) g.layer(k);
  });
  const logits = g.concat('output_logits', spec.outputs);
  g.nodes.push(node('Sigmoid', 'sigmoid', [logits], ['probabilities_f64']));
  g.nodes.push(castNode('cast_probabilities', 'probabilities_f64', PROBABILITIES_OUTPUT, ElemType.FLOAT));
  const f = spec.featureNames.length;
  return encodeMlModel({
    graph: {
      name: 'ares_stacked',
      node: g.nodes,
      initializer: g.initializers,
      input: [tensorValueInfo(FEATURES_INPUT, ElemType.FLOAT, ['N', f])],
      output: [tensorValueInfo(PROBABILITIES_OUTPUT, ElemType.FLOAT, ['N', spec.outputs.length])],
    },
    producerName: ARES_PRODUCER_NAME,
    producerVersion: STACKED_EXPORT_VERSION,
    modelVersion,
    docString: options.docString ?? '',
    metadata: [
      [FEATURES_METADATA_KEY, JSON.stringify(spec.featureNames)],
      [MODEL_KIND_METADATA_KEY, spec.kind],
      [STACKED_OUTPUTS_METADATA_KEY, JSON.stringify(spec.outputs)],
    ],
  });
}

/** Nodes and initializers in creation order (the order is part of the bytes). */
class StackedGraph {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  /** Logit name → its own [N, 1] double tensor, for learners and the layer columns sliced so far. */
  private readonly column = new Map<string, string>();
  private featuresF64: string | null = null;

  constructor(
    private readonly sources: ReadonlyMap<string, LogitSource>,
    private readonly spec: StackedModelSpec,
  ) {}

  treesLearner(i: number, model: GbdtModelJson): void {
    const margin = `learner_${i}_margin`;
    this.nodes.push(treeRegressorNode(model, `learner_${i}_trees`, margin));
    this.nodes.push(castNode(`learner_${i}_cast`, margin, this.learnerLogit(i), ElemType.DOUBLE));
  }

  linearLearner(i: number, model: LinearProbabilityModel): void {
    const f = model.featureNames.length;
    const p = `learner_${i}`;
    this.initializers.push(
      doubleTensor(`${p}_mean`, [f], model.mean),
      doubleTensor(`${p}_scale`, [f], model.scale),
      doubleTensor(`${p}_weights`, [f, 1], model.weights),
      doubleTensor(`${p}_intercept`, [1], [model.intercept]),
    );
    this.nodes.push(
      node('Sub', `${p}_centre`, [this.features64(), `${p}_mean`], [`${p}_centred`]),
      node('Div', `${p}_standardise`, [`${p}_centred`, `${p}_scale`], [`${p}_standardised`]),
      node('MatMul', `${p}_linear`, [`${p}_standardised`, `${p}_weights`], [`${p}_linear`]),
      node('Add', `${p}_add_intercept`, [`${p}_linear`, `${p}_intercept`], [this.learnerLogit(i)]),
    );
  }

  layer(k: number): void {
    const { inputs, outputs } = this.spec.layers[k];
    const p = `layer_${k}`;
    // Row i of the [I, O] matrix multiplies input i; column j is output j.
    const w = new Float64Array(inputs.length * outputs.length);
    outputs.forEach((o, j) => o.weights.forEach((v, i) => (w[i * outputs.length + j] = v)));
    this.initializers.push(
      doubleTensor(`${p}_weights`, [inputs.length, outputs.length], w),
      doubleTensor(
        `${p}_bias`,
        [outputs.length],
        outputs.map((o) => o.bias),
      ),
    );
    const x = this.concat(`${p}_inputs`, inputs);
    this.nodes.push(
      node('MatMul', `${p}_matmul`, [x, `${p}_weights`], [`${p}_linear`]),
      node('Add', `${p}_add_bias`, [`${p}_linear`, `${p}_bias`], [`${p}_logits`]),
    );
  }

  /**
   * A [N, names.length] double tensor of these logits, in order. A run of names that is a whole layer's outputs in
   * order uses that layer's tensor as it is; any other layer output is sliced out once. One name needs no Concat.
   */
  concat(name: string, names: readonly string[]): string {
    const parts: string[] = [];
    for (let i = 0; i < names.length;) {
      const source = this.sources.get(names[i]) as LogitSource;
      if ('layer' in source && source.column === 0) {
        const block = this.spec.layers[source.layer].outputs;
        if (block.every((o, j) => names[i + j] === o.name)) {
          parts.push(`layer_${source.layer}_logits`);
          i += block.length;
          continue;
        }
      }
      parts.push(this.columnOf(names[i]));
      i++;
    }
    if (parts.length === 1) return parts[0];
    this.nodes.push(node('Concat', `${name}_concat`, parts, [name], [intAttribute('axis', 1)]));
    return name;
  }

  private columnOf(name: string): string {
    const known = this.column.get(name);
    if (known) return known;
    const source = this.sources.get(name) as LogitSource;
    if ('learner' in source) throw new Error(`internal error: learner '${name}' was not built`);
    const p = `layer_${source.layer}_column_${source.column}`;
    this.initializers.push(int64Tensor(`${p}_start`, [source.column]), int64Tensor(`${p}_end`, [source.column + 1]));
    if (!this.initializers.some((t) => t.name === 'axis_1')) this.initializers.push(int64Tensor('axis_1', [1]));
    this.nodes.push(node('Slice', `${p}_slice`, [`layer_${source.layer}_logits`, `${p}_start`, `${p}_end`, 'axis_1'], [p]));
    this.column.set(name, p);
    return p;
  }

  private learnerLogit(i: number): string {
    const t = `learner_${i}_logit`;
    this.column.set(this.spec.learners[i].name, t);
    return t;
  }

  /** Linear learners share one cast of the input to double. */
  private features64(): string {
    if (!this.featuresF64) {
      this.featuresF64 = 'features_f64';
      this.nodes.push(castNode('cast_features', FEATURES_INPUT, this.featuresF64, ElemType.DOUBLE));
    }
    return this.featuresF64;
  }
}
