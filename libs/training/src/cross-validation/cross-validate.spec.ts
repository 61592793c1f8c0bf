import { Costs, TrainStageParams } from '@ares/contracts';
import { computeFeatures, tripleBarrierLabels } from '@ares/ml';
import { HOUR, randomWalkCandles, seededRandom } from '@ares/ml/testing';
import { horizonSigma } from '../barrier-scale';
import { buildModelInputs } from '../model-inputs';
import { crossValidate, CvSetup } from './cross-validate';
import { purgedKFold } from './purged-k-fold';

describe('crossValidate', () => {
  const candles = randomWalkCandles(1600, seededRandom(3));
  const features = computeFeatures(candles, { timeframeMs: HOUR });
  const columns: Record<string, Float64Array> = { close: candles.close };
  features.names.forEach((name, index) => (columns[name] = features.columns[index]));
  const inputs = buildModelInputs({ timestamps: candles.timestamps, columns }, candles, new Uint8Array(candles.length).fill(1), HOUR, 'vol_24');
  const barrier = { kTp: 1, kSl: 1, horizonBars: 12 };
  const labels = tripleBarrierLabels(candles, horizonSigma(inputs.sigma, 12), barrier, { timeframeMs: HOUR, mask: inputs.mask });
  const trainable = Uint8Array.from(labels.valid, (v, i) => v & inputs.usable[i]);
  const splits = purgedKFold({
    start: inputs.firstUsableRow,
    end: 1200,
    folds: 3,
    touchIndex: labels.touchIndex,
    trainable,
    usable: inputs.usable,
    embargoBars: 12,
  });
  const costs = Object.assign(new Costs(), { takerFeeBps: 10, slippageBps: 5 });
  const setup = (family: 'gbdt' | 'logistic'): CvSetup => ({ inputs, labels, barrier, splits, costs, family, seed: 1 });
  const paramsWith = (rounds: number) => {
    const params = new TrainStageParams();
    params.gbdt = { ...params.gbdt, nEstimators: rounds, minDataInLeaf: 20 };
    return params;
  };

  it('scores a configuration on every block, after costs, one per-bar return per row of the range', async () => {
    const outcome = await crossValidate(setup('logistic'), new TrainStageParams());
    expect(outcome.rounds).toBe(0);
    expect(outcome.folds).toHaveLength(3);
    expect(outcome.returns).toHaveLength(1200 - inputs.firstUsableRow);
    expect(outcome.trades).toBe(outcome.folds.reduce((sum, fold) => sum + fold.trades, 0));
    expect(Number.isFinite(outcome.sharpe) && outcome.logLoss > 0).toBe(true);
  });

  it('boosts the blocks in lockstep: its score at a rung is that of a model trained for those rounds, and a pruned trial stops there', async () => {
    const seen: number[] = [];
    const pruned = await crossValidate(setup('gbdt'), paramsWith(30), {
      rungs: [10, 20],
      onRung: (rounds) => {
        seen.push(rounds);
        return rounds === 20;
      },
    });
    expect(seen).toEqual([10, 20]);
    expect(pruned).toMatchObject({ pruned: true, rounds: 20 });
    const ten = await crossValidate(setup('gbdt'), paramsWith(10));
    expect(ten.pruned).toBe(false);
    const { returns: _r, tradeReturns: _t, rungs: _g, pruned: _p, rounds: _n, ...scores } = ten;
    expect(pruned.rungs[0]).toEqual({ rounds: 10, scores });
  });
});
