import { Rng } from '@ares/random';
import { paramTransform } from './param-transform';
import { ParamSpec, ParamValue, Params, SearchSpace } from './search-space';
import { Sampler } from './sample-context';

export interface RandomSamplerConfig {
  readonly type: 'random';
}

/**
 * One uniform draw in the parameter's internal space, as Optuna's RandomSampler: log-uniform for log scales, every
 * integer equally likely (uniform on [low − ½, high + ½], rounded), every choice equally likely.
 */
export function randomValue(spec: ParamSpec, rng: Rng): ParamValue {
  const t = paramTransform(spec);
  const u = rng();
  return t.dim.kind === 'categorical' ? t.toExternal(u * t.dim.size) : t.toExternal(t.dim.low + u * (t.dim.high - t.dim.low));
}

export function randomParams(space: SearchSpace, rng: Rng): Params {
  const params: Record<string, ParamValue> = {};
  for (const name of Object.keys(space)) params[name] = randomValue(space[name], rng);
  return params;
}

export function randomSampler(): Sampler {
  return { sample: ({ space, rng }) => randomParams(space, rng) };
}
