import { Direction, FrozenTrial, lastStep } from './trial';

/**
 * TPE's split of the finished trials into "good" (below, l(x)) and "bad" (above, g(x)), as Optuna 3.1's
 * `_get_observation_pairs` / `_split_observation_pairs`. Trials are ranked lexicographically by (step key, loss):
 *  - complete trials first (key −∞), by loss;
 *  - pruned trials next, the ones that got further first (key −last step), then by their last value (NaN last);
 *    a pruned trial that reported nothing has key 1;
 *  - with the constant liar, running trials last (key +∞): they always land in the bad set, so a batch asked
 *    before any of it is told spreads out instead of piling onto the same optimum.
 * Failed trials are left out. Both halves come back in trial-number order (the weights ramp over age).
 */

/** Number of good trials for n finished ones: min(⌈0.1·n⌉, 25). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Kernel weights of n observations, oldest first: flat below 25, else a linear ramp 1/n → 1 over the oldest n − 25, then flat. */
export function defaultWeights(n: number): Float64Array {
  const w = new Float64Array(n).fill(1);
  const ramp = n - 25;
  if (ramp <= 0) return w;
  // numpy.linspace(1/n, 1, ramp): evenly spaced, both ends included (a single point is the start).
  for (let k = 0; k < ramp; k++) w[k] = ramp === 1 ? 1 / n : 1 / n + (k * (1 - 1 / n)) / (ramp - 1);
  return w;
}

export interface TpeSplit {
  readonly below: readonly FrozenTrial[];
  readonly above: readonly FrozenTrial[];
  /** Finished (complete or pruned) trials: what gamma and the startup count see. Running ones never count. */
  readonly nFinished: number;
}

export function splitTrials(trials: readonly FrozenTrial[], direction: Direction, constantLiar: boolean): TpeSplit {
  const sign = direction === 'maximize' ? -1 : 1;
  const ranked: { trial: FrozenTrial; key: number; loss: number; order: number }[] = [];
  let nFinished = 0;
  for (const trial of trials) {
    let key: number;
    let loss: number;
    if (trial.state === 'complete' && trial.values !== undefined) {
      key = -Infinity;
      loss = sign * trial.values[0];
    } else if (trial.state === 'pruned') {
      const step = lastStep(trial);
      if (step === undefined) {
        key = 1;
        loss = 0;
      } else {
        const value = trial.intermediateValues[step] as number;
        key = -step;
        loss = Number.isNaN(value) ? Infinity : sign * value;
      }
    } else if (trial.state === 'running' && constantLiar) {
      ranked.push({ trial, key: Infinity, loss: Infinity, order: ranked.length });
      continue;
    } else {
      continue;
    }
    nFinished++;
    ranked.push({ trial, key, loss, order: ranked.length });
  }
  const nBelow = defaultGamma(nFinished);
  const sorted = [...ranked].sort((a, b) => compare(a.key, b.key) || compare(a.loss, b.loss) || a.order - b.order);
  const byNumber = (a: FrozenTrial, b: FrozenTrial) => a.number - b.number;
  return {
    below: sorted
      .slice(0, nBelow)
      .map((r) => r.trial)
      .sort(byNumber),
    above: sorted
      .slice(nBelow)
      .map((r) => r.trial)
      .sort(byNumber),
    nFinished,
  };
}

/** Total order on numbers with ±Infinity (equal infinities compare equal, unlike a − b). */
function compare(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
