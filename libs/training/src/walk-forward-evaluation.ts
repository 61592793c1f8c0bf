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
import { chainReturns } from './chained-returns';
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

/** What every fold of one walk-forward shares. */
interface WalkForwardSetup {
  inputs: ModelInputs;
  labels: TripleBarrierLabels;
  barrier: TripleBarrierParams;
  embargoBars: number;
  trainParams: TrainStageParams;
  costs: Costs;
  family: { model: RunSpec['model']; seed: number };
}

/** One fold's result: its report, and the per-bar returns the overall figures chain. A unit of work: pure in (setup, fold). */
export interface FoldOutcome {
  report: FoldReport;
  strategyReturns: Float64Array;
  holdReturns: Float64Array;
  wins: number;
  exposedBars: number;
}

/** What every fold derives alike from the setup, computed once per walk-forward rather than once per fold. */
interface PreparedFolds extends WalkForwardSetup {
  target: Uint8Array;
  sigma: Float64Array;
  thresholdOf: (row: number) => number;
  trainable: Uint8Array;
}

function prepareFolds(setup: WalkForwardSetup): PreparedFolds {
  const { inputs, labels, barrier, trainParams, costs } = setup;
  const sigma = horizonSigma(inputs.sigma, barrier.horizonBars);
  const trainable = new Uint8Array(labels.valid.length);
  for (let i = 0; i < trainable.length; i++) trainable[i] = labels.valid[i] & inputs.usable[i];
  return { ...setup, target: takeProfitTarget(labels), sigma, thresholdOf: entryThreshold(trainParams, sigma, barrier, costs), trainable };
}

/**
 * One walk-forward fold: retrains the model with the trainer's code on the fold's training window (purged and
 * embargoed by label horizon), exports it to ONNX, runs it through onnxruntime-node on its test window, and
 * backtests the signals bar by bar with costs, beside buy-and-hold.
 */
async function evaluateFold(prepared: PreparedFolds, fold: Fold): Promise<FoldOutcome> {
  const { inputs, labels, barrier, embargoBars, trainParams, costs, family, target, sigma, thresholdOf, trainable } = prepared;
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
    // Gaps in the timestamps are segment boundaries: no position is held across one.
    timeframeMs: inputs.timeframeMs,
  });
  return {
    report: {
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
    },
    strategyReturns: perBarReturns(result.equity),
    holdReturns: perBarReturns(buyAndHoldEquity(inputs.candles, fold.testStart, fold.testEnd, costs, inputs.mask)),
    wins: Math.round(result.metrics.hitRate * result.metrics.trades),
    exposedBars: result.metrics.exposure * (fold.testEnd - fold.testStart),
  };
}

/** The overall figures: the folds' test windows chained in order. */
export function summarizeWalkForward(outcomes: readonly FoldOutcome[], barsPerYear: number): WalkForwardReport {
  const strategy = chainReturns(outcomes.map((outcome) => outcome.strategyReturns));
  const hold = chainReturns(outcomes.map((outcome) => outcome.holdReturns));
  const trades = outcomes.reduce((sum, outcome) => sum + outcome.report.metrics.trades, 0);
  const wins = outcomes.reduce((sum, outcome) => sum + outcome.wins, 0);
  const exposedBars = outcomes.reduce((sum, outcome) => sum + outcome.exposedBars, 0);
  const testBars = strategy.returns.length;
  return {
    folds: outcomes.map((outcome) => outcome.report),
    overall: {
      totalReturn: strategy.equity.at(-1)! - 1,
      sharpe: sharpeRatio(strategy.returns, barsPerYear),
      maxDrawdown: maxDrawdown(strategy.equity),
      trades,
      hitRate: trades > 0 ? wins / trades : 0,
      exposure: testBars > 0 ? exposedBars / testBars : 0,
      buyAndHoldReturn: hold.equity.at(-1)! - 1,
      buyAndHoldSharpe: sharpeRatio(hold.returns, barsPerYear),
      buyAndHoldMaxDrawdown: maxDrawdown(hold.equity),
      testBars,
      flatFolds: outcomes.filter((outcome) => outcome.report.modelSha256 === null).length,
    },
  };
}

/**
 * Walk-forward validation: every fold evaluated (by `runFold`, which may serve a fold recorded earlier instead of
 * computing it), then the test windows chained into the overall figures.
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
  runFold: (fold: Fold, compute: () => Promise<FoldOutcome>) => Promise<FoldOutcome> = (_fold, compute) => compute(),
): Promise<WalkForwardReport> {
  const prepared = prepareFolds({ inputs, labels, barrier, embargoBars, trainParams, costs, family });
  const outcomes: FoldOutcome[] = [];
  for (const fold of folds) {
    const outcome = await runFold(fold, () => evaluateFold(prepared, fold));
    outcomes.push(outcome);
    await onFold?.(outcome.report);
  }
  return summarizeWalkForward(outcomes, inputs.barsPerYear);
}
