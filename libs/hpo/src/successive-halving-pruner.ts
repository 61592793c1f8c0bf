import { definedOnly } from './defined-only';
import { crowdingDistances, dominatesLoss, nonDominatedRanks, toLosses } from './pareto';
import { Pruner } from './pruner';
import { asVector, Direction, FrozenTrial, lastStep, reportedSteps } from './trial';

export interface SuccessiveHalvingPrunerConfig {
  readonly type: 'successive-halving';
  /** Steps before the first rung; 'auto' = max(1, ⌊last step of the longest complete trial / 100⌋). Default 'auto'. */
  readonly minResource?: number | 'auto';
  /** η: a rung keeps its best 1/η. Default 4. */
  readonly reductionFactor?: number;
  /** s: the first rung is at minResource·η^s. Default 0. */
  readonly minEarlyStoppingRate?: number;
  /** Prune while no more than this many trials (this one included) have reached the rung. Default 0. */
  readonly bootstrapCount?: number;
}

export const SUCCESSIVE_HALVING_DEFAULTS = { minResource: 'auto', reductionFactor: 4, minEarlyStoppingRate: 0, bootstrapCount: 0 } as const;

/** Optuna's `_estimate_min_resource`: a hundredth of the longest complete trial, at least 1; undefined before any. */
export function estimateMinResource(trials: readonly FrozenTrial[]): number | undefined {
  let longest: number | undefined;
  for (const t of trials) {
    if (t.state !== 'complete') continue;
    const step = lastStep(t);
    if (step !== undefined && (longest === undefined || step > longest)) longest = step;
  }
  return longest === undefined ? undefined : Math.max(Math.floor(longest / 100), 1);
}

/** A trial's value at a rung: what it reported at the first step at or past the rung (when it would have been checked). */
function rungValue(trial: FrozenTrial, rungStep: number): readonly number[] | undefined {
  let first: number | undefined;
  for (const key in trial.intermediateValues) {
    const step = Number(key);
    if (step >= rungStep && (first === undefined || step < first)) first = step;
  }
  return first === undefined ? undefined : asVector(trial.intermediateValues[first]);
}

/** Optuna's `_is_trial_promotable_to_next_rung` on losses: within the best max(1, ⌊n/η⌋) (ties promote). */
function promotableSingle(loss: number, competing: readonly number[], eta: number): boolean {
  const k = Math.max(Math.floor(competing.length / eta) - 1, 0);
  const sorted = [...competing].sort((a, b) => a - b);
  return loss <= sorted[k];
}

/**
 * Several objectives (Optuna cannot prune them, optuna#3450). The rung's competitors (this trial included) are
 * ordered by non-dominated rank, then crowding distance (largest first), then trial number; the first
 * max(1, ⌊n/η⌋) are the rung's top. The trial is pruned when it is not in the top AND some top trial dominates its
 * intermediate vector. So a trial on the rung's Pareto front is never pruned, at least the top 1/η always go on,
 * and more may (those no top trial beats on every objective): a front wider than n/η is not cut arbitrarily.
 */
function promotableMulti(
  own: readonly number[],
  ownNumber: number,
  competitors: readonly { number: number; loss: readonly number[] }[],
  eta: number,
): boolean {
  const all = [...competitors, { number: ownNumber, loss: own }];
  const ranks = nonDominatedRanks(all.map((c) => c.loss));
  const crowding = new Float64Array(all.length);
  for (let rank = 0; ; rank++) {
    const front = all.map((_, i) => i).filter((i) => ranks[i] === rank);
    if (front.length === 0) break;
    crowdingDistances(front.map((i) => all[i].loss)).forEach((d, k) => (crowding[front[k]] = d));
  }
  const order = all.map((_, i) => i).sort((a, b) => ranks[a] - ranks[b] || crowding[b] - crowding[a] || all[a].number - all[b].number);
  const top = order.slice(0, Math.max(1, Math.floor(all.length / eta)));
  const self = all.length - 1;
  if (top.includes(self)) return true;
  return !top.some((i) => dominatesLoss(all[i].loss, own));
}

/**
 * Asynchronous successive halving (ASHA, Li et al. 2018) as Optuna's SuccessiveHalvingPruner: rung k sits at step
 * minResource·η^(s+k); a trial reaching a rung goes on only if its value there is among the top 1/η of the values
 * every trial reported on reaching that rung (while fewer than η trials have reached it, only the best goes on).
 *
 * Pure: Optuna records each trial's rung values in trial attributes as prune() runs; here a trial's value at a rung
 * is what it reported at the first step ≥ the rung, and a rung is judged at the report that first reaches it (the
 * trial's last step is past the rung, its previous one was not). Call shouldPrune after every report, as with Optuna.
 */
export function successiveHalvingPruner(config: Omit<SuccessiveHalvingPrunerConfig, 'type'>): Pruner {
  const { minResource, reductionFactor: eta, minEarlyStoppingRate, bootstrapCount } = { ...SUCCESSIVE_HALVING_DEFAULTS, ...definedOnly(config) };
  return {
    shouldPrune(trial: FrozenTrial, trials: readonly FrozenTrial[], directions: readonly Direction[]): boolean {
      const steps = reportedSteps(trial);
      if (steps.length === 0) return false;
      const last = steps[steps.length - 1];
      const previous = steps.length > 1 ? steps[steps.length - 2] : -1;
      const others = trials.filter((t) => t.number !== trial.number);
      const resource = minResource === 'auto' ? estimateMinResource(others) : minResource;
      if (resource === undefined) return false;
      const reported = asVector(trial.intermediateValues[last]);
      const own = toLosses(reported, directions);
      for (let rung = 0; ; rung++) {
        const rungStep = resource * eta ** (minEarlyStoppingRate + rung);
        if (last < rungStep) return false;
        if (rungStep <= previous) continue; // judged when the trial first reached it
        if (reported.some(Number.isNaN)) return true;
        const competitors: { number: number; loss: readonly number[] }[] = [];
        for (const t of others) {
          const value = rungValue(t, rungStep);
          if (value !== undefined) competitors.push({ number: t.number, loss: toLosses(value, directions) });
        }
        if (competitors.length + 1 <= bootstrapCount) return true;
        const promoted =
          directions.length === 1
            ? promotableSingle(own[0], [...competitors.map((c) => c.loss[0]), own[0]], eta)
            : promotableMulti(own, trial.number, competitors, eta);
        if (!promoted) return true;
      }
    },
  };
}
