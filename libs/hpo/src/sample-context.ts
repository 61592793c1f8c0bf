import { Rng } from '@ares/random';
import { Params, SearchSpace } from './search-space';
import { Direction, FrozenTrial } from './trial';

/** What a sampler may look at when it suggests trial `number`: nothing else, so its answer is a pure function of this. */
export interface SampleContext {
  readonly space: SearchSpace;
  readonly directions: readonly Direction[];
  /** The study's trials so far, by number; the trial being sampled is not among them. */
  readonly trials: readonly FrozenTrial[];
  readonly number: number;
  /** This trial's own stream, seeded from (study seed, trial number). */
  readonly rng: Rng;
}

export interface Sampler {
  /** Values for every parameter of the space. */
  sample(context: SampleContext): Params;
}
