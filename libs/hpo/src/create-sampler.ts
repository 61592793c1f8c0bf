import { Nsga2SamplerConfig, nsga2Sampler } from './nsga2-sampler';
import { booleanOrUndefined, integerAtLeast, isObject, numberIn } from './option-checks';
import { RandomSamplerConfig, randomSampler } from './random-sampler';
import { Sampler } from './sample-context';
import { TpeSamplerConfig, tpeSampler } from './tpe-sampler';

export type SamplerConfig = RandomSamplerConfig | TpeSamplerConfig | Nsga2SamplerConfig;

const SAMPLER_TYPES = ['random', 'tpe', 'nsga2'];

/** Every rule a sampler config breaks for a study with `nObjectives` objectives, as `sampler.<field>: …` messages. */
export function samplerErrors(config: SamplerConfig, nObjectives: number): string[] {
  if (!isObject(config)) return ['sampler: must be an object with a type'];
  const c = config as Record<string, unknown>;
  switch (config.type) {
    case 'random':
      return [];
    case 'tpe':
      return [
        ...(nObjectives > 1
          ? [`sampler.type: tpe is single-objective here (${nObjectives} directions given); use nsga2 for several objectives`]
          : []),
        ...integerAtLeast('sampler.nStartupTrials', c.nStartupTrials, 0),
        ...integerAtLeast('sampler.nEiCandidates', c.nEiCandidates, 1),
        ...booleanOrUndefined('sampler.multivariate', c.multivariate),
        ...booleanOrUndefined('sampler.constantLiar', c.constantLiar),
        ...booleanOrUndefined('sampler.considerPrior', c.considerPrior),
        ...booleanOrUndefined('sampler.considerMagicClip', c.considerMagicClip),
        ...booleanOrUndefined('sampler.considerEndpoints', c.considerEndpoints),
        ...booleanOrUndefined('sampler.normalisedKernels', c.normalisedKernels),
        ...(c.priorWeight === undefined || (typeof c.priorWeight === 'number' && c.priorWeight > 0 && Number.isFinite(c.priorWeight))
          ? []
          : [`sampler.priorWeight: must be a finite number > 0 (got ${String(c.priorWeight)})`]),
      ];
    case 'nsga2':
      return [
        ...integerAtLeast('sampler.populationSize', c.populationSize, 2),
        ...numberIn('sampler.mutationProb', c.mutationProb, 0, 1),
        ...numberIn('sampler.crossoverProb', c.crossoverProb, 0, 1),
        ...numberIn('sampler.swappingProb', c.swappingProb, 0, 1),
      ];
    default:
      return [`sampler.type: ${JSON.stringify(c.type)} is not one of ${SAMPLER_TYPES.join(', ')}`];
  }
}

export function createSampler(config: SamplerConfig, nObjectives = 1): Sampler {
  const errors = samplerErrors(config, nObjectives);
  if (errors.length > 0) throw new Error(errors.join('; '));
  switch (config.type) {
    case 'random':
      return randomSampler();
    case 'tpe':
      return tpeSampler(config);
    case 'nsga2':
      return nsga2Sampler(config);
  }
}
