import { dominatesLoss, toLosses } from './pareto';
import { definedOnly } from './defined-only';
import { Pruner } from './pruner';
import { asVector, Direction, FrozenTrial, reportedSteps } from './trial';

export interface MedianPrunerConfig {
  readonly type: 'median';
  /** No pruning until this many trials are complete. Default 5. */
  readonly nStartupTrials?: number;
  /** No pruning before this step. Default 0. */
  readonly nWarmupSteps?: number;
  /** Prune only at steps nWarmupSteps + k·intervalSteps. Default 1. */
  readonly intervalSteps?: number;
  /** Complete trials that must have reported the step before it can be compared. Default 1. */
  readonly nMinTrials?: number;
}

export const MEDIAN_DEFAULTS = { nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 } as const;

/** numpy.nanpercentile with linear interpolation, q in [0, 100]; NaN when every value is NaN. */
export function nanPercentile(values: readonly number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = ((v.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

/** Whether `step` is the first report at or after the latest pruning checkpoint (Optuna's _is_first_in_interval_step). */
function firstInInterval(step: number, steps: readonly number[], warmup: number, interval: number): boolean {
  const checkpoint = Math.floor((step - warmup) / interval) * interval + warmup;
  let previous = -1;
  for (const s of steps) if (s !== step && s > previous) previous = s;
  return previous < checkpoint;
}

/**
 * Optuna's MedianPruner (a PercentilePruner at 50): prune when the trial's best intermediate value so far is worse
 * than the median of the complete trials' values at the trial's latest step.
 *
 * Several objectives (Optuna has none): the same rule per objective — the trial's best-so-far vector (best per
 * objective) against the per-objective medians — and the trial is pruned when the median vector dominates it
 * (no worse anywhere, better somewhere). With one objective this is exactly Optuna's "best > median".
 */
export function medianPruner(config: MedianPrunerConfig): Pruner {
  const { nStartupTrials, nWarmupSteps, intervalSteps, nMinTrials } = { ...MEDIAN_DEFAULTS, ...definedOnly(config) };
  return {
    shouldPrune(trial: FrozenTrial, trials: readonly FrozenTrial[], directions: readonly Direction[]): boolean {
      const complete = trials.filter((t) => t.state === 'complete' && t.number !== trial.number);
      if (complete.length === 0 || complete.length < nStartupTrials) return false;
      const steps = reportedSteps(trial);
      if (steps.length === 0) return false;
      const step = steps[steps.length - 1];
      if (step < nWarmupSteps || !firstInInterval(step, steps, nWarmupSteps, intervalSteps)) return false;

      const reported = steps.map((s) => asVector(trial.intermediateValues[s]));
      const best = directions.map((d, m) =>
        bestOf(
          reported.map((v) => v[m]),
          d,
        ),
      );
      if (best.some(Number.isNaN)) return true;

      const atStep = complete.filter((t) => t.intermediateValues[step] !== undefined).map((t) => asVector(t.intermediateValues[step]));
      if (atStep.length < nMinTrials) return false;
      // Optuna takes the (100 − p)-th percentile when maximising: at p = 50 the same median.
      const median = directions.map((_, m) =>
        nanPercentile(
          atStep.map((v) => v[m]),
          50,
        ),
      );
      if (median.some(Number.isNaN)) return false;
      return dominatesLoss(toLosses(median, directions), toLosses(best, directions));
    },
  };
}

function bestOf(values: readonly number[], direction: Direction): number {
  let best = NaN;
  for (const v of values) if (!Number.isNaN(v) && (Number.isNaN(best) || (direction === 'maximize' ? v > best : v < best))) best = v;
  return best;
}
