import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Costs, ModelFamily, TrainStageParams } from '@ares/contracts';
import { addTreeRaw, BoostingSession, packRows, PackedRows } from '@ares/gbdt';
import { backtest, maxDrawdown, perBarReturns, sharpeRatio, TripleBarrierLabels, TripleBarrierParams } from '@ares/ml';
import { horizonSigma } from '../barrier-scale';
import { entryThreshold, fitBaselineModel, predictBaseline, signalsFrom } from '../baseline-model';
import { takeProfitTarget } from '../labels-codec';
import { gbdtParamsOf } from '../gbdt-params-of';
import { ModelInputs } from '../model-inputs';
import { chainReturns } from '../chained-returns';
import { binaryLogLoss } from './log-loss';
import { CvSplit } from './purged-k-fold';

// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { exp, max } = Math;

/** What every trial of one cross-validated search shares. */
export interface CvSetup {
  /** Restricted to the features under study (see selectFeatures). */
  inputs: ModelInputs;
  labels: TripleBarrierLabels;
  barrier: TripleBarrierParams;
  splits: readonly CvSplit[];
  costs: Costs;
  family: ModelFamily;
  seed: number;
}

export interface CvFoldScore {
  /** Annualised Sharpe of the fold's test block, after costs. */
  sharpe: number;
  logLoss: number;
  totalReturn: number;
  trades: number;
}

/** Out-of-sample figures of one configuration: its test blocks' backtests chained in time order. */
export interface CvScores {
  /** Annualised Sharpe of the chained per-bar strategy returns, after fees and slippage. */
  sharpe: number;
  /** The same per bar (not annualised): what the deflated Sharpe ratio counts. */
  periodSharpe: number;
  /** Mean log loss of P(take-profit first) over the scored rows of every block. */
  logLoss: number;
  maxDrawdown: number;
  totalReturn: number;
  trades: number;
  folds: CvFoldScore[];
}

export interface CvOutcome extends CvScores {
  /** Boosting rounds the scores are for (GBDT; 0 for the logistic baseline). */
  rounds: number;
  /** Per-bar out-of-sample strategy returns, the blocks in order. */
  returns: Float64Array;
  /** Net return of every out-of-sample trade, the blocks in order. */
  tradeReturns: Float64Array;
  pruned: boolean;
  /** The scores at each rung passed, in order (GBDT). */
  rungs: { rounds: number; scores: CvScores }[];
}

export interface CvOptions {
  /** Boosting rounds at which to score and consult `onRung` (ascending; those ≥ the trial's rounds are ignored). */
  rungs?: readonly number[];
  /** Returns true to stop the trial at this rung (pruned). */
  onRung?: (rounds: number, scores: CvScores) => boolean | Promise<boolean>;
}

/** Boosting rounds grown between two yields to the event loop. */
const ROUNDS_PER_SLICE = 20;

/**
 * Cross-validates one configuration of the RunSpec's model family: on each split it fits on the purged training
 * rows, predicts the test block, and trades it with the same entry rule and costs as train and walk-forward.
 * A GBDT boosts every split in lockstep, rung by rung, so a pruner sees the whole cross-validated score at each
 * rung and a pruned trial pays only for the rounds it ran. Yields to the event loop every few rounds so that a
 * long trial does not starve the message acknowledgements of the process running it.
 */
export async function crossValidate(setup: CvSetup, params: TrainStageParams, options: CvOptions = {}): Promise<CvOutcome> {
  const prepared = prepare(setup, params);
  if (setup.family === 'logistic') {
    const probabilities = setup.splits.map((split) => fitLogisticSplit(prepared, split, params));
    const { scores, returns, tradeReturns } = score(prepared, probabilities);
    return { ...scores, rounds: 0, returns, tradeReturns, pruned: false, rungs: [] };
  }
  const totalRounds = params.gbdt.nEstimators;
  const rungs = [...new Set([...(options.rungs ?? []).filter((r) => r > 0 && r < totalRounds), totalRounds])].sort((a, b) => a - b);
  const boosters = setup.splits.map((split) => new SplitBooster(prepared, split, gbdtParamsOf(params, setup.seed)));
  try {
    const passed: CvOutcome['rungs'] = [];
    for (const rounds of rungs) {
      const probabilities: Float64Array[] = [];
      for (const booster of boosters) {
        // In slices, yielding between them: a long budget never blocks the process's acks for more than a slice.
        while (booster.rounds < rounds) {
          booster.grow(Math.min(rounds, booster.rounds + ROUNDS_PER_SLICE));
          await yieldToEventLoop();
        }
        probabilities.push(booster.probabilities());
      }
      const { scores, returns, tradeReturns } = score(prepared, probabilities);
      passed.push({ rounds, scores });
      const last = rounds === totalRounds;
      if (last || (options.onRung && (await options.onRung(rounds, scores)))) {
        return { ...scores, rounds, returns, tradeReturns, pruned: !last, rungs: passed };
      }
    }
    throw new Error('unreachable: the last rung always returns');
  } finally {
    for (const booster of boosters) booster.close();
  }
}

interface Prepared extends CvSetup {
  target: Uint8Array;
  sigma: Float64Array;
  thresholdOf: (row: number) => number;
  /** Per split, once: where its scored rows sit among its test rows, their labels, and whether it can be learnt. */
  scored: { at: Int32Array; y: Uint8Array; learnable: boolean }[];
}

