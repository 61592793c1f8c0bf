/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { ModelKind, WalkForwardStageParams } from '@ares/contracts';
import { Candles } from '@ares/market-data';
import { randomWalkCandles, seededRandom, withGaps } from '@ares/ml/testing';
import { BARRIER, deployableSetupFor } from './testing/deployable-setup';
import { evaluateWalkForward } from './walk-forward-evaluation';
import { walkForwardPlan } from './walk-forward-plan';

async function evaluate(candles: Candles, kind: ModelKind = 'gbdt') {
  const setup = deployableSetupFor(candles);
  const plan = walkForwardPlan(candles.length, setup.inputs.firstUsableRow, new WalkForwardStageParams(), BARRIER.horizonBars);
  return { plan, ...(await evaluateWalkForward({ ...setup, kind, barrier: BARRIER, embargoBars: plan.options.embargoBars }, plan.folds)) };
}

describe('evaluateWalkForward', () => {
  const candles = randomWalkCandles(2400, seededRandom(5));

  it('reports every fold, each served from its own ONNX model', async () => {
    const { plan, report } = await evaluate(candles);
    expect(report.folds).toHaveLength(5);
    expect(new Set(report.folds.map((fold) => fold.modelSha256)).size).toBe(5);
    expect(report.overall.testBars).toBe(plan.folds.reduce((sum, fold) => sum + fold.testEnd - fold.testStart, 0));
    expect(report.overall.trades).toBe(report.folds.reduce((sum, fold) => sum + fold.metrics.trades, 0));
    // Both sides trade, all-in: a single model sizes nothing.
    expect(report.overall.longTrades).toBeGreaterThan(0);
    expect(report.overall.shortTrades).toBeGreaterThan(0);
    expect(report.overall.averageBetSize).toBe(1);
    expect(report.overall.fundingPaid).toBe(0);
  });

  it('the ensemble kind retrains members, stack and meta-label model per fold and sizes its bets', async () => {
    const { report } = await evaluate(candles, 'ensemble');
    expect(report.folds).toHaveLength(5);
    expect(report.overall.flatFolds).toBe(0);
    expect(report.overall.trades).toBeGreaterThan(0);
    expect(report.overall.averageBetSize).toBeGreaterThan(0);
    expect(report.overall.averageBetSize).toBeLessThan(1);
    expect(report.overall.longPnl + report.overall.shortPnl).toBeCloseTo(report.overall.totalReturn, 10);
  });

  it.each<ModelKind>(['gbdt', 'ensemble'])('a %s fold is untouched by anything after its test window', async (kind) => {
    const { plan, report } = await evaluate(candles, kind);
    const cut = plan.folds[2].testEnd;
    const altered: Candles = {
      ...candles,
      open: candles.open.slice(),
      high: candles.high.slice(),
      low: candles.low.slice(),
      close: candles.close.slice(),
      volume: candles.volume.slice(),
    };
    for (let i = cut; i < candles.length; i++) {
      altered.open[i] *= 1.3;
      altered.close[i] *= 0.8;
      altered.high[i] = Math.max(altered.open[i], altered.close[i]) * 1.02;
      altered.low[i] = Math.min(altered.open[i], altered.close[i]) * 0.98;
    }
    const { report: after } = await evaluate(altered, kind);
    expect(after.folds.slice(0, 3)).toEqual(report.folds.slice(0, 3));
    expect(after.folds[3]).not.toEqual(report.folds[3]);
  });

  it('evaluates a series with outages of hours and of days: gaps are segment boundaries, not failures', async () => {
    const gappy = withGaps(randomWalkCandles(2600, seededRandom(6)), [
      { atRow: 900, bars: 6 },
      { atRow: 1700, bars: 48 },
      { atRow: 2100, bars: 33 },
    ]);
    const { plan, report } = await evaluate(gappy);
    expect(report.folds).toHaveLength(5);
    expect(report.overall.testBars).toBe(plan.folds.reduce((sum, fold) => sum + fold.testEnd - fold.testStart, 0));
    expect(Number.isFinite(report.overall.sharpe)).toBe(true);
  });
});
