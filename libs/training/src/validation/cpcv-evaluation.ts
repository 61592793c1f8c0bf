import { arraySplitStarts, combinatorialPurgedSplits, sampleMoments } from '@ares/stats';
import { predictStackedModel } from '@ares/gbdt-onnx';
import { buyAndHoldEquity, maxDrawdown, perBarReturns, sharpeRatio } from '@ares/ml';
import { rowsWhere } from '../baseline-model';
import { chainReturns } from '../chained-returns';
import { fitDeployableModel, sidedProbabilities } from '../ensemble/deployable-model';
import { betsFrom } from '../sides/bets';
import { backtestBets } from '../sides/backtest-bets';
import { WalkForwardSetup } from '../walk-forward-evaluation';

/** Combinatorial purged CV over [start, end): the groups, each split's purged training rows, and the backtest paths. */
export interface CpcvPlan {
  start: number;
  end: number;
  /** Absolute rows [start, end) of each group. */
  groups: { start: number; end: number }[];
  splits: { index: number; trainRows: Int32Array; testGroups: number[] }[];
  /** paths[p][g]: the split whose test set supplies group g to path p. */
  paths: number[][];
}

/** One split's out-of-sample backtest, group by group (each group traded as a window of its own). */
export interface CpcvSplitOutcome {
  index: number;
  trainRows: number;
  /** Why the split has no model, when it has none (its groups then stay flat). */
  note?: string;
  groups: { group: number; returns: Float64Array; trades: number }[];
}

export interface CpcvPathSummary {
  sharpe: number;
  totalReturn: number;
  maxDrawdown: number;
}

export interface Spread {
  mean: number;
  std: number;
  min: number;
  max: number;
}

export interface CpcvSummary {
  paths: CpcvPathSummary[];
  sharpe: Spread;
  totalReturn: Spread;
  /** Buy-and-hold over the same groups (each group bought and sold as the strategy's windows are). */
  buyAndHoldReturn: number;
  /** Share of paths whose total return beats buy-and-hold's. */
  beatBuyAndHold: number;
}

/**
 * The CPCV layout (AFML ch. 12) of [start, end): groups like numpy.array_split, every combination of `testGroups`
 * groups tested once, training rows purged by the later of both sides' label ends and embargoed after each test
 * span. Rows without both labels, and labels that end at or past `end`, are never trained on.
 */
export function cpcvPlan(
  setup: Pick<WalkForwardSetup, 'labels'>,
  start: number,
  end: number,
  groups: number,
  testGroups: number,
  embargo: number,
): CpcvPlan {
  const n = end - start;
  const { labels } = setup;
  const labelEnd = Int32Array.from({ length: n }, (_, i) => Math.max(i, labels.labelEnd[start + i] - start));
  const layout = combinatorialPurgedSplits({ observations: n, groups, testGroups, labelEnd, embargo });
  const starts = arraySplitStarts(n, groups);
  const bounds = Array.from({ length: groups }, (_, g) => ({ start: start + starts[g], end: start + starts[g + 1] }));
  const trainable = (row: number) => labels.trainable[row] === 1 && labels.labelEnd[row] < end;
  return {
    start,
    end,
    groups: bounds,
    splits: layout.splits.map((split, index) => ({
      index,
      trainRows: Int32Array.from(Array.from(split.train, (i) => start + i).filter(trainable)),
      testGroups: [...split.testGroups],
    })),
    paths: layout.paths,
  };
}

/**
 * One CPCV split: the RunSpec's model kind fitted on the split's training rows with the trainer's code, its
 * probabilities (in process: parity with onnxruntime is proven where models are shipped) turned into sided, sized
 * bets, and each test group backtested as a window of its own with the run's costs and funding.
 */
export async function evaluateCpcvSplit(setup: WalkForwardSetup, plan: CpcvPlan, index: number): Promise<CpcvSplitOutcome> {
  const split = plan.splits[index];
  const { inputs, thresholdOf } = setup;
  const n = inputs.candles.length;
  let note: string | undefined;
  const model = await fitDeployableModel(setup.kind, setup, split.trainRows).catch((error: Error) => {
    note = `no model for this split: ${error.message}`;
    return undefined;
  });
  const groups = split.testGroups.map((group) => {
    const { start, end } = plan.groups[group];
    const rows = rowsWhere(start, end, (row) => inputs.usable[row] === 1);
    const bets =
      model && rows.length > 0
        ? betsFrom(sidedProbabilities(predictStackedModel(model.spec, inputs.columns, rows)), rows, n, thresholdOf, model.betRule)
        : undefined;
    const result = backtestBets(setup, bets, start, end);
    return { group, returns: perBarReturns(result.equity), trades: result.metrics.trades };
  });
  return { index, trainRows: split.trainRows.length, ...(note ? { note } : {}), groups };
}

/** The paths' figures: each path chains its groups' returns (from the splits that tested them) in time order. */
export function summarizeCpcv(
  setup: Pick<WalkForwardSetup, 'inputs' | 'costs' | 'funding'>,
  plan: CpcvPlan,
  outcomes: readonly CpcvSplitOutcome[],
): CpcvSummary {
  const { inputs, costs, funding } = setup;
  const byIndex = new Map(outcomes.map((outcome) => [outcome.index, outcome]));
  const groupReturns = (split: number, group: number) => {
    const found = byIndex.get(split)?.groups.find((candidate) => candidate.group === group);
    if (!found) throw new Error(`split ${split} has no backtest of group ${group}`);
    return found.returns;
  };
  const paths = plan.paths.map((path) => {
    const chained = chainReturns(path.map((split, group) => groupReturns(split, group)));
    return {
      sharpe: sharpeRatio(chained.returns, inputs.barsPerYear),
      totalReturn: chained.equity.at(-1)! - 1,
      maxDrawdown: maxDrawdown(chained.equity),
    };
  });
  const hold = chainReturns(
    plan.groups.map(({ start, end }) => perBarReturns(buyAndHoldEquity(inputs.candles, start, end, costs, inputs.mask, funding))),
  );
  const buyAndHoldReturn = hold.equity.at(-1)! - 1;
  return {
    paths,
    sharpe: spread(paths.map((path) => path.sharpe)),
    totalReturn: spread(paths.map((path) => path.totalReturn)),
    buyAndHoldReturn,
    beatBuyAndHold: paths.filter((path) => path.totalReturn > buyAndHoldReturn).length / paths.length,
  };
}

function spread(values: readonly number[]): Spread {
  const { mean, std } = sampleMoments(values);
  return { mean, std, min: Math.min(...values), max: Math.max(...values) };
}
