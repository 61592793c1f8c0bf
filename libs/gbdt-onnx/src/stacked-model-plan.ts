import { LogitSource, resolveStackedModelSpec, StackedModelSpec } from './stacked-model-spec';

/** A validated spec and which of its parts the outputs need. */
export interface StackedModelPlan {
  sources: ReadonlyMap<string, LogitSource>;
  learnerNeeded: boolean[];
  layerNeeded: boolean[];
}

/**
 * Validates, then walks back from the outputs: a learner or layer nothing reads is left out of the graph (and out
 * of the reference), since onnxruntime would still spend its trees on every row.
 */
export function planStackedModel(spec: StackedModelSpec): StackedModelPlan {
  const sources = resolveStackedModelSpec(spec);
  const needed = new Set(spec.outputs);
  const layerNeeded = spec.layers.map(() => false);
  for (let k = spec.layers.length - 1; k >= 0; k--) {
    if (!spec.layers[k].outputs.some((o) => needed.has(o.name))) continue;
    layerNeeded[k] = true;
    for (const name of spec.layers[k].inputs) needed.add(name);
  }
  return { sources, learnerNeeded: spec.learners.map((l) => needed.has(l.name)), layerNeeded };
}
