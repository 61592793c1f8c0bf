import { BarrierGrid, Costs, TrainStageParams } from '@ares/contracts';
import { labelBalance, tripleBarrierLabels, TripleBarrierLabels, TripleBarrierParams } from '@ares/ml';
import { probabilisticSharpeRatio, sampleMoments } from '@ares/stats';
import { horizonSigma } from './barrier-scale';
import { crossValidate } from './cross-validation/cross-validate';
import { purgedKFold } from './cross-validation/purged-k-fold';
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
export async function chooseBarriers(
  inputs: ModelInputs,
  grid: BarrierGrid,
  selectionEnd: number,
  options: BarrierSelectionOptions,
  costs: Costs,
  trainParams: TrainStageParams,
): Promise<BarrierSelection> {
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
        const labels = tripleBarrierLabels(inputs.candles, horizonSigma(inputs.sigma, horizonBars), params, {
          timeframeMs: inputs.timeframeMs,
          mask: inputs.mask,
        });
        candidates.push({ ...params, ...(await score(inputs, labels, params, start, selectionEnd, options, costs, trainParams)), labels });
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

/** The grid point's labels cross-validated with the logistic baseline (crossValidate), ranked on their trades' PSR. */
async function score(
  inputs: ModelInputs,
  labels: TripleBarrierLabels,
  params: TripleBarrierParams,
  start: number,
  selectionEnd: number,
  options: BarrierSelectionOptions,
  costs: Costs,
  trainParams: TrainStageParams,
): Promise<Omit<BarrierCandidate, keyof TripleBarrierParams>> {
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
  try {
    const outcome = await crossValidate({ inputs, labels, barrier: params, splits, costs, family: 'logistic', seed: 0 }, trainParams);
    const moments = sampleMoments(outcome.tradeReturns);
    const scored = {
      ...base,
      psr: probabilisticSharpeRatio({ ...moments, benchmarkSharpe: 0 }),
      tradeSharpe: moments.sharpe,
      sharpe: outcome.sharpe,
      totalReturn: outcome.totalReturn,
      trades: outcome.trades,
    };
    if (outcome.trades < options.minTrades) return { ...scored, error: `${outcome.trades} trades, fewer than minTrades (${options.minTrades})` };
    return scored;
  } catch (error) {
    return { ...base, error: (error as Error).message };
  }
}
