import type { GbdtModelJson } from '@ares/gbdt';
import { LinearProbabilityModel, validateLinearProbabilityModel } from '@ares/onnx';
import { validateGbdtModel } from './validate-gbdt-model';

/** metadata_props key: JSON array of the logit names behind the columns of `probabilities`. */
export const STACKED_OUTPUTS_METADATA_KEY = 'ares.outputs';

/** A base learner: one logit (margin) column computed from the features. */
export type BaseLearnerSpec =
  // objective 'binary' only (gradient boosting or boosting: 'rf'); logit = raw margin incl. base score, as predictRaw.
  | { name: string; kind: 'trees'; model: GbdtModelJson }
  // logit = Σ w·(x − mean)/scale + intercept (float64 inside the graph, like exportLogisticModelToOnnx).
  | { name: string; kind: 'linear'; model: LinearProbabilityModel };

/** A linear layer over logits named earlier (learners' names or earlier layers' output names). */
export interface LinearLayerSpec {
  inputs: string[];
  /** weights.length === inputs.length. */
  outputs: { name: string; weights: number[]; bias: number }[];
}

export interface StackedModelSpec {
  /** Column order of the `features` input; every learner must use exactly these, in this order. */
  featureNames: string[];
  learners: BaseLearnerSpec[];
  /** Evaluated in order; a layer may read learners and earlier layers only. */
  layers: LinearLayerSpec[];
  /** Logits whose sigmoids form the `probabilities` output [N, K], in this order. */
  outputs: string[];
  /** Metadata ares.model-kind, e.g. 'stacked-ensemble'. */
  kind: string;
}

/** Where a logit comes from: a learner, or output `column` of layer `layer`. */
export type LogitSource = { learner: number } | { layer: number; column: number };

/**
 * Throws an Error naming the first problem. Checked before any graph is built, because onnxruntime would either
 * reject a bad graph opaquely or, worse, run one that mixes up columns.
 */
export function validateStackedModelSpec(spec: StackedModelSpec): void {
  resolveStackedModelSpec(spec);
}

/** validateStackedModelSpec, returning every logit's source by name. */
export function resolveStackedModelSpec(spec: StackedModelSpec): Map<string, LogitSource> {
  if (spec === null || typeof spec !== 'object') throw new Error('stacked model spec must be an object');
  checkFeatureNames(spec.featureNames);
  if (typeof spec.kind !== 'string' || spec.kind.length === 0) throw new Error('stacked model kind must be a non-empty string');
  if (!Array.isArray(spec.learners) || spec.learners.length === 0) throw new Error('stacked model learners must be a non-empty array');
  if (!Array.isArray(spec.layers)) throw new Error('stacked model layers must be an array');
  const sources = new Map<string, LogitSource>();
  const define = (name: unknown, where: string, source: LogitSource) => {
    if (typeof name !== 'string' || name.length === 0) throw new Error(`${where}: name must be a non-empty string`);
    const earlier = sources.get(name);
    if (earlier) throw new Error(`${where}: duplicate name '${name}' (already ${describeSource(earlier)})`);
    sources.set(name, source);
  };
  spec.learners.forEach((learner, i) => {
    define(learner?.name, `learner ${i}`, { learner: i });
    checkLearner(learner, spec.featureNames);
  });
  // Names defined by later layers, to tell a forward reference from a typo.
  const later = new Map<string, number>();
  spec.layers.forEach((layer, k) => {
    if (!Array.isArray(layer?.outputs)) return;
    for (const o of layer.outputs) if (typeof o?.name === 'string' && !later.has(o.name)) later.set(o.name, k);
  });
  spec.layers.forEach((layer, k) => {
    checkLayer(layer, k, sources, later);
    layer.outputs.forEach((o, j) => define(o.name, `layer ${k} output ${j}`, { layer: k, column: j }));
  });
  checkOutputs(spec.outputs, sources);
  return sources;
}

