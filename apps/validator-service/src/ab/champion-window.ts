import type { Costs, ModelCard, TrainStageParams } from '@ares/contracts';
import { perBarReturns } from '@ares/ml';
import { loadOnnxModel } from '@ares/onnx';
import {
  backtestBets,
  BetRule,
  betsFrom,
  entryThreshold,
  horizonSigma,
  ModelInputs,
  rowsWhere,
  selectFeatures,
  sidedProbabilities,
} from '@ares/training';

export interface WindowReturns {
  returns: Float64Array;
  trades: number;
  totalReturn: number;
}

/**
 * A registered model replayed on bars [start, end) of this run's data, as it would have traded them: its own
 * features (from the run's full feature set), its ONNX bytes through onnxruntime-node, its barriers and entry rule,
 * this run's costs (and funding on a perpetual), so both sides of a comparison pay the same market.
 * Throws an Error naming what is missing when the run cannot feed the model (a feature it lacks).
 */
export async function replayOnWindow(model: {
  card: ModelCard;
  onnx: Uint8Array;
  inputs: ModelInputs;
  costs: Costs;
  funding?: Float64Array;
  start: number;
  end: number;
}): Promise<WindowReturns> {
  const { card, start, end } = model;
  const inputs = selectFeatures(model.inputs, card.model.features);
  const barrier = { kTp: card.model.barrier.kTp, kSl: card.model.barrier.kSl, horizonBars: card.model.barrier.horizon };
  const rows = rowsWhere(start, end, (row) => inputs.usable[row] === 1);
  const session = await loadOnnxModel(model.onnx);
  let columns: Float64Array[];
  try {
    columns = await session.predictColumns(inputs.columns, rows);
  } finally {
    await session.release();
  }
  const threshold = typeof card.model.threshold === 'number' ? card.model.threshold : undefined;
  const thresholdOf = entryThreshold({ threshold } as TrainStageParams, horizonSigma(inputs.sigma, barrier.horizonBars), barrier, model.costs);
  const rule = (card.model.params.betRule as BetRule | undefined) ?? { sizeStep: 0.1 };
  const bets = betsFrom(sidedProbabilities(columns), rows, inputs.candles.length, thresholdOf, rule);
  const result = backtestBets({ inputs, barrier, costs: model.costs, funding: model.funding }, bets, start, end);
  return { returns: perBarReturns(result.equity), trades: result.metrics.trades, totalReturn: result.metrics.totalReturn };
}
