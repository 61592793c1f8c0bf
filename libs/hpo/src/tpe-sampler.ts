import { Rng } from '@ares/random';
import { paramTransform, ParamTransform } from './param-transform';
import { ParzenEstimator, ParzenEstimatorOptions } from './parzen-estimator';
import { randomValue } from './random-sampler';
import { SampleContext, Sampler } from './sample-context';
import { ParamValue, Params } from './search-space';
import { defaultWeights, splitTrials } from './tpe-split';
import { FrozenTrial } from './trial';

export interface TpeSamplerConfig {
  readonly type: 'tpe';
  /** Random trials before TPE takes over (counted over complete + pruned trials). Default 10. */
  readonly nStartupTrials?: number;
  /** Candidates drawn from l(x); the one with the largest l(x)/g(x) wins. Default 24. */
  readonly nEiCandidates?: number;
  /** Model the parameters jointly (one kernel per trial over the whole space) instead of one by one. Default false. */
  readonly multivariate?: boolean;
  /** Count running trials as the worst (bad set), so concurrent asks spread out. Default false. */
  readonly constantLiar?: boolean;
  /** Weight of the prior kernel. Default 1. */
  readonly priorWeight?: number;
  readonly considerPrior?: boolean;
  readonly considerMagicClip?: boolean;
  readonly considerEndpoints?: boolean;
  /** Kernel densities with their 1/σ, as Optuna ≥ 3.6 (see ParzenEstimatorOptions). Default false, as Optuna 3.1. */
  readonly normalisedKernels?: boolean;
}

export const TPE_DEFAULTS = {
  nStartupTrials: 10,
  nEiCandidates: 24,
  multivariate: false,
  constantLiar: false,
  priorWeight: 1,
  considerPrior: true,
  considerMagicClip: true,
  considerEndpoints: false,
  normalisedKernels: false,
} as const;

type Resolved = { -readonly [K in keyof typeof TPE_DEFAULTS]: (typeof TPE_DEFAULTS)[K] extends boolean ? boolean : number };

/**
 * Tree-structured Parzen Estimator (Bergstra et al. 2011, 2013), single-objective, with Optuna 3.1's defaults:
 * after `nStartupTrials` random trials, split the finished trials into the best gamma(n) and the rest (tpe-split.ts),
 * fit l(x) and g(x) (parzen-estimator.ts), draw `nEiCandidates` from l(x) and keep the one maximising l(x)/g(x) —
 * which maximises expected improvement. Univariate by default: each parameter on its own, in space order, all from
 * the trial's own random stream. Kernel densities as Optuna 3.1 computes them (without 1/σ; `normalisedKernels: true`
 * for Optuna ≥ 3.6's).
 */
export function tpeSampler(config: TpeSamplerConfig): Sampler {
  const c: Resolved = { ...TPE_DEFAULTS };
  for (const key of Object.keys(TPE_DEFAULTS) as (keyof Resolved)[]) {
    if (config[key] !== undefined) (c as Record<string, unknown>)[key] = config[key];
  }
  const estimatorOptions: ParzenEstimatorOptions = {
    considerPrior: c.considerPrior,
    priorWeight: c.priorWeight,
    considerMagicClip: c.considerMagicClip,
    considerEndpoints: c.considerEndpoints,
    multivariate: c.multivariate,
    normalisedKernels: c.normalisedKernels,
  };
  return {
    sample(context: SampleContext): Params {
      const { space, rng } = context;
      const names = Object.keys(space);
      const split = splitTrials(context.trials, context.directions[0], c.constantLiar);
      const params: Record<string, ParamValue> = {};
      if (split.nFinished < c.nStartupTrials) {
        for (const name of names) params[name] = randomValue(space[name], rng);
        return params;
      }
      const transforms = names.map((name) => paramTransform(space[name]));
      const groups = c.multivariate ? [names.map((_, d) => d)] : names.map((_, d) => [d]);
      for (const group of groups) {
        const chosen = sampleGroup(
          group.map((d) => names[d]),
          group.map((d) => transforms[d]),
          split.below,
          split.above,
          estimatorOptions,
          c.nEiCandidates,
          rng,
        );
        group.forEach((d, k) => (params[names[d]] = chosen[k]));
      }
      return params;
    },
  };
}

/** One TPE step over a group of parameters (all of them when multivariate, one otherwise). */
function sampleGroup(
  names: readonly string[],
  transforms: readonly ParamTransform[],
  below: readonly FrozenTrial[],
  above: readonly FrozenTrial[],
  options: ParzenEstimatorOptions,
  nCandidates: number,
  rng: Rng,
): ParamValue[] {
  const dims = transforms.map((t) => t.dim);
  const internal = (trials: readonly FrozenTrial[], k: number) => Float64Array.from(trials, (t) => transforms[k].toInternal(t.params[names[k]]));
  const l = new ParzenEstimator(
    dims,
    names.map((_, k) => internal(below, k)),
    defaultWeights(below.length),
    options,
  );
  const g = new ParzenEstimator(
    dims,
    names.map((_, k) => internal(above, k)),
    defaultWeights(above.length),
    options,
  );
  // Candidates are scored where they will actually land (ints rounded, log values clipped), as Optuna scores them.
  const external = l.sample(rng, nCandidates).map((xs, k) => Array.from(xs, (x) => transforms[k].toExternal(x)));
  const candidates = external.map((values, k) => Float64Array.from(values, (v) => transforms[k].toInternal(v)));
  const logL = l.logPdf(candidates);
  const logG = g.logPdf(candidates);
  let best = 0;
  for (let s = 1; s < nCandidates; s++) if (logL[s] - logG[s] > logL[best] - logG[best]) best = s;
  return external.map((values) => values[best]);
}
