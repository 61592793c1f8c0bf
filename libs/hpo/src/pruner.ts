import { Direction, FrozenTrial } from './trial';

/**
 * A pruning rule as a pure function: the trial's intermediate values and the other trials' records in, a decision
 * out. `trials` may include `trial` itself (it is recognised by number and skipped). A worker process that holds
 * only the trial records takes exactly the decision the study would.
 */
export interface Pruner {
  shouldPrune(trial: FrozenTrial, trials: readonly FrozenTrial[], directions: readonly Direction[]): boolean;
}
