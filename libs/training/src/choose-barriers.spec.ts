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

  it('ranks the grid points with enough trades by the PSR of their out-of-sample trades', async () => {
    const selection = await chooseBarriers(inputsFor(candles), grid, selectionEnd, { folds: 4, minTrades: 5 }, costs, train);
    expect(selection.candidates).toHaveLength(8);
    const ranked = selection.candidates.filter((c) => !c.error);
    expect(ranked.length).toBeGreaterThan(0);
    for (const c of ranked) expect(c.trades).toBeGreaterThanOrEqual(5);
    const chosen = selection.candidates.find(
      (c) => c.kTp === selection.chosen.kTp && c.kSl === selection.chosen.kSl && c.horizonBars === selection.chosen.horizonBars,
    )!;
    expect(chosen.psr).toBe(Math.max(...ranked.map((c) => c.psr)));
    expect(selection.selectionEnd).toBe(selectionEnd);
  });

  it('does not rank a candidate with fewer trades than minTrades, however good they were', async () => {
    const loose = await chooseBarriers(inputsFor(candles), grid, selectionEnd, { folds: 4, minTrades: 1 }, costs, train);
    const fewest = Math.min(...loose.candidates.filter((c) => !c.error).map((c) => c.trades));
    const strict = await chooseBarriers(inputsFor(candles), grid, selectionEnd, { folds: 4, minTrades: fewest + 1 }, costs, train);
    for (const c of strict.candidates.filter((c) => c.trades <= fewest)) expect(c.error).toMatch(/fewer than minTrades/);
    await expect(chooseBarriers(inputsFor(candles), grid, selectionEnd, { folds: 4, minTrades: 100_000 }, costs, train)).rejects.toThrow(
      /no grid point could be ranked .* lower minTrades/,
    );
  });

  it('never looks at rows from the first walk-forward test window on', async () => {
    const before = await chooseBarriers(inputsFor(candles), grid, selectionEnd, { folds: 4, minTrades: 5 }, costs, train);
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
    const after = await chooseBarriers(inputsFor(altered), grid, selectionEnd, { folds: 4, minTrades: 5 }, costs, train);
    expect(after.chosen).toEqual(before.chosen);
    expect(after.candidates).toEqual(before.candidates);
  });

  it('says so when the selection range is too short', async () => {
    await expect(chooseBarriers(inputsFor(candles), grid, 60, { folds: 4, minTrades: 5 }, costs, train)).rejects.toThrow(
      /selection range .* too short/,
    );
  });
});
