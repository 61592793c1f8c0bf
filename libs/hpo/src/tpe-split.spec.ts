import { defaultGamma, defaultWeights, splitTrials } from './tpe-split';
import { FrozenTrial, TrialState } from './trial';

const trial = (number: number, state: TrialState, value?: number, intermediate: Record<number, number> = {}): FrozenTrial => ({
  number,
  params: { x: number },
  state,
  ...(value === undefined ? {} : { values: [value], value }),
  intermediateValues: intermediate,
});

describe('TPE split', () => {
  it('takes min(⌈0.1·n⌉, 25) good trials', () => {
    expect([0, 1, 10, 11, 100, 249, 250, 1000].map(defaultGamma)).toEqual([0, 1, 1, 2, 10, 25, 25, 25]);
  });

  it('weights flat below 25 observations, then a ramp 1/n → 1 over the oldest n − 25', () => {
    expect(Array.from(defaultWeights(3))).toEqual([1, 1, 1]);
    expect(Array.from(defaultWeights(25))).toEqual(new Array(25).fill(1));
    expect(Array.from(defaultWeights(26)).slice(0, 2)).toEqual([1 / 26, 1]);
    const w = defaultWeights(30);
    expect(w[0]).toBeCloseTo(1 / 30, 15);
    expect(w[4]).toBeCloseTo(1, 15);
    expect(w[2]).toBeCloseTo((1 / 30 + 1) / 2, 15);
    expect(Array.from(w.slice(5))).toEqual(new Array(25).fill(1));
  });

  it('ranks complete trials first, then pruned ones by (last step reached, last value), running ones last; failed are left out', () => {
    const trials = [
      trial(0, 'complete', 5),
      trial(1, 'pruned', undefined, { 0: 0.1, 3: 9 }), // reached step 3
      trial(2, 'pruned', undefined, { 0: 0.01 }), // better value, but only step 0
      trial(3, 'failed'),
      trial(4, 'complete', 7),
      trial(5, 'running'),
      trial(6, 'pruned'), // nothing reported: after every pruned trial that reported
      trial(7, 'pruned', undefined, { 3: NaN }), // NaN: last among the step-3 ones
      trial(8, 'pruned', undefined, { 3: 8 }),
      ...Array.from({ length: 13 }, (_, k) => trial(9 + k, 'complete', 10 + k)),
    ];
    // 20 finished (13 + 2 complete, 5 pruned): gamma = 2 → the two best complete trials.
    const split = splitTrials(trials, 'minimize', false);
    expect(split.nFinished).toBe(20);
    expect(split.below.map((t) => t.number)).toEqual([0, 4]);
    expect(split.above.map((t) => t.number)).not.toContain(3);
    expect(split.above.map((t) => t.number)).not.toContain(5);

    const ordered = splitTrials(trials.slice(0, 9), 'minimize', true);
    // 7 finished → gamma 1: trial 0 below; above keeps the trial order; the running trial is in it.
    expect(ordered.below.map((t) => t.number)).toEqual([0]);
    expect(ordered.above.map((t) => t.number)).toEqual([1, 2, 4, 5, 6, 7, 8]);
  });

  it('puts pruned trials in rank order after complete ones when gamma reaches them', () => {
    const pruned = [
      trial(0, 'pruned', undefined, { 0: 0.01 }),
      trial(1, 'pruned', undefined, { 0: 0.1, 3: 9 }),
      trial(2, 'pruned', undefined, { 3: NaN }),
      trial(3, 'pruned', undefined, { 3: 8 }),
      trial(4, 'pruned'),
    ];
    // With only pruned trials and gamma(5) = 1, the best is the one that got furthest with the better value: #3.
    expect(splitTrials(pruned, 'minimize', false).below.map((t) => t.number)).toEqual([3]);
    // Grow gamma with complete trials placed last by value: 11 complete with huge values + the 5 pruned = 16 → gamma 2.
    const complete = Array.from({ length: 11 }, (_, k) => trial(5 + k, 'complete', 1e9 + k));
    const split = splitTrials([...pruned, ...complete], 'minimize', false);
    expect(split.below.map((t) => t.number)).toEqual([5, 6]);
  });

  it('with the constant liar counts running trials as the worst (bad set) but not as finished', () => {
    const trials = [trial(0, 'complete', 1), trial(1, 'running'), trial(2, 'complete', 2)];
    const liar = splitTrials(trials, 'maximize', true);
    expect(liar.nFinished).toBe(2);
    expect(liar.below.map((t) => t.number)).toEqual([2]); // maximising: 2 beats 1
    expect(liar.above.map((t) => t.number)).toEqual([0, 1]);
    expect(splitTrials(trials, 'maximize', false).above.map((t) => t.number)).toEqual([0]);
  });
});
