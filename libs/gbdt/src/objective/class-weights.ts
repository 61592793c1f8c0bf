/** 'balanced' weighs class k by n / (K · n_k) (as scikit-learn does); an array gives weights per class. */
export type ClassWeightSpec = 'balanced' | number[];

export function classWeights(label: Float64Array, numClasses: number, spec: ClassWeightSpec): Float64Array {
  if (Array.isArray(spec)) {
    if (spec.length !== numClasses) throw new RangeError(`classWeight needs ${numClasses} entries, got ${spec.length}`);
    return Float64Array.from(spec);
  }
  const counts = new Float64Array(numClasses);
  for (let i = 0; i < label.length; i++) counts[label[i]]++;
  const out = new Float64Array(numClasses);
  for (let k = 0; k < numClasses; k++) out[k] = counts[k] > 0 ? label.length / (numClasses * counts[k]) : 0;
  return out;
}

/** Per-row weight = sample weight × class weight (either may be absent). */
export function rowWeights(label: Float64Array, sampleWeight: Float64Array | undefined, perClass: Float64Array | undefined): Float64Array {
  const w = sampleWeight ? Float64Array.from(sampleWeight) : new Float64Array(label.length).fill(1);
  if (perClass) for (let i = 0; i < w.length; i++) w[i] *= perClass[label[i]];
  return w;
}
