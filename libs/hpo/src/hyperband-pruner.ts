import { crc32 } from './crc32';
import { definedOnly } from './defined-only';
import { Pruner } from './pruner';
import { successiveHalvingPruner } from './successive-halving-pruner';
import { Direction, FrozenTrial, lastStep } from './trial';

export interface HyperbandPrunerConfig {
  readonly type: 'hyperband';
  /** Steps before a bracket-0 trial's first rung. Default 1. */
  readonly minResource?: number;
  /** The most steps a trial runs; 'auto' = 1 + the last step of the longest complete trial. Default 'auto'. */
  readonly maxResource?: number | 'auto';
  /** η of every bracket's successive halving. Default 3. */
  readonly reductionFactor?: number;
  readonly bootstrapCount?: number;
}

export const HYPERBAND_DEFAULTS = { minResource: 1, maxResource: 'auto', reductionFactor: 3, bootstrapCount: 0 } as const;

export interface HyperbandBrackets {
  /** Number of brackets: ⌊log_η(maxResource / minResource)⌋ + 1. */
  readonly count: number;
  /** Bracket b's share of the trials: ⌈count·η^s / (s + 1)⌉ with s = count − 1 − b (Hyperband's n_i). */
  readonly budgets: readonly number[];
  /** The bracket of a trial: crc32(`${seed}_${number}`) mod Σ budgets, walked through the budgets. */
  bracketOf(number: number): number;
}

export function hyperbandBrackets(minResource: number, maxResource: number, eta: number, seed: number): HyperbandBrackets {
  // The same float expression as Optuna's math.log(max / min, η), so the bracket count agrees at exact powers.
  const count = Math.floor(Math.log(maxResource / minResource) / Math.log(eta)) + 1;
  const budgets = Array.from({ length: count }, (_, b) => {
    const s = count - 1 - b;
    return Math.ceil((count * eta ** s) / (s + 1));
  });
  const total = budgets.reduce((a, b) => a + b, 0);
  return {
    count,
    budgets,
    bracketOf(number: number): number {
      let n = crc32(`${seed}_${number}`) % total;
      for (let b = 0; b < count; b++) {
        n -= budgets[b];
        if (n < 0) return b;
      }
      return count - 1;
    },
  };
}

/**
 * Hyperband (Li et al. 2017) as Optuna's HyperbandPruner: trials are spread over brackets by a hash of (study seed,
 * trial number) — Optuna hashes (study name, number) — in proportion to each bracket's budget; bracket b is a
 * successive-halving pruner with minEarlyStoppingRate b that only sees the trials of its own bracket. Bracket 0
 * prunes most aggressively, the last bracket hardly at all. Several objectives: each bracket's rule is the one of
 * successive-halving-pruner.ts.
 */
export function hyperbandPruner(config: Omit<HyperbandPrunerConfig, 'type'>, seed: number): Pruner {
  const { minResource, maxResource, reductionFactor, bootstrapCount } = { ...HYPERBAND_DEFAULTS, ...definedOnly(config) };
  const fixed = maxResource === 'auto' ? undefined : hyperbandBrackets(minResource, maxResource, reductionFactor, seed);
  return {
    shouldPrune(trial: FrozenTrial, trials: readonly FrozenTrial[], directions: readonly Direction[]): boolean {
      let brackets = fixed;
      if (brackets === undefined) {
        const longest = Math.max(-1, ...trials.filter((t) => t.state === 'complete' && t.number !== trial.number).map((t) => lastStep(t) ?? -1));
        if (longest < 0) return false;
        brackets = hyperbandBrackets(minResource, longest + 1, reductionFactor, seed);
      }
      const bracket = brackets.bracketOf(trial.number);
      const sameBracket = trials.filter((t) => brackets.bracketOf(t.number) === bracket);
      const pruner = successiveHalvingPruner({ minResource, reductionFactor, minEarlyStoppingRate: bracket, bootstrapCount });
      return pruner.shouldPrune(trial, sameBracket, directions);
    },
  };
}
