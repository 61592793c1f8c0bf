import { createHash } from 'node:crypto';
import { Costs, RunSpec, TrainStageParams } from '@ares/contracts';
import {
  backtest,
  BacktestMetrics,
  buyAndHoldEquity,
  Fold,
  maxDrawdown,
  perBarReturns,
  sharpeRatio,
  trainingRows,
  TripleBarrierLabels,
  TripleBarrierParams,
} from '@ares/ml';
import { horizonSigma } from './barrier-scale';
import { entryThreshold, rowsWhere, signalsFrom } from './baseline-model';
import { FittedModel, fitModel } from './model-family';
import { takeProfitTarget } from './labels-codec';
import { ModelInputs } from './model-inputs';
import { toPortableModel } from './portable-model';

export interface FoldReport {
  index: number;
  trainStart: string;
  trainEnd: string;
  testStart: string;
  testEnd: string;
  trainRows: number;
  testRows: number;
  /** Null when the fold's training window could not be fitted (e.g. one class only): the fold then stays flat. */
  modelSha256: string | null;
  /** Why the fold has no model, when it has none. */
  note?: string;
  metrics: BacktestMetrics;
}

export interface WalkForwardReport {
  folds: FoldReport[];
  overall: BacktestMetrics & { testBars: number; flatFolds: number };
}

const iso = (inputs: ModelInputs, row: number) => new Date(inputs.candles.timestamps[Math.min(row, inputs.candles.length - 1)]).toISOString();

/**
 * Walk-forward validation: each fold retrains the baseline with the trainer's code on its own training window
 * (purged and embargoed by label horizon), exports it to ONNX, runs it through onnxruntime-node on its test
 * window, and backtests the signals bar by bar with costs. The overall figures chain the test windows.
 */
export async function evaluateWalkForward(
  inputs: ModelInputs,
  labels: TripleBarrierLabels,
  barrier: TripleBarrierParams,
  folds: Fold[],
  embargoBars: number,
  trainParams: TrainStageParams,
  costs: Costs,
  onFold?: (report: FoldReport) => Promise<void>,
  family: { model: RunSpec['model']; seed: number } = { model: 'logistic', seed: 42 },
): Promise<WalkForwardReport> {
  const target = takeProfitTarget(labels);
  const sigma = horizonSigma(inputs.sigma, barrier.horizonBars);
  const thresholdOf = entryThreshold(trainParams, sigma, barrier, costs);
  const trainable = new Uint8Array(labels.valid.length);
  for (let i = 0; i < trainable.length; i++) trainable[i] = labels.valid[i] & inputs.usable[i];
  const reports: FoldReport[] = [];
  const strategyReturns: Float64Array[] = [];
  const holdReturns: Float64Array[] = [];
  let trades = 0;
  let wins = 0;
  let exposedBars = 0;
  for (const fold of folds) {
    const rows = trainingRows(fold, labels.touchIndex, trainable, embargoBars);
    const testRows = rowsWhere(fold.testStart, fold.testEnd, (row) => inputs.usable[row] === 1);
    let signal: Uint8Array = new Uint8Array(inputs.candles.length);
    let modelSha256: string | null = null;
    let note: string | undefined;
    let model: FittedModel | undefined;
    try {
      model = fitModel(family.model, family.seed, inputs, target, rows, trainParams);
    } catch (error) {
      // A window the model cannot learn from (e.g. every label the same) is honestly a window without trades.
      note = `no model for this fold: ${(error as Error).message}`;
    }
    if (model) {
      // The fold's model is served from ONNX, exactly as a deployed one would be.
      const { onnx, served } = await toPortableModel(model, inputs.columns, testRows, model.predict(inputs, testRows));
      signal = signalsFrom(served, testRows, inputs.candles.length, thresholdOf);
      modelSha256 = createHash('sha256').update(onnx).digest('hex');
    }
    const result = backtest(inputs.candles, sigma, signal, fold.testStart, fold.testEnd, {
      costs,
      barrier,
      barsPerYear: inputs.barsPerYear,
      mask: inputs.mask,
    });
    strategyReturns.push(perBarReturns(result.equity));
    holdReturns.push(perBarReturns(buyAndHoldEquity(inputs.candles, fold.testStart, fold.testEnd, costs, inputs.mask)));
    trades += result.metrics.trades;
    wins += Math.round(result.metrics.hitRate * result.metrics.trades);
    exposedBars += result.metrics.exposure * (fold.testEnd - fold.testStart);
    const report: FoldReport = {
      index: fold.index,
      trainStart: iso(inputs, fold.trainStart),
      trainEnd: iso(inputs, fold.trainEnd),
      testStart: iso(inputs, fold.testStart),
      testEnd: iso(inputs, fold.testEnd),
      trainRows: rows.length,
      testRows: testRows.length,
      modelSha256,
      ...(note ? { note } : {}),
      metrics: result.metrics,
    };
    reports.push(report);
    await onFold?.(report);
  }
  const strategy = chain(strategyReturns);
  const hold = chain(holdReturns);
  const testBars = strategy.returns.length;
  return {
    folds: reports,
    overall: {
      totalReturn: strategy.equity.at(-1)! - 1,
      sharpe: sharpeRatio(strategy.returns, inputs.barsPerYear),
      maxDrawdown: maxDrawdown(strategy.equity),
      trades,
      hitRate: trades > 0 ? wins / trades : 0,
      exposure: testBars > 0 ? exposedBars / testBars : 0,
      buyAndHoldReturn: hold.equity.at(-1)! - 1,
      buyAndHoldSharpe: sharpeRatio(hold.returns, inputs.barsPerYear),
      buyAndHoldMaxDrawdown: maxDrawdown(hold.equity),
      testBars,
      flatFolds: reports.filter((report) => report.modelSha256 === null).length,
    },
  };
}

/** Concatenates per-bar returns of consecutive windows and compounds them into one equity curve. */
function chain(parts: Float64Array[]): { returns: Float64Array; equity: Float64Array } {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const returns = new Float64Array(total);
  const equity = new Float64Array(Math.max(total, 1)).fill(1);
  let offset = 0;
  let value = 1;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      returns[offset + i] = part[i];
      value *= 1 + part[i];
      equity[offset + i] = value;
    }
    offset += part.length;
  }
  return { returns, equity };
}
