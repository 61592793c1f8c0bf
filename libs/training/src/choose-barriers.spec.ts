import { BarrierGrid, Costs, TrainStageParams } from '@ares/contracts';
import { computeFeatures } from '@ares/ml';
import { HOUR, randomWalkCandles, seededRandom } from '@ares/ml/testing';
import { Candles } from '@ares/market-data';
import { chooseBarriers } from './choose-barriers';
import { buildModelInputs } from './model-inputs';

function inputsFor(candles: Candles) {
  const features = computeFeatures(candles, { timeframeMs: HOUR });
  const columns: Record<string, Float64Array> = { close: candles.close };
  features.names.forEach((name, index) => {
    columns[name] = features.columns[index];
  });
  return buildModelInputs({ timestamps: candles.timestamps, columns }, candles, new Uint8Array(candles.length).fill(1), HOUR, 'vol_24');
}

const grid = Object.assign(new BarrierGrid(), { kTp: [1, 2], kSl: [1, 2], horizonBars: [6, 12] });
const costs = Object.assign(new Costs(), { takerFeeBps: 10, slippageBps: 5 });
const train = new TrainStageParams();

describe('chooseBarriers', () => {
  const candles = randomWalkCandles(3000, seededRandom(11));
  const selectionEnd = 2000;

  it('scores every grid point and picks the best inner hold-out Sharpe', () => {
    const selection = chooseBarriers(inputsFor(candles), grid, selectionEnd, 0.7, costs, train);
    expect(selection.candidates).toHaveLength(8);
    const best = Math.max(...selection.candidates.filter((c) => !c.error).map((c) => c.sharpe));
    const chosen = selection.candidates.find(
      (c) => c.kTp === selection.chosen.kTp && c.kSl === selection.chosen.kSl && c.horizonBars === selection.chosen.horizonBars,
    )!;
    expect(chosen.sharpe).toBe(best);
    expect(selection.innerTrainEnd).toBeLessThan(selectionEnd);
  });

  it('never looks at rows from the first walk-forward test window on', () => {
    const before = chooseBarriers(inputsFor(candles), grid, selectionEnd, 0.7, costs, train);
    const altered: Candles = {
      ...candles,
      open: candles.open.slice(),
      high: candles.high.slice(),
      low: candles.low.slice(),
      close: candles.close.slice(),
      volume: candles.volume.slice(),
    };
    const random = seededRandom(99);
    for (let i = selectionEnd; i < candles.length; i++) {
      const factor = 0.5 + random();
      altered.open[i] *= factor;
      altered.close[i] *= factor;
      altered.high[i] = Math.max(altered.open[i], altered.close[i]) * 1.01;
      altered.low[i] = Math.min(altered.open[i], altered.close[i]) * 0.99;
      altered.volume[i] *= 3;
    }
    const after = chooseBarriers(inputsFor(altered), grid, selectionEnd, 0.7, costs, train);
    expect(after.chosen).toEqual(before.chosen);
    expect(after.candidates).toEqual(before.candidates);
  });

  it('says so when the selection range is too short', () => {
    expect(() => chooseBarriers(inputsFor(candles), grid, 60, 0.7, costs, train)).toThrow(/selection range .* too short/);
  });
});
