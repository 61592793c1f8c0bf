import { predictRaw } from '@ares/gbdt';
import type { LinearProbabilityModel } from '@ares/onnx';
import { planStackedModel } from './stacked-model-plan';
import type { StackedModelSpec } from './stacked-model-spec';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { fround, exp } = Math;

/**
 * The float64 in-process reference the ONNX export is checked against: one Float64Array of probabilities per
 * output, for `rows` (all rows when omitted). `columns` is column-major in spec.featureNames order.
 *
 * It follows the graph's float32 input contract: every feature is rounded with Math.fround first (trees do this
 * in predictRaw; the linear learners here), then everything is float64. So the only differences from
 * onnxruntime are its float32 tree sums and the float32 output.
 */
export function predictStackedModel(spec: StackedModelSpec, columns: Float64Array[], rows?: Int32Array): Float64Array[] {
  const plan = planStackedModel(spec);
  checkColumns(spec, columns, rows);
  const logits = new Map<string, Float64Array>();
  spec.learners.forEach((learner, i) => {
    if (!plan.learnerNeeded[i]) return;
    logits.set(learner.name, learner.kind === 'trees' ? predictRaw(learner.model, columns, rows) : linearLogits(learner.model, columns, rows));
  });
  spec.layers.forEach((layer, k) => {
    if (!plan.layerNeeded[k]) return;
    const inputs = layer.inputs.map((name) => logits.get(name) as Float64Array);
    for (const o of layer.outputs) {
      const z = new Float64Array(inputs[0].length).fill(o.bias);
      inputs.forEach((x, i) => {
        const w = o.weights[i];
        for (let r = 0; r < z.length; r++) z[r] += w * x[r];
      });
      logits.set(o.name, z);
    }
  });
  return spec.outputs.map((name) => (logits.get(name) as Float64Array).map((z) => 1 / (1 + exp(-z))));
}

function linearLogits(model: LinearProbabilityModel, columns: Float64Array[], rows?: Int32Array): Float64Array {
  const n = rows ? rows.length : columns[0].length;
  const z = new Float64Array(n).fill(model.intercept);
  columns.forEach((column, j) => {
    const [w, mean, scale] = [model.weights[j], model.mean[j], model.scale[j]];
    for (let i = 0; i < n; i++) z[i] += w * ((fround(column[rows ? rows[i] : i]) - mean) / scale);
  });
  return z;
}

function checkColumns(spec: StackedModelSpec, columns: Float64Array[], rows?: Int32Array): void {
  const f = spec.featureNames.length;
  if (!Array.isArray(columns) || columns.length !== f) throw new Error(`stacked model expects ${f} feature columns, got ${columns?.length}`);
  const length = columns[0].length;
  columns.forEach((c, j) => {
    if (c.length !== length) throw new Error(`feature column ${j} ('${spec.featureNames[j]}') has ${c.length} rows, column 0 has ${length}`);
  });
  rows?.forEach((r, i) => {
    if (r < 0 || r >= length) throw new Error(`rows[${i}] = ${r} is outside 0..${length - 1}`);
  });
}
