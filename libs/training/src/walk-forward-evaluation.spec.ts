/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { Costs, TrainStageParams, WalkForwardStageParams } from '@ares/contracts';
import { Candles } from '@ares/market-data';
import { computeFeatures, tripleBarrierLabels } from '@ares/ml';
import { HOUR, randomWalkCandles, seededRandom, withGaps } from '@ares/ml/testing';
import { horizonSigma } from './barrier-scale';
import { buildModelInputs } from './model-inputs';
import { evaluateWalkForward } from './walk-forward-evaluation';
import { walkForwardPlan } from './walk-forward-plan';

const barrier = { kTp: 1, kSl: 1, horizonBars: 12 };
const costs = new Costs();
const train = new TrainStageParams();

async function evaluate(candles: Candles) {
  const features = computeFeatures(candles, { timeframeMs: HOUR });
  const columns: Record<string, Float64Array> = { close: candles.close };
  features.names.forEach((name, index) => {
    columns[name] = features.columns[index];
  });
  const inputs = buildModelInputs({ timestamps: candles.timestamps, columns }, candles, new Uint8Array(candles.length).fill(1), HOUR, 'vol_24');
  const labels = tripleBarrierLabels(candles, horizonSigma(inputs.sigma, barrier.horizonBars), barrier, { timeframeMs: HOUR, mask: inputs.mask });
  const plan = walkForwardPlan(candles.length, inputs.firstUsableRow, new WalkForwardStageParams(), barrier.horizonBars);
  return { plan, report: await evaluateWalkForward(inputs, labels, barrier, plan.folds, plan.options.embargoBars, train, costs) };
}

describe('evaluateWalkForward', () => {
  const candles = randomWalkCandles(2400, seededRandom(5));

  it('reports every fold, each served from its own ONNX model', async () => {
    const { plan, report } = await evaluate(candles);
    expect(report.folds).toHaveLength(5);
    expect(new Set(report.folds.map((fold) => fold.modelSha256)).size).toBe(5);
    expect(report.overall.testBars).toBe(plan.folds.reduce((sum, fold) => sum + fold.testEnd - fold.testStart, 0));
    expect(report.overall.trades).toBe(report.folds.reduce((sum, fold) => sum + fold.metrics.trades, 0));
  });

  it('a fold is untouched by anything after its test window', async () => {
    const { plan, report } = await evaluate(candles);
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
    const { report: after } = await evaluate(altered);
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
