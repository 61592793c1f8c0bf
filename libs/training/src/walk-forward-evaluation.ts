import { createHash } from 'node:crypto';
import { Costs, ModelKind } from '@ares/contracts';
import { BacktestMetrics, buyAndHoldEquity, Fold, maxDrawdown, perBarReturns, sharpeRatio, trainingRows, TripleBarrierParams } from '@ares/ml';
import { chainReturns } from './chained-returns';
import { rowsWhere } from './baseline-model';
import { DeployableSetup, fitDeployableModel, sidedProbabilities } from './ensemble/deployable-model';
import { Bets, betsFrom } from './sides/bets';
import { backtestBets } from './sides/backtest-bets';
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

/** The report and the series behind its overall figures: the test windows' per-bar returns chained, and every trade. */
export interface WalkForwardResult {
  report: WalkForwardReport;
  strategyReturns: Float64Array;
  holdReturns: Float64Array;
  tradeReturns: Float64Array;
}

const iso = (inputs: ModelInputs, row: number) => new Date(inputs.candles.timestamps[Math.min(row, inputs.candles.length - 1)]).toISOString();

/** What every fold of one walk-forward shares: the model kind and what it is fitted from, the market and its costs. */
export interface WalkForwardSetup extends Omit<DeployableSetup, 'onFit'> {
  kind: ModelKind;
  barrier: TripleBarrierParams;
  costs: Costs;
  /** A perpetual's funding settlements per bar (see backtest); unset on spot. */
  funding?: Float64Array;
}

/** One fold's result: its report, and the per-bar returns the overall figures chain. A unit of work: pure in (setup, fold). */
export interface FoldOutcome {
  report: FoldReport;
  strategyReturns: Float64Array;
  holdReturns: Float64Array;
  /** Each trade's effect on equity, size × net return, in trade order (what Monte Carlo reshuffles). */
  tradeReturns: Float64Array;
  wins: number;
  exposedBars: number;
}

/**
 * One walk-forward fold: retrains the RunSpec's model kind with the trainer's code on the fold's training window
 * (purged by the later of both sides' label ends and embargoed), exports it to ONNX, runs it through
 * onnxruntime-node on its test window, turns its probabilities into sided, sized bets and backtests them bar by
 * bar with costs (and funding on a perpetual), beside buy-and-hold.
 */
export async function evaluateFold(setup: WalkForwardSetup, fold: Fold): Promise<FoldOutcome> {
  const { inputs, labels, embargoBars, costs, funding, thresholdOf } = setup;
  const n = inputs.candles.length;
  const rows = trainingRows(fold, labels.labelEnd, labels.trainable, embargoBars);
  const testRows = rowsWhere(fold.testStart, fold.testEnd, (row) => inputs.usable[row] === 1);
  let bets: Bets | undefined;
  let modelSha256: string | null = null;
  let note: string | undefined;
  const model = await fitDeployableModel(setup.kind, setup, rows).catch((error: Error) => {
    // A window the model cannot learn from (e.g. every label the same) is honestly a window without trades.
    note = `no model for this fold: ${error.message}`;
    return undefined;
  });
  if (model && testRows.length > 0) {
    // The fold's model is served from ONNX, exactly as a deployed one would be.
    const portable = await toPortableModel(model, inputs.columns, testRows);
    bets = betsFrom(sidedProbabilities(portable.served), testRows, n, thresholdOf, model.betRule);
    modelSha256 = createHash('sha256').update(portable.onnx).digest('hex');
  }
  const result = backtestBets(setup, bets, fold.testStart, fold.testEnd);
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
    holdReturns: perBarReturns(buyAndHoldEquity(inputs.candles, fold.testStart, fold.testEnd, costs, inputs.mask, funding)),
    tradeReturns: Float64Array.from(result.trades, (trade) => trade.size * trade.netReturn),
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
  // A fold's amounts are fractions of its own starting equity: scaled by the chained equity it started from.
  let startEquity = 1;
  const amounts = { longPnl: 0, shortPnl: 0, fundingPaid: 0, borrowPaid: 0, feesPaid: 0, slippagePaid: 0, betSizes: 0 };
  for (const { report } of outcomes) {
    const m = report.metrics;
    for (const key of ['longPnl', 'shortPnl', 'fundingPaid', 'borrowPaid', 'feesPaid', 'slippagePaid'] as const) amounts[key] += m[key] * startEquity;
    amounts.betSizes += m.averageBetSize * m.trades;
    startEquity *= 1 + m.totalReturn;
  }
  const longTrades = outcomes.reduce((sum, outcome) => sum + outcome.report.metrics.longTrades, 0);
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
      longTrades,
      shortTrades: trades - longTrades,
      longPnl: amounts.longPnl,
      shortPnl: amounts.shortPnl,
      averageBetSize: trades > 0 ? amounts.betSizes / trades : 0,
      fundingPaid: amounts.fundingPaid,
      borrowPaid: amounts.borrowPaid,
      feesPaid: amounts.feesPaid,
      slippagePaid: amounts.slippagePaid,
    },
  };
}

/**
 * Walk-forward validation: every fold evaluated (by `runFold`, which may serve a fold recorded earlier instead of
 * computing it), then the test windows chained into the overall figures.
 */
export async function evaluateWalkForward(
  setup: WalkForwardSetup,
  folds: readonly Fold[],
  onFold?: (report: FoldReport) => Promise<void>,
  runFold: (fold: Fold, compute: () => Promise<FoldOutcome>) => Promise<FoldOutcome> = (_fold, compute) => compute(),
): Promise<WalkForwardResult> {
  const outcomes: FoldOutcome[] = [];
  for (const fold of folds) {
    const outcome = await runFold(fold, () => evaluateFold(setup, fold));
    outcomes.push(outcome);
    await onFold?.(outcome.report);
  }
  const concat = (parts: Float64Array[]) => chainReturns(parts).returns;
  return {
    report: summarizeWalkForward(outcomes, setup.inputs.barsPerYear),
    strategyReturns: concat(outcomes.map((outcome) => outcome.strategyReturns)),
    holdReturns: concat(outcomes.map((outcome) => outcome.holdReturns)),
    tradeReturns: concat(outcomes.map((outcome) => outcome.tradeReturns)),
  };
}
