import { HyperbandPrunerConfig, hyperbandPruner } from './hyperband-pruner';
import { MedianPrunerConfig, medianPruner } from './median-pruner';
import { integerAtLeast, isObject } from './option-checks';
import { Pruner } from './pruner';
import { SuccessiveHalvingPrunerConfig, successiveHalvingPruner } from './successive-halving-pruner';

export type PrunerConfig = MedianPrunerConfig | SuccessiveHalvingPrunerConfig | HyperbandPrunerConfig;

const PRUNER_TYPES = ['median', 'successive-halving', 'hyperband'];

function resourceErrors(where: string, value: unknown): string[] {
  return value === 'auto' ? [] : integerAtLeast(where, value, 1);
}

/** Every rule a pruner config breaks, as `pruner.<field>: …` messages; empty when valid. */
export function prunerErrors(config: PrunerConfig): string[] {
  if (!isObject(config)) return ['pruner: must be an object with a type'];
  const c = config as Record<string, unknown>;
  switch (config.type) {
    case 'median':
      return [
        ...integerAtLeast('pruner.nStartupTrials', c.nStartupTrials, 0),
        ...integerAtLeast('pruner.nWarmupSteps', c.nWarmupSteps, 0),
        ...integerAtLeast('pruner.intervalSteps', c.intervalSteps, 1),
        ...integerAtLeast('pruner.nMinTrials', c.nMinTrials, 1),
      ];
    case 'successive-halving':
      return [
        ...resourceErrors('pruner.minResource', c.minResource),
        ...integerAtLeast('pruner.reductionFactor', c.reductionFactor, 2),
        ...integerAtLeast('pruner.minEarlyStoppingRate', c.minEarlyStoppingRate, 0),
        ...integerAtLeast('pruner.bootstrapCount', c.bootstrapCount, 0),
        ...(c.bootstrapCount !== undefined && c.bootstrapCount !== 0 && (c.minResource ?? 'auto') === 'auto'
          ? ['pruner.bootstrapCount: needs an explicit minResource (Optuna: incompatible with minResource auto)']
          : []),
      ];
    case 'hyperband': {
      const errors = [
        ...integerAtLeast('pruner.minResource', c.minResource, 1),
        ...resourceErrors('pruner.maxResource', c.maxResource),
        ...integerAtLeast('pruner.reductionFactor', c.reductionFactor, 2),
        ...integerAtLeast('pruner.bootstrapCount', c.bootstrapCount, 0),
      ];
      const min = (c.minResource as number | undefined) ?? 1;
      if (errors.length === 0 && typeof c.maxResource === 'number' && c.maxResource < min) {
        errors.push(`pruner.maxResource: ${c.maxResource} < minResource (${min})`);
      }
      return errors;
    }
    default:
      return [`pruner.type: ${JSON.stringify(c.type)} is not one of ${PRUNER_TYPES.join(', ')}`];
  }
}

/**
 * The pruner a config describes, as a pure decision function. `seed` is the study's seed: Hyperband hashes
 * (seed, trial number) into brackets, so pass the study's seed to take the study's decisions in another process:
 *
 *   const pruner = createPruner(spec.pruner, spec.seed);
 *   if (pruner.shouldPrune(trial, trials, spec.directions)) …
 */
export function createPruner(config: PrunerConfig, seed = 0): Pruner {
  const errors = prunerErrors(config);
  if (errors.length > 0) throw new Error(errors.join('; '));
  switch (config.type) {
    case 'median':
      return medianPruner(config);
    case 'successive-halving':
      return successiveHalvingPruner(config);
    case 'hyperband':
      return hyperbandPruner(config, seed);
  }
}
