import { BarrierGrid, Costs, TrainStageParams } from '@ares/contracts';
import { backtest, labelBalance, tripleBarrierLabels, TripleBarrierLabels, TripleBarrierParams } from '@ares/ml';
import { horizonSigma } from './barrier-scale';
import { entryThreshold, fitBaselineModel, predictBaseline, rowsWhere, signalsFrom } from './baseline-model';
import { takeProfitTarget } from './labels-codec';
import { ModelInputs } from './model-inputs';

export interface BarrierCandidate extends TripleBarrierParams {
  /** Annualised Sharpe of the inner hold-out backtest, after costs: the criterion. */
  sharpe: number;
  totalReturn: number;
  trades: number;
  trainRows: number;
  labelUp: number;
  labelDown: number;
  labelFlat: number;
  /** Why the candidate could not be scored (e.g. one class only); it then ranks last. */
  error?: string;
}

export interface BarrierSelection {
  chosen: TripleBarrierParams;
  labels: TripleBarrierLabels;
  candidates: BarrierCandidate[];
  innerTrainEnd: number;
  selectionEnd: number;
}

/**
 * Chooses (k_tp, k_sl, h) out of sample, using only rows before `selectionEnd` — the first walk-forward test row —
 * so no range a later validation tests on influences the choice.
 *
 * Criterion: the selection range is split in time. For each grid point the baseline model is fitted on the
 * first part (`innerTrainFraction`; training labels whose horizon reaches the second part are purged) and its
 * signals are backtested on the second part with the RunSpec's costs, exiting on that grid point's barriers.
 * The grid point with the highest annualised Sharpe wins; ties go to the higher total return, then grid order.
 * Scoring the labels through the strategy they drive, after costs, keeps the choice about tradability rather
 * than about how easy the labels are to predict.
 */
export function chooseBarriers(
  inputs: ModelInputs,
  grid: BarrierGrid,
  selectionEnd: number,
  innerTrainFraction: number,
  costs: Costs,
  trainParams: TrainStageParams,
): BarrierSelection {
  const start = inputs.firstUsableRow;
  const innerTrainEnd = start + Math.floor((selectionEnd - start) * innerTrainFraction);
  if (innerTrainEnd - start < 50 || selectionEnd - innerTrainEnd < 20) {
    throw new Error(
      `the selection range (rows ${start}..${selectionEnd}) is too short to fit and score candidates; use a longer range or fewer folds`,
    );
  }
  const candidates: (BarrierCandidate & { labels: TripleBarrierLabels })[] = [];
  for (const horizonBars of grid.horizonBars) {
    for (const kTp of grid.kTp) {
      for (const kSl of grid.kSl) {
        const params = { kTp, kSl, horizonBars };
        const sigma = horizonSigma(inputs.sigma, horizonBars);
        const labels = tripleBarrierLabels(inputs.candles, sigma, params, { timeframeMs: inputs.timeframeMs, mask: inputs.mask });
        candidates.push({ ...params, ...score(inputs, sigma, labels, params, start, innerTrainEnd, selectionEnd, costs, trainParams), labels });
      }
    }
  }
  const ranked = [...candidates].sort((a, b) => rank(b) - rank(a) || b.totalReturn - a.totalReturn);
  const best = ranked[0];
  if (best.error)
    throw new Error(`no grid point could be scored: ${candidates.map((c) => `(${c.kTp}, ${c.kSl}, ${c.horizonBars}) ${c.error}`).join('; ')}`);
  return {
    chosen: { kTp: best.kTp, kSl: best.kSl, horizonBars: best.horizonBars },
    labels: best.labels,
    candidates: candidates.map(({ labels: _labels, ...candidate }) => candidate),
    innerTrainEnd,
    selectionEnd,
  };
}

function rank(candidate: BarrierCandidate): number {
  return candidate.error ? -Infinity : candidate.sharpe;
}

function score(
  inputs: ModelInputs,
  sigma: Float64Array,
  labels: TripleBarrierLabels,
  params: TripleBarrierParams,
  start: number,
  innerTrainEnd: number,
  selectionEnd: number,
  costs: Costs,
  trainParams: TrainStageParams,
) {
  const balanceRows = rowsWhere(
    start,
    selectionEnd,
    (row) => labels.valid[row] === 1 && inputs.usable[row] === 1 && labels.touchIndex[row] < selectionEnd,
  );
  const sub = { label: labels.label, touchIndex: labels.touchIndex, touchReturn: labels.touchReturn, valid: new Uint8Array(labels.valid.length) };
  for (const row of balanceRows) sub.valid[row] = 1;
  const balance = labelBalance(sub);
  const base = { labelUp: balance.up, labelDown: balance.down, labelFlat: balance.flat, sharpe: 0, totalReturn: 0, trades: 0, trainRows: 0 };
  const trainRows = rowsWhere(
    start,
    innerTrainEnd,
    (row) => labels.valid[row] === 1 && inputs.usable[row] === 1 && labels.touchIndex[row] < innerTrainEnd,
  );
  try {
    const model = fitBaselineModel(inputs, takeProfitTarget(labels), trainRows, trainParams);
    const scoreRows = rowsWhere(innerTrainEnd, selectionEnd, (row) => inputs.usable[row] === 1);
    const signal = signalsFrom(
      predictBaseline(model, inputs, scoreRows),
      scoreRows,
      inputs.candles.length,
      entryThreshold(trainParams, sigma, params, costs),
    );
    const result = backtest(inputs.candles, sigma, signal, innerTrainEnd, selectionEnd, {
      costs,
      barrier: params,
      barsPerYear: inputs.barsPerYear,
      mask: inputs.mask,
      // Gaps in the timestamps are segment boundaries: no position is held across one.
      timeframeMs: inputs.timeframeMs,
    });
    return {
      ...base,
      trainRows: trainRows.length,
      sharpe: result.metrics.sharpe,
      totalReturn: result.metrics.totalReturn,
      trades: result.metrics.trades,
    };
  } catch (error) {
    return { ...base, trainRows: trainRows.length, error: (error as Error).message };
  }
}
