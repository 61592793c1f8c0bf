/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { Costs } from '@ares/contracts';
import { randomWalkCandles, seededRandom } from '@ares/ml/testing';
import { BARRIER, deployableSetupFor } from '../testing/deployable-setup';
import { cpcvPlan, CpcvSplitOutcome, evaluateCpcvSplit, summarizeCpcv } from './cpcv-evaluation';

describe('CPCV evaluation', () => {
  const setup = deployableSetupFor(randomWalkCandles(1500, seededRandom(21)));
  const wf = { ...setup, kind: 'gbdt' as const, barrier: BARRIER, costs: new Costs() };
  const start = setup.inputs.firstUsableRow;
  const plan = cpcvPlan(setup, start, 1400, 6, 2, BARRIER.horizonBars);

  it('lays out 15 splits and 5 paths; no split trains on its test groups or on labels reaching them', () => {
    expect(plan.splits).toHaveLength(15);
    expect(plan.paths).toHaveLength(5);
    for (const split of plan.splits) {
      for (const row of split.trainRows) {
        for (const g of split.testGroups) {
          const { start: gs, end: ge } = plan.groups[g];
          expect(row >= gs && row < ge).toBe(false);
          // Purged: a label that starts before the group never reaches into it.
          if (row < gs) expect(setup.labels.labelEnd[row]).toBeLessThan(gs);
        }
        expect(setup.labels.labelEnd[row]).toBeLessThan(1400);
      }
    }
  });

  it('backtests each split group by group and recombines them into paths', async () => {
    const outcomes: CpcvSplitOutcome[] = [];
    for (const split of plan.splits) outcomes.push(await evaluateCpcvSplit(wf, plan, split.index));
    const summary = summarizeCpcv(wf, plan, outcomes);
    expect(summary.paths).toHaveLength(5);
    expect(summary.sharpe.min).toBeLessThanOrEqual(summary.sharpe.max);
    expect(summary.beatBuyAndHold).toBeGreaterThanOrEqual(0);
    // Each path covers every row of the range once.
    const bars = plan.end - plan.start;
    for (const path of plan.paths) {
      const length = path.reduce((sum, split, group) => sum + outcomes[split].groups.find((g) => g.group === group)!.returns.length, 0);
      expect(length).toBe(bars);
    }
    // Deterministic: the same split twice gives the same returns.
    expect((await evaluateCpcvSplit(wf, plan, 4)).groups).toEqual(outcomes[4].groups);
  });
});
