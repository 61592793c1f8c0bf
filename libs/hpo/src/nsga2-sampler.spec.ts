import { seededRandom } from '@ares/random';
import { nsga2Sampler, parentPopulation, selectElite } from './nsga2-sampler';
import { randomParams } from './random-sampler';
import { Params, SearchSpace } from './search-space';
import { createStudy } from './study';
import { FrozenTrial } from './trial';
import { trialSeed } from './trial-seed';

const D = 5;
const space: SearchSpace = Object.fromEntries([...Array(D).keys()].map((i) => [`x${i}`, { type: 'float', low: 0, high: 1 } as const]));
/** ZDT1 (Zitzler, Deb, Thiele 2000): front f2 = 1 − √f1 where x1..x4 = 0. */
const zdt1 = (p: Params) => {
  const x = Object.values(p) as number[];
  const g = 1 + (9 * x.slice(1).reduce((a, b) => a + b, 0)) / (D - 1);
  return [x[0], g * (1 - Math.sqrt(x[0] / g))];
};
/** 2-D hypervolume (minimisation) dominated by the points, up to `ref`. */
function hypervolume(points: readonly (readonly number[])[], ref: [number, number]): number {
  const sorted = points.filter((p) => p[0] < ref[0] && p[1] < ref[1]).sort((a, b) => a[0] - b[0]);
  let area = 0;
  let floor = ref[1];
  for (const [x, y] of sorted) {
    if (y < floor) {
      area += (ref[0] - x) * (floor - y);
      floor = y;
    }
  }
  return area;
}
const complete = (number: number, values: number[]): FrozenTrial => ({
  number,
  params: { x0: number },
  state: 'complete',
  values,
  intermediateValues: {},
});

describe('NSGA-II sampler', () => {
  it('selects the elite by front, then by crowding distance', () => {
    // Front: (0,4) (1,2) (2,1.5) (4,0); behind: (3,3). Three places: the two extremes, then the inner point with
    // the larger crowding distance — (1,2): 2/4 + 2.5/4 = 1.125 against (2,1.5): 3/4 + 2/4 = 1.25.
    const candidates = [complete(0, [0, 4]), complete(1, [1, 2]), complete(2, [2, 1.5]), complete(3, [4, 0]), complete(4, [3, 3])];
    expect(
      selectElite(candidates, 3, ['minimize', 'minimize'])
        .map((m) => m.trial.number)
        .sort(),
    ).toEqual([0, 2, 3]);
    expect(selectElite(candidates, 5, ['minimize', 'minimize']).map((m) => m.rank)).toEqual([0, 0, 0, 0, 1]);
  });

  it('keeps generation 0 random and takes parents from the earlier generations only', () => {
    const trials = [complete(0, [1, 1]), complete(1, [0, 2]), complete(2, [2, 0]), complete(3, [5, 5])];
    // Population 2: generation 0 = trials 0, 1; generation 1 = 2, 3. Generation 1's parents: elite of {0, 1}.
    expect(parentPopulation(trials, 1, 2, ['minimize', 'minimize']).map((m) => m.trial.number)).toEqual([0, 1]);
    // Generation 2's: elite of {0, 1} ∪ {2, 3} → the front {0, 1, 2} cut to 2 by crowding: the extremes 1 and 2.
    expect(
      parentPopulation(trials, 2, 2, ['minimize', 'minimize'])
        .map((m) => m.trial.number)
        .sort(),
    ).toEqual([1, 2]);
    const sampler = nsga2Sampler({ type: 'nsga2', populationSize: 4 });
    const context = { space, directions: ['minimize', 'minimize'] as const, trials, number: 3, rng: seededRandom(trialSeed(5, 3)) };
    expect(sampler.sample(context)).toEqual(randomParams(space, seededRandom(trialSeed(5, 3))));
  });

  it('children inherit their parents’ values except where mutated', () => {
    const parents = [0, 1, 2, 3].map((n) => ({ ...complete(n, [n, 3 - n]), params: Object.fromEntries(Object.keys(space).map((k) => [k, n / 10])) }));
    const sampler = nsga2Sampler({ type: 'nsga2', populationSize: 4, mutationProb: 0 });
    for (let number = 4; number < 8; number++) {
      const child = sampler.sample({ space, directions: ['minimize', 'minimize'], trials: parents, number, rng: seededRandom(number) });
      for (const v of Object.values(child)) expect([0, 0.1, 0.2, 0.3]).toContain(v);
    }
  });

  it('approaches the ZDT1 front far better than random search (hypervolume after 300 trials)', () => {
    const run = (sampler: { type: 'nsga2'; populationSize: number } | { type: 'random' }, seed: number) => {
      const study = createStudy({ space, directions: ['minimize', 'minimize'], sampler, seed });
      for (let i = 0; i < 300; i++) {
        const { number, params } = study.ask();
        study.tell(number, zdt1(params));
      }
      return hypervolume(
        study.paretoFront().map((t) => t.values!),
        [1, 6],
      );
    };
    for (const seed of [0, 1, 2]) expect(run({ type: 'nsga2', populationSize: 20 }, seed)).toBeGreaterThan(run({ type: 'random' }, seed) + 0.3);
  });

  it('is deterministic per trial number, whatever the order of tells within a batch', () => {
    const run = (reverse: boolean) => {
      const study = createStudy({ space, directions: ['minimize', 'minimize'], sampler: { type: 'nsga2', populationSize: 8 }, seed: 3 });
      const asked: Params[] = [];
      for (let batch = 0; batch < 4; batch++) {
        const trials = Array.from({ length: 8 }, () => study.ask());
        asked.push(...trials.map((t) => t.params));
        for (const t of reverse ? [...trials].reverse() : trials) study.tell(t.number, zdt1(t.params));
      }
      return asked;
    };
    expect(run(true)).toEqual(run(false));
  });
});
