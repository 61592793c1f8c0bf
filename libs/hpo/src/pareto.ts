import { Direction, FrozenTrial } from './trial';

/** Objective vectors turned into losses (maximised objectives negated; NaN is the worst loss). */
export function toLosses(values: readonly number[], directions: readonly Direction[]): number[] {
  return values.map((v, i) => (Number.isNaN(v) ? Infinity : directions[i] === 'maximize' ? -v : v));
}

/** a dominates b (losses): no worse in every objective and better in at least one. */
export function dominatesLoss(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) better = true;
  }
  return better;
}

/** a dominates b, respecting the directions. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  return dominatesLoss(toLosses(a, directions), toLosses(b, directions));
}

/** Non-dominated sorting (Deb et al., NSGA-II): rank 0 is the Pareto front, rank 1 the front once it is removed, … */
export function nonDominatedRanks(losses: readonly (readonly number[])[]): Int32Array {
  const n = losses.length;
  const dominatedBy = new Int32Array(n);
  const dominated: number[][] = Array.from({ length: n }, () => []);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominatesLoss(losses[p], losses[q])) {
        dominated[p].push(q);
        dominatedBy[q]++;
      } else if (dominatesLoss(losses[q], losses[p])) {
        dominated[q].push(p);
        dominatedBy[p]++;
      }
    }
  }
  const ranks = new Int32Array(n).fill(-1);
  let front = [...Array(n).keys()].filter((i) => dominatedBy[i] === 0);
  for (let rank = 0; front.length > 0; rank++) {
    const next: number[] = [];
    for (const p of front) {
      ranks[p] = rank;
      for (const q of dominated[p]) if (--dominatedBy[q] === 0) next.push(q);
    }
    front = next.sort((a, b) => a - b);
  }
  return ranks;
}

/**
 * NSGA-II crowding distance of each member of one front (losses): the sum over objectives of the normalised gap
 * between its two neighbours; the extremes get Infinity. An objective on which the front is flat adds nothing.
 */
export function crowdingDistances(front: readonly (readonly number[])[]): Float64Array {
  const n = front.length;
  const distance = new Float64Array(n);
  if (n === 0) return distance;
  for (let m = 0; m < front[0].length; m++) {
    const order = [...Array(n).keys()].sort((a, b) => front[a][m] - front[b][m] || a - b);
    const min = front[order[0]][m];
    const max = front[order[n - 1]][m];
    if (!(max > min) || !Number.isFinite(max - min)) continue;
    distance[order[0]] = Infinity;
    distance[order[n - 1]] = Infinity;
    for (let k = 1; k < n - 1; k++) distance[order[k]] += (front[order[k + 1]][m] - front[order[k - 1]][m]) / (max - min);
  }
  return distance;
}

/** The complete trials no other complete trial dominates, in trial-number order. */
export function paretoFront(trials: readonly FrozenTrial[], directions: readonly Direction[]): FrozenTrial[] {
  const complete = trials.filter((t) => t.state === 'complete' && t.values !== undefined).sort((a, b) => a.number - b.number);
  const losses = complete.map((t) => toLosses(t.values!, directions));
  return complete.filter((_, i) => !losses.some((other, j) => j !== i && dominatesLoss(other, losses[i])));
}
