import { ParamSpec, ParamValue } from './search-space';

/**
 * A parameter seen by the samplers: a real interval (log space for log-scale parameters; ints widened by half a step
 * each side so every integer owns an equal slice) or a set of choice indices. The same conventions as Optuna's
 * distributions' internal representation, so the TPE kernels see what Optuna's see.
 */
export type InternalDim =
  | {
      readonly kind: 'numeric';
      readonly low: number;
      readonly high: number;
      /** Grid step of a discretised (int, linear) dim. */ readonly step: number | null;
    }
  | { readonly kind: 'categorical'; readonly size: number };

export interface ParamTransform {
  readonly dim: InternalDim;
  toInternal(value: ParamValue): number;
  /** Maps any point of the internal interval (or a choice index) back to a valid external value. */
  toExternal(x: number): ParamValue;
}

const clip = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

export function paramTransform(spec: ParamSpec): ParamTransform {
  if (spec.type === 'categorical') {
    const { choices } = spec;
    return {
      dim: { kind: 'categorical', size: choices.length },
      toInternal: (value) => choices.indexOf(value),
      toExternal: (x) => choices[clip(Math.floor(x), 0, choices.length - 1)],
    };
  }
  const { low, high } = spec;
  if (spec.type === 'float') {
    if (spec.log) {
      return {
        dim: { kind: 'numeric', low: Math.log(low), high: Math.log(high), step: null },
        toInternal: (value) => Math.log(value as number),
        // exp(log(high)) can land an ulp above high.
        toExternal: (x) => clip(Math.exp(x), low, high),
      };
    }
    return { dim: { kind: 'numeric', low, high, step: null }, toInternal: (value) => value as number, toExternal: (x) => clip(x, low, high) };
  }
  if (spec.log) {
    return {
      dim: { kind: 'numeric', low: Math.log(low - 0.5), high: Math.log(high + 0.5), step: null },
      toInternal: (value) => Math.log(value as number),
      toExternal: (x) => clip(Math.round(Math.exp(x)), low, high),
    };
  }
  return {
    dim: { kind: 'numeric', low: low - 0.5, high: high + 0.5, step: 1 },
    toInternal: (value) => value as number,
    toExternal: (x) => clip(Math.round(x), low, high),
  };
}
