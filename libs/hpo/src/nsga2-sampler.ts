import { Rng } from '@ares/random';
import { crowdingDistances, nonDominatedRanks, toLosses } from './pareto';
import { randomParams, randomValue } from './random-sampler';
import { SampleContext, Sampler } from './sample-context';
import { ParamValue, Params } from './search-space';
import { Direction, FrozenTrial } from './trial';

export interface Nsga2SamplerConfig {
  readonly type: 'nsga2';
  /** Trials per generation. Default 50. */
  readonly populationSize?: number;
  /** Probability that a child parameter is re-drawn at random. Default 1 / number of parameters. */
  readonly mutationProb?: number;
  /** Probability that a child is a crossover of two parents rather than a copy of one. Default 0.9. */
  readonly crossoverProb?: number;
  /** Uniform crossover: probability that a parameter comes from the second parent. Default 0.5. */
  readonly swappingProb?: number;
}

export const NSGA2_DEFAULTS = { populationSize: 50, crossoverProb: 0.9, swappingProb: 0.5 } as const;

interface Member {
  readonly trial: FrozenTrial;
  readonly rank: number;
  readonly crowding: number;
}

/**
 * NSGA-II's elitist (μ + λ) selection: fronts in order of non-dominated rank, the front that does not fit whole
 * cut by crowding distance (largest first, then lower trial number: a total order, so the result is deterministic).
 */
export function selectElite(candidates: readonly FrozenTrial[], size: number, directions: readonly Direction[]): Member[] {
  const losses = candidates.map((t) => toLosses(t.values!, directions));
  const ranks = nonDominatedRanks(losses);
  const elite: Member[] = [];
  for (let rank = 0; elite.length < size; rank++) {
    const front = candidates.map((_, i) => i).filter((i) => ranks[i] === rank);
    if (front.length === 0) break;
    const crowding = crowdingDistances(front.map((i) => losses[i]));
    const members = front.map((i, k) => ({ trial: candidates[i], rank, crowding: crowding[k] }));
    if (elite.length + members.length > size) members.sort((a, b) => b.crowding - a.crowding || a.trial.number - b.trial.number);
    elite.push(...members.slice(0, size - elite.length));
  }
  return elite;
}

/**
 * The parents of generation g: generation k holds the trials numbered [k·P, (k+1)·P); P₀ = elite(complete trials of
 * generation 0), P_k = elite(P_{k−1} ∪ complete trials of generation k). A function of the trial records alone —
 * not of when they were told — so every replica computes the same parents. `memo` (one per sampler) skips the
 * generations whose complete trials are the very same records as last time: the result is unchanged by it.
 */
export function parentPopulation(
  trials: readonly FrozenTrial[],
  generation: number,
  size: number,
  directions: readonly Direction[],
  memo: { born: FrozenTrial[]; population: Member[] }[] = [],
): Member[] {
  const born: FrozenTrial[][] = Array.from({ length: generation }, () => []);
  for (const t of trials) {
    const k = Math.floor(t.number / size);
    if (k < generation && t.state === 'complete' && t.values !== undefined) born[k].push(t);
  }
  let population: Member[] = [];
  let reusable = true;
  for (let k = 0; k < generation; k++) {
    const cached = memo[k];
    reusable = reusable && cached !== undefined && cached.born.length === born[k].length && cached.born.every((t, i) => t === born[k][i]);
    if (reusable) {
      population = cached.population;
      continue;
    }
    if (born[k].length > 0) population = selectElite([...population.map((m) => m.trial), ...born[k]], size, directions);
    memo[k] = { born: born[k], population };
  }
  return population;
}

/** Binary tournament by NSGA-II's crowded comparison: lower rank wins, then larger crowding distance. */
function tournament(population: readonly Member[], rng: Rng): Member {
  const a = population[Math.floor(rng() * population.length)];
  const b = population[Math.floor(rng() * population.length)];
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return a.crowding >= b.crowding ? a : b;
}

/**
 * NSGA-II (Deb et al. 2002) for one or more objectives: generation 0 is random; later trials are children of the
 * previous generations' elite — two tournament winners mixed by uniform crossover (else a copy of one parent), then
 * each parameter mutated (re-drawn at random) with probability `mutationProb`. As Optuna's NSGAIISampler, with the
 * generation taken from the trial number so the result does not depend on timing.
 */
export function nsga2Sampler(config: Nsga2SamplerConfig): Sampler {
  const size = config.populationSize ?? NSGA2_DEFAULTS.populationSize;
  const crossoverProb = config.crossoverProb ?? NSGA2_DEFAULTS.crossoverProb;
  const swappingProb = config.swappingProb ?? NSGA2_DEFAULTS.swappingProb;
  const memo: { born: FrozenTrial[]; population: Member[] }[] = [];
  return {
    sample({ space, directions, trials, number, rng }: SampleContext): Params {
      const generation = Math.floor(number / size);
      const parents = generation === 0 ? [] : parentPopulation(trials, generation, size, directions, memo);
      if (parents.length === 0) return randomParams(space, rng);
      const names = Object.keys(space);
      const child: Record<string, ParamValue> = {};
      if (rng() < crossoverProb) {
        const first = tournament(parents, rng);
        const rest = parents.length > 1 ? parents.filter((m) => m !== first) : parents;
        const second = tournament(rest, rng);
        for (const name of names) child[name] = (rng() < swappingProb ? second : first).trial.params[name];
      } else {
        const parent = parents[Math.floor(rng() * parents.length)];
        for (const name of names) child[name] = parent.trial.params[name];
      }
      const mutationProb = config.mutationProb ?? 1 / Math.max(1, names.length);
      for (const name of names) {
        // Always draw, so a parameter's mutation decision does not shift the stream of the ones after it.
        const mutate = rng() < mutationProb;
        const fresh = randomValue(space[name], rng);
        if (mutate) child[name] = fresh;
      }
      return child;
    },
  };
}
