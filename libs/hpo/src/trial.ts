import { Params } from './search-space';

export type Direction = 'minimize' | 'maximize';

/** 'running' from ask() until tell(); the other three are final. */
export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

/** A reported value: a number for one objective, one number per direction for several. */
export type IntermediateValue = number | readonly number[];

/**
 * A trial as the study records it: frozen, JSON-safe (intermediate values are keyed by step), and everything a
 * sampler or pruner needs, so a process holding only these records can take the same decisions as the study.
 */
export interface FrozenTrial {
  readonly number: number;
  readonly params: Params;
  readonly state: TrialState;
  /** Complete trials only: the objective values, one per direction. */
  readonly values?: readonly number[];
  /** Complete single-objective trials only: values[0]. */
  readonly value?: number;
  /** step → reported value, in the order reported (steps are integers ≥ 0). */
  readonly intermediateValues: Readonly<Record<number, IntermediateValue>>;
}

/** The reported steps of a trial, ascending. */
export function reportedSteps(trial: FrozenTrial): number[] {
  return Object.keys(trial.intermediateValues)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The last (largest) reported step, or undefined when nothing was reported. */
export function lastStep(trial: FrozenTrial): number | undefined {
  let last: number | undefined;
  for (const key in trial.intermediateValues) {
    const step = Number(key);
    if (last === undefined || step > last) last = step;
  }
  return last;
}

/** An intermediate value as a vector (one entry per objective). */
export function asVector(value: IntermediateValue): readonly number[] {
  return typeof value === 'number' ? [value] : value;
}
