import { BarrierGrid, Costs, TrainStageParams } from '@ares/contracts';
import { backtest, labelBalance, tripleBarrierLabels, TripleBarrierLabels, TripleBarrierParams } from '@ares/ml';
import { probabilisticSharpeRatio, sampleMoments } from '@ares/stats';
import { horizonSigma } from './barrier-scale';
import { entryThreshold, fitBaselineModel, predictBaseline, signalsFrom } from './baseline-model';
import { CvSplit, purgedKFold } from './cross-validation/purged-k-fold';
import { takeProfitTarget } from './labels-codec';
import { ModelInputs } from './model-inputs';

export interface BarrierCandidate extends TripleBarrierParams {
  /**
   * The criterion: the probabilistic Sharpe ratio of the candidate's out-of-sample trades against 0 — the probability
   * that their true per-trade Sharpe ratio is positive, given how many there are and how skewed and fat-tailed they are.
   */
  psr: number;
  /** Per-trade Sharpe ratio (mean / std of net trade returns). */
  tradeSharpe: number;
  /** Annualised Sharpe of the out-of-sample per-bar returns, after costs (shown, not ranked on). */
  sharpe: number;
  totalReturn: number;
  trades: number;
  labelUp: number;
  labelDown: number;
  labelFlat: number;
  /** Why the candidate is not ranked (too few trades, or a split it could not be fitted on); unranked ones come last. */
  error?: string;
}

export interface BarrierSelection {
  chosen: TripleBarrierParams;
  labels: TripleBarrierLabels;
  candidates: BarrierCandidate[];
  selectionStart: number;
  selectionEnd: number;
}

export interface BarrierSelectionOptions {
  /** Purged k-fold folds over the selection range. */
  folds: number;
  /** Trades a candidate needs out of sample to be ranked at all. */
  minTrades: number;
}

/**
 * Chooses (k_tp, k_sl, h) out of sample, using only rows before `selectionEnd` — the first walk-forward test row —
 * so no range a later validation tests on influences the choice.
 *
 * Each grid point's labels train the logistic baseline under purged, embargoed k-fold over the selection range; each
 * test block is traded with that point's barriers and the RunSpec's costs. A candidate is ranked only with at least
 * `minTrades` out-of-sample trades, by the probabilistic Sharpe ratio of its net trade returns against zero, so two
 * lucky trades cannot win (the sample's old criterion, the best in-sample Sharpe, chose a point with 2 trades).
 * Ties go to the higher total return, then to grid order.
 */
export function chooseBarriers(
  inputs: ModelInputs,
  grid: BarrierGrid,
  selectionEnd: number,
  options: BarrierSelectionOptions,
  costs: Costs,
  trainParams: TrainStageParams,
): BarrierSelection {
  const start = inputs.firstUsableRow;
  if (selectionEnd - start < options.folds * 50) {
    throw new Error(
      `the selection range (rows ${start}..${selectionEnd}) is too short for ${options.folds} folds of 50 rows; use a longer range or fewer folds`,
    );
  }
  const candidates: (BarrierCandidate & { labels: TripleBarrierLabels })[] = [];
  for (const horizonBars of grid.horizonBars) {
    for (const kTp of grid.kTp) {
      for (const kSl of grid.kSl) {
        const params = { kTp, kSl, horizonBars };
        const sigma = horizonSigma(inputs.sigma, horizonBars);
        const labels = tripleBarrierLabels(inputs.candles, sigma, params, { timeframeMs: inputs.timeframeMs, mask: inputs.mask });
        candidates.push({ ...params, ...score(inputs, sigma, labels, params, start, selectionEnd, options, costs, trainParams), labels });
      }
    }
  }
  const ranked = [...candidates].sort((a, b) => rank(b) - rank(a) || b.totalReturn - a.totalReturn);
  const best = ranked[0];
  if (best.error) {
    const most = [...candidates].sort((a, b) => b.trades - a.trades)[0];
    throw new Error(
      `no grid point could be ranked (best: (${most.kTp}, ${most.kSl}, ${most.horizonBars}) with ${most.trades} trades; ${most.error}); ` +
        'widen the date range, add shorter horizons to the grid, or lower minTrades',
    );
  }
  return {
    chosen: { kTp: best.kTp, kSl: best.kSl, horizonBars: best.horizonBars },
    labels: best.labels,
    candidates: candidates.map(({ labels: _labels, ...candidate }) => candidate),
    selectionStart: start,
    selectionEnd,
  };
}

