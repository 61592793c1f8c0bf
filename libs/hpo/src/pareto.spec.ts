import { crowdingDistances, dominates, nonDominatedRanks, paretoFront } from './pareto';
import { FrozenTrial, TrialState } from './trial';

const t = (number: number, values: number[] | undefined, state: TrialState = 'complete'): FrozenTrial => ({
  number,
  params: {},
  state,
  ...(values ? { values } : {}),
  intermediateValues: {},
});

describe('pareto', () => {
  it('dominates respecting directions', () => {
    expect(dominates([1, 5], [2, 5], ['minimize', 'minimize'])).toBe(true);
    expect(dominates([1, 5], [1, 5], ['minimize', 'minimize'])).toBe(false);
    expect(dominates([1, 5], [2, 4], ['minimize', 'maximize'])).toBe(true);
    expect(dominates([1, 5], [2, 4], ['minimize', 'minimize'])).toBe(false);
  });

  it('sorts into non-dominated fronts', () => {
    // Losses: (1,4) (2,2) (4,1) are the front; (3,3) is behind (2,2); (4,4) behind (3,3); (5,5) last.
    const ranks = nonDominatedRanks([
      [4, 4],
      [1, 4],
      [3, 3],
      [2, 2],
      [5, 5],
      [4, 1],
    ]);
    expect(Array.from(ranks)).toEqual([2, 0, 1, 0, 3, 0]);
  });

  it('gives the extremes of a front infinite crowding distance and the inner points their normalised gaps', () => {
    const d = crowdingDistances([
      [0, 4],
      [1, 2],
      [4, 0],
      [2, 1],
    ]);
    expect(d[0]).toBe(Infinity);
    expect(d[2]).toBe(Infinity);
    // (1,2): neighbours (0,4) and (2,1): (2−0)/4 + (4−1)/4 = 1.25; (2,1): neighbours (1,2), (4,0): 3/4 + 2/4.
    expect(d[1]).toBeCloseTo(1.25, 12);
    expect(d[3]).toBeCloseTo(1.25, 12);
  });

  it('paretoFront keeps the complete, non-dominated trials in number order', () => {
    const trials = [
      t(0, [3, 30]), // dominated by #2 (minimise, maximise): 2 < 3 and 40 > 30
      t(1, [1, 10]),
      t(2, [2, 40]),
      t(3, undefined, 'running'),
      t(4, [0, 0], 'failed'), // would dominate nothing, not complete anyway
      t(5, [1, 10]), // equal to #1: neither dominates the other
      t(6, [5, 50]),
    ];
    expect(paretoFront(trials, ['minimize', 'maximize']).map((x) => x.number)).toEqual([1, 2, 5, 6]);
    expect(paretoFront(trials, ['minimize', 'minimize']).map((x) => x.number)).toEqual([1, 5]);
  });
});