function prepare(setup: CvSetup, params: TrainStageParams): Prepared {
  const sigma = horizonSigma(setup.inputs.sigma, setup.barrier.horizonBars);
  const target = takeProfitTarget(setup.labels);
  const scored = setup.splits.map((split) => {
    const position = new Map<number, number>();
    split.testRows.forEach((row, i) => position.set(row, i));
    const at = Int32Array.from(split.scoredRows, (row) => position.get(row)!);
    return { at, y: Uint8Array.from(split.scoredRows, (row) => target[row]), learnable: constantRate(target, split) === undefined };
  });
  return { ...setup, target, sigma, thresholdOf: entryThreshold(params, sigma, setup.barrier, setup.costs), scored };
}

/** A split whose training rows hold one class only predicts that class's rate: it cannot rank rows, and stays flat. */
function constantRate(target: Uint8Array, split: CvSplit): number | undefined {
  let positives = 0;
  for (const row of split.trainRows) positives += target[row];
  return positives === 0 || positives === split.trainRows.length ? positives / max(1, split.trainRows.length) : undefined;
}

function fitLogisticSplit(prepared: Prepared, split: CvSplit, params: TrainStageParams): Float64Array {
  const rate = constantRate(prepared.target, split);
  if (rate !== undefined) return new Float64Array(split.testRows.length).fill(rate);
  return predictBaseline(fitBaselineModel(prepared.inputs, prepared.target, split.trainRows, params), prepared.inputs, split.testRows);
}

/** One split's booster and the raw scores of its test rows, kept up to date tree by tree. */
class SplitBooster {
  private readonly session?: BoostingSession;
  private readonly packed: PackedRows;
  private readonly raw: Float64Array;
  private readonly rate?: number;
  private treesAdded = 0;

  constructor(prepared: Prepared, split: CvSplit, gbdt: ReturnType<typeof gbdtParamsOf>) {
    this.rate = constantRate(prepared.target, split);
    this.packed = packRows(prepared.inputs.columns, split.testRows);
    this.raw = new Float64Array(split.testRows.length);
    if (this.rate === undefined) {
      const { inputs, target } = prepared;
      this.session = new BoostingSession(
        { columns: inputs.columns, featureNames: inputs.featureNames, label: Float64Array.from(target), rows: split.trainRows },
        gbdt,
      );
    }
  }

  /** Boosting rounds grown (a split that predicts its constant rate has nothing to grow). */
  get rounds(): number {
    return this.session ? this.session.rounds : Infinity;
  }

  grow(rounds: number): void {
    this.session?.advanceTo(rounds);
  }

  /** P(take-profit first) on the test rows, with the rounds grown so far. */
  probabilities(): Float64Array {
    if (!this.session) return new Float64Array(this.raw.length).fill(this.rate!);
    const model = this.session.model();
    if (this.treesAdded === 0) this.raw.fill(model.baseScore[0]);
    for (; this.treesAdded < model.trees.length; this.treesAdded++) addTreeRaw(model.trees[this.treesAdded], this.packed, this.raw, 1);
    return this.raw.map((raw) => 1 / (1 + exp(-raw)));
  }

  close(): void {
    this.session?.close();
  }
}

function score(prepared: Prepared, probabilities: readonly Float64Array[]): { scores: CvScores; returns: Float64Array; tradeReturns: Float64Array } {
  const { inputs, splits, barrier, costs, sigma, thresholdOf, scored } = prepared;
  const folds: CvFoldScore[] = [];
  const parts: Float64Array[] = [];
  const trades: number[] = [];
  let lossSum = 0;
  let lossCount = 0;
  splits.forEach((split, index) => {
    const p = probabilities[index];
    const { at, y, learnable } = scored[index];
    // A block the model could not learn (one class in its training rows) is a block without trades, as in walk-forward.
    const signal = learnable ? signalsFrom(p, split.testRows, inputs.candles.length, thresholdOf) : new Uint8Array(inputs.candles.length);
    const result = backtest(inputs.candles, sigma, signal, split.testStart, split.testEnd, {
      costs,
      barrier,
      barsPerYear: inputs.barsPerYear,
      mask: inputs.mask,
      timeframeMs: inputs.timeframeMs,
    });
    for (const trade of result.trades) trades.push(trade.netReturn);
    const logLoss = binaryLogLoss(
      Float64Array.from(at, (i) => p[i]),
      y,
    );
    lossSum += logLoss * y.length;
    lossCount += y.length;
    parts.push(perBarReturns(result.equity));
    folds.push({ sharpe: result.metrics.sharpe, logLoss, totalReturn: result.metrics.totalReturn, trades: result.metrics.trades });
  });
  const { returns, equity } = chainReturns(parts);
  return {
    returns,
    tradeReturns: Float64Array.from(trades),
    scores: {
      sharpe: sharpeRatio(returns, inputs.barsPerYear),
      periodSharpe: sharpeRatio(returns, 1),
      logLoss: lossCount > 0 ? lossSum / lossCount : 0,
      maxDrawdown: maxDrawdown(equity),
      totalReturn: equity[equity.length - 1] - 1,
      trades: folds.reduce((sum, fold) => sum + fold.trades, 0),
      folds,
    },
  };
}