function rank(candidate: BarrierCandidate): number {
  return candidate.error ? -Infinity : candidate.psr;
}

function score(
  inputs: ModelInputs,
  sigma: Float64Array,
  labels: TripleBarrierLabels,
  params: TripleBarrierParams,
  start: number,
  selectionEnd: number,
  options: BarrierSelectionOptions,
  costs: Costs,
  trainParams: TrainStageParams,
): Omit<BarrierCandidate, keyof TripleBarrierParams> {
  const trainable = new Uint8Array(labels.valid.length);
  for (let i = 0; i < trainable.length; i++) trainable[i] = labels.valid[i] & inputs.usable[i];
  const splits = purgedKFold({
    start,
    end: selectionEnd,
    folds: options.folds,
    touchIndex: labels.touchIndex,
    trainable,
    usable: inputs.usable,
    embargoBars: params.horizonBars,
  });
  const sub = { ...labels, valid: new Uint8Array(labels.valid.length) };
  for (const split of splits) for (const row of split.scoredRows) sub.valid[row] = 1;
  const balance = labelBalance(sub);
  const base = {
    labelUp: balance.up,
    labelDown: balance.down,
    labelFlat: balance.flat,
    psr: 0,
    tradeSharpe: 0,
    sharpe: 0,
    totalReturn: 0,
    trades: 0,
  };
  const target = takeProfitTarget(labels);
  const thresholdOf = entryThreshold(trainParams, sigma, params, costs);
  try {
    const tradeReturns: number[] = [];
    const barReturns: number[] = [];
    let equity = 1;
    for (const split of splits) {
      const result = backtest(inputs.candles, sigma, signalsOf(inputs, target, split, trainParams, thresholdOf), split.testStart, split.testEnd, {
        costs,
        barrier: params,
        barsPerYear: inputs.barsPerYear,
        mask: inputs.mask,
        timeframeMs: inputs.timeframeMs,
      });
      for (const trade of result.trades) tradeReturns.push(trade.netReturn);
      let previous = 1;
      for (const value of result.equity) {
        barReturns.push(value / previous - 1);
        previous = value;
      }
      equity *= result.equity.length > 0 ? result.equity[result.equity.length - 1] : 1;
    }
    const moments = sampleMoments(tradeReturns);
    const bars = sampleMoments(barReturns);
    const scored = {
      ...base,
      psr: probabilisticSharpeRatio({ ...moments, benchmarkSharpe: 0 }),
      tradeSharpe: moments.sharpe,
      sharpe: bars.sharpe * Math.sqrt(inputs.barsPerYear),
      totalReturn: equity - 1,
      trades: tradeReturns.length,
    };
    if (tradeReturns.length < options.minTrades)
      return { ...scored, error: `${tradeReturns.length} trades, fewer than minTrades (${options.minTrades})` };
    return scored;
  } catch (error) {
    return { ...base, error: (error as Error).message };
  }
}

function signalsOf(
  inputs: ModelInputs,
  target: Uint8Array,
  split: CvSplit,
  trainParams: TrainStageParams,
  thresholdOf: (row: number) => number,
): Uint8Array {
  let positives = 0;
  for (const row of split.trainRows) positives += target[row];
  // A block whose training rows hold one class cannot be ranked on: it stays flat, as walk-forward would.
  if (positives === 0 || positives === split.trainRows.length) return new Uint8Array(inputs.candles.length);
  const model = fitBaselineModel(inputs, target, split.trainRows, trainParams);
  return signalsFrom(predictBaseline(model, inputs, split.testRows), split.testRows, inputs.candles.length, thresholdOf);
}
