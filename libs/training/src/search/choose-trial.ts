import { HpoObjective, OBJECTIVE_DIRECTIONS } from '@ares/contracts';

export interface ScoredTrial {
  id: string;
  values: readonly number[];
}

/**
 * The trial a study deploys. One objective: the best value (ties: the earlier trial). Several: among the Pareto
 * front, the trials whose every objective but the first is no worse than the front's median on it; of those, the
 * best on the first objective (Sharpe by default) — a high Sharpe that is not bought with an unusually deep drawdown.
 */
export function chooseTrial<T extends ScoredTrial>(trials: readonly T[], objectives: readonly HpoObjective[]): T | undefined {
  if (trials.length === 0) return undefined;
  const better = objectives.map((objective) =>
    OBJECTIVE_DIRECTIONS[objective] === 'maximize' ? (a: number, b: number) => a > b : (a: number, b: number) => a < b,
  );
  const firstBest = (pool: readonly T[]) => pool.reduce((best, trial) => (better[0](trial.values[0], best.values[0]) ? trial : best));
  if (objectives.length === 1) return firstBest(trials);
  const dominates = (a: T, b: T) =>
    objectives.every((_, k) => !better[k](b.values[k], a.values[k])) && objectives.some((_, k) => better[k](a.values[k], b.values[k]));
  const front = trials.filter((trial) => !trials.some((other) => other !== trial && dominates(other, trial)));
  const medians = objectives.map((_, k) => median(front.map((trial) => trial.values[k])));
  const acceptable = front.filter((trial) => objectives.every((_, k) => k === 0 || !better[k](medians[k], trial.values[k])));
  return firstBest(acceptable.length > 0 ? acceptable : front);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
