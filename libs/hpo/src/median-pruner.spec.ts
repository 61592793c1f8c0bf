import { medianPruner, nanPercentile } from './median-pruner';
import { FrozenTrial, IntermediateValue, TrialState } from './trial';

const t = (number: number, state: TrialState, iv: Record<number, IntermediateValue>): FrozenTrial => ({
  number,
  params: {},
  state,
  intermediateValues: iv,
});
/** Five complete trials that reported 1..5 at step 3 (and 10..50 at step 1). */
const complete = [1, 2, 3, 4, 5].map((v, i) => t(i, 'complete', { 1: v * 10, 3: v }));

describe('median pruner', () => {
  const pruner = medianPruner({ type: 'median' });

  it('interpolates percentiles like numpy.nanpercentile', () => {
    expect(nanPercentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(nanPercentile([NaN, 3, 1], 50)).toBe(2);
    expect(nanPercentile([NaN], 50)).toBeNaN();
  });

  it('prunes when the best value so far is worse than the median of the complete trials at this step', () => {
    expect(pruner.shouldPrune(t(9, 'running', { 3: 3.5 }), complete, ['minimize'])).toBe(true);
    expect(pruner.shouldPrune(t(9, 'running', { 3: 2.5 }), complete, ['minimize'])).toBe(false);
    expect(pruner.shouldPrune(t(9, 'running', { 3: 3 }), complete, ['minimize'])).toBe(false); // equal to the median
    // Best over its steps: 0.5 at step 2 beats the median even though the step-3 value does not.
    expect(pruner.shouldPrune(t(9, 'running', { 2: 0.5, 3: 4 }), complete, ['minimize'])).toBe(false);
    expect(pruner.shouldPrune(t(9, 'running', { 3: 2.5 }), complete, ['maximize'])).toBe(true);
    expect(pruner.shouldPrune(t(9, 'running', { 3: NaN }), complete, ['minimize'])).toBe(true);
  });

  it('waits for nStartupTrials complete trials, nWarmupSteps and the interval', () => {
    expect(pruner.shouldPrune(t(9, 'running', { 3: 9 }), complete.slice(0, 4), ['minimize'])).toBe(false);
    expect(pruner.shouldPrune(t(9, 'running', {}), complete, ['minimize'])).toBe(false);
    // No complete trial reported step 2: nothing to compare with.
    expect(pruner.shouldPrune(t(9, 'running', { 2: 99 }), complete, ['minimize'])).toBe(false);
    const warm = medianPruner({ type: 'median', nWarmupSteps: 4 });
    expect(warm.shouldPrune(t(9, 'running', { 3: 9 }), complete, ['minimize'])).toBe(false);
    // interval 2 from warmup 0: checkpoints at 0, 2, 4 — step 3 is checked only if nothing was reported since step 2.
    const every2 = medianPruner({ type: 'median', intervalSteps: 2 });
    expect(every2.shouldPrune(t(9, 'running', { 3: 9 }), complete, ['minimize'])).toBe(true);
    expect(every2.shouldPrune(t(9, 'running', { 2: 9, 3: 9 }), complete, ['minimize'])).toBe(false);
  });

  it('ignores the trial itself and running or pruned trials as references', () => {
    const others = [...complete.slice(0, 4), t(4, 'pruned', { 3: 100 }), t(5, 'running', { 3: 100 })];
    expect(pruner.shouldPrune(t(9, 'running', { 3: 9 }), others, ['minimize'])).toBe(false); // 4 complete < 5 startup
  });

  it('several objectives: prunes when the per-objective median vector dominates the best-so-far vector', () => {
    const mo = [1, 2, 3, 4, 5].map((v, i) => t(i, 'complete', { 3: [v, -v] })); // medians (3, −3)
    const dirs = ['minimize', 'maximize'] as const;
    expect(pruner.shouldPrune(t(9, 'running', { 3: [4, -4] }), mo, dirs)).toBe(true); // worse on both
    expect(pruner.shouldPrune(t(9, 'running', { 3: [3, -3] }), mo, dirs)).toBe(false); // equal: not dominated
    expect(pruner.shouldPrune(t(9, 'running', { 3: [4, 0] }), mo, dirs)).toBe(false); // better on the second
    expect(pruner.shouldPrune(t(9, 'running', { 3: [3, -4] }), mo, dirs)).toBe(true); // equal, then worse
  });
});
