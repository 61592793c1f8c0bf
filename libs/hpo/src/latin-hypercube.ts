import { seededRandom } from '@ares/random';
import { paramTransform } from './param-transform';
import { ParamValue, Params, searchSpaceErrors, SearchSpace } from './search-space';
import { trialSeed } from './trial-seed';

const LHS_SALT = 0x4c4853; // 'LHS': a stream no trial of a study with the same seed uses

/**
 * n stratified points (McKay et al. 1979): each numeric parameter's internal interval (log space for log scales)
 * is cut into n equal strata and every stratum gets exactly one point, at a uniform position inside it, the strata
 * shuffled independently per parameter. A categorical parameter's n slots are spread evenly over its choices
 * (counts differ by at most one) and shuffled the same way. A pure function of (space, n, seed).
 */
export function latinHypercube(space: SearchSpace, n: number, seed: number): Params[] {
  const errors = [
    ...searchSpaceErrors(space),
    ...(Number.isInteger(n) && n >= 0 ? [] : [`n: must be an integer ≥ 0 (got ${n})`]),
    ...(Number.isSafeInteger(seed) ? [] : [`seed: must be a safe integer (got ${seed})`]),
  ];
  if (errors.length > 0) throw new Error(errors.join('; '));
  const rng = seededRandom(trialSeed(seed, 0, LHS_SALT));
  const points: Record<string, ParamValue>[] = Array.from({ length: n }, () => ({}));
  for (const name of Object.keys(space)) {
    const t = paramTransform(space[name]);
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    for (let i = 0; i < n; i++) {
      if (t.dim.kind === 'categorical') {
        points[i][name] = t.toExternal(Math.floor((strata[i] * t.dim.size) / n));
      } else {
        const u = (strata[i] + rng()) / n;
        points[i][name] = t.toExternal(t.dim.low + u * (t.dim.high - t.dim.low));
      }
    }
  }
  return points;
}
