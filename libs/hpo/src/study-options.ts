import { PrunerConfig, prunerErrors } from './create-pruner';
import { SamplerConfig, samplerErrors } from './create-sampler';
import { isObject } from './option-checks';
import { searchSpaceErrors, SearchSpace } from './search-space';
import { Direction } from './trial';

export interface StudyOptions {
  readonly space: SearchSpace;
  /** One per objective. */
  readonly directions: readonly Direction[];
  readonly sampler: SamplerConfig;
  readonly pruner?: PrunerConfig;
  /** Every trial's randomness derives from (seed, trial number). A safe integer. */
  readonly seed: number;
}

export function directionsErrors(directions: readonly Direction[]): string[] {
  if (!Array.isArray(directions) || directions.length === 0) return [`directions: must be a non-empty array of 'minimize' | 'maximize'`];
  return directions.flatMap((d, i) =>
    d === 'minimize' || d === 'maximize' ? [] : [`directions[${i}]: ${JSON.stringify(d)} is not 'minimize' or 'maximize'`],
  );
}

/** Every rule the options break, as `field: problem` messages (space, directions, sampler, pruner, seed); empty when valid. */
export function studyOptionsErrors(options: StudyOptions): string[] {
  if (!isObject(options)) return ['options: must be an object'];
  const directions = directionsErrors(options.directions);
  return [
    ...searchSpaceErrors(options.space),
    ...directions,
    ...samplerErrors(options.sampler, directions.length === 0 ? options.directions.length : 1),
    ...(options.pruner === undefined ? [] : prunerErrors(options.pruner)),
    ...(Number.isSafeInteger(options.seed) ? [] : [`seed: must be a safe integer (got ${String(options.seed)})`]),
  ];
}