function checkFeatureNames(names: unknown): void {
  if (!Array.isArray(names) || names.length === 0) throw new Error('stacked model featureNames must be a non-empty array');
  const seen = new Set<string>();
  names.forEach((name, j) => {
    if (typeof name !== 'string' || name.length === 0) throw new Error(`stacked model featureNames[${j}] must be a non-empty string`);
    if (seen.has(name)) throw new Error(`stacked model featureNames[${j}] duplicates '${name}'`);
    seen.add(name);
  });
}

function checkLearner(learner: BaseLearnerSpec, featureNames: readonly string[]): void {
  const where = `learner '${learner.name}'`;
  const rethrow = (check: () => void) => {
    try {
      check();
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
    }
  };
  if (learner.kind === 'trees') {
    rethrow(() => validateGbdtModel(learner.model));
    if (learner.model.objective !== 'binary') {
      throw new Error(`${where}: a trees learner must be a binary GBDT (one margin), got objective '${learner.model.objective}'`);
    }
  } else if (learner.kind === 'linear') {
    rethrow(() => validateLinearProbabilityModel(learner.model));
  } else {
    throw new Error(`${where}: kind must be 'trees' or 'linear', got ${JSON.stringify((learner as { kind: unknown }).kind)}`);
  }
  // The learner indexes the shared `features` input by position: the same names in the same order, or it reads wrong columns.
  const own = learner.model.featureNames;
  if (own.length !== featureNames.length) throw new Error(`${where}: has ${own.length} features, featureNames has ${featureNames.length}`);
  const j = own.findIndex((name, k) => name !== featureNames[k]);
  if (j >= 0) throw new Error(`${where}: feature ${j} is '${own[j]}', featureNames[${j}] is '${featureNames[j]}'`);
}

function checkLayer(layer: LinearLayerSpec, k: number, sources: ReadonlyMap<string, LogitSource>, later: ReadonlyMap<string, number>): void {
  const where = `layer ${k}`;
  if (layer === null || typeof layer !== 'object') throw new Error(`${where}: must be an object`);
  if (!Array.isArray(layer.inputs) || layer.inputs.length === 0) throw new Error(`${where}: inputs must be a non-empty array`);
  const seen = new Set<string>();
  layer.inputs.forEach((name, i) => {
    if (!sources.has(name)) {
      const ahead = later.get(name);
      throw new Error(
        ahead === undefined
          ? `${where} input ${i}: unknown logit '${name}' (not a learner or an earlier layer's output)`
          : `${where} input ${i}: '${name}' is a forward reference (an output of layer ${ahead}; a layer reads learners and earlier layers only)`,
      );
    }
    if (seen.has(name)) throw new Error(`${where} input ${i}: '${name}' is listed twice`);
    seen.add(name);
  });
  if (!Array.isArray(layer.outputs) || layer.outputs.length === 0) throw new Error(`${where}: outputs must be a non-empty array`);
  layer.outputs.forEach((o, j) => {
    const at = `${where} output ${j} ('${o?.name}')`;
    if (!Array.isArray(o?.weights) || o.weights.length !== layer.inputs.length) {
      throw new Error(`${at}: has ${o?.weights?.length} weights, the layer has ${layer.inputs.length} inputs`);
    }
    o.weights.forEach((w, i) => {
      if (typeof w !== 'number' || !Number.isFinite(w)) throw new Error(`${at}: weight ${i} (input '${layer.inputs[i]}') must be finite, got ${w}`);
    });
    if (typeof o.bias !== 'number' || !Number.isFinite(o.bias)) throw new Error(`${at}: bias must be finite, got ${o.bias}`);
  });
}

function checkOutputs(outputs: unknown, sources: ReadonlyMap<string, LogitSource>): void {
  if (!Array.isArray(outputs) || outputs.length === 0) throw new Error('stacked model outputs must be a non-empty array of logit names');
  const seen = new Set<string>();
  outputs.forEach((name, i) => {
    if (!sources.has(name)) throw new Error(`output ${i}: unknown logit '${name}'`);
    // ares.outputs maps names to columns: a name twice would make that map ambiguous.
    if (seen.has(name)) throw new Error(`output ${i}: '${name}' is listed twice`);
    seen.add(name);
  });
}

function describeSource(source: LogitSource): string {
  return 'learner' in source ? `learner ${source.learner}` : `layer ${source.layer} output ${source.column}`;
}
