import { ArtifactRef, stageParamsOf, StageOutput } from '@ares/contracts';
import { decodeFeatureMatrix } from '@ares/market-data';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier, DeployableContext, readDeployableContext, readInputArtifact, RunInputsCache, tunedModel } from '@ares/stage-io';
import { probabilityOfBacktestOverfitting } from '@ares/stats';
import {
  chainReturns,
  CpcvPlan,
  cpcvPlan,
  CpcvSplitOutcome,
  evaluateCpcvSplit,
  summarizeCpcv,
  walkForwardPlan,
  WalkForwardSetup,
} from '@ares/training';

const splitUnit = (index: number) => `cpcv-split-${index + 1}`;

/** What a split unit records: its backtests' shape, and their per-bar returns as an artifact (groups in order). */
interface RecordedSplit {
  index: number;
  trainRows: number;
  note?: string;
  groups: { group: number; bars: number; trades: number }[];
  returns: ArtifactRef;
}

/**
 * Combinatorial purged cross-validation (AFML ch. 12) of the RunSpec's model kind on the rows before the first
 * walk-forward test window: C(groups, testGroups) trainings, each a unit of work fanned out to the validator's
 * replicas and recorded once, recombined into (testGroups / groups)·C(groups, testGroups) backtest paths. These are
 * the rows hpo chose its params on, so the paths show how the chosen configuration's luck is spread, not an
 * out-of-sample figure (walk-forward is). Beside it, the probability of backtest overfitting of the whole study by
 * CSCV over every trial's recorded out-of-sample returns (Bailey, Borwein, López de Prado & Zhu).
 */
export class CrossValidationStage implements Stage<'cross-validation'> {
  readonly name = 'cross-validation' as const;
  readonly version = '1';
  /** A replica running several splits of a run reads and labels its inputs once. */
  private readonly layouts = new RunInputsCache<{ setup: WalkForwardSetup; plan: CpcvPlan }>(['preprocess', 'validate-data', 'target-params', 'hpo']);

  validateInput(context: StageContext<'cross-validation'>): void {
    chosenBarrier(context);
    tunedModel(context);
  }

  async execute(context: StageContext<'cross-validation'>): Promise<StageOutput> {
    const { params } = context;
    const { setup, plan } = await this.layoutOf(context);
    await context.progress(0.05, `CPCV: ${plan.splits.length} splits, ${plan.paths.length} paths over rows ${plan.start}..${plan.end}`);
    const recorded = await context.checkpoints.fanOut(
      plan.splits.map((split) => ({ unit: splitUnit(split.index), payload: { index: split.index } })),
    );
    const outcomes = await Promise.all(plan.splits.map((split) => this.outcomeOf(context, recorded.get(splitUnit(split.index)) as RecordedSplit)));
    const summary = failingAsStage(() => summarizeCpcv(setup, plan, outcomes));
    const pbo = await this.studyPbo(context);
    const evidence = {
      model: context.spec.model,
      selectionRows: [plan.start, plan.end],
      onSelectionRange: 'hpo chose its params on these rows: the paths spread the chosen configuration, they are not out of sample for the choice',
      groups: plan.groups,
      pathSplits: plan.paths,
      splits: outcomes.map(({ index, trainRows, note, groups }) => ({
        index,
        trainRows,
        note,
        testGroups: groups.map((g) => g.group),
        trades: groups.map((g) => g.trades),
      })),
      ...summary,
      pbo,
    };
    const evidenceRef = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(evidence, null, 2)), 'application/json');
    return {
      artifacts: [{ name: 'cross-validation-report', ...evidenceRef }],
      metrics: {
        splits: plan.splits.length,
        paths: plan.paths.length,
        pathSharpeMean: summary.sharpe.mean,
        pathSharpeStd: summary.sharpe.std,
        pathSharpeMin: summary.sharpe.min,
        pathSharpeMax: summary.sharpe.max,
        pathReturnMean: summary.totalReturn.mean,
        pathReturnMin: summary.totalReturn.min,
        pathReturnMax: summary.totalReturn.max,
        pathsBeatingBuyAndHold: summary.beatBuyAndHold,
        buyAndHoldReturn: summary.buyAndHoldReturn,
        flatSplits: outcomes.filter((outcome) => outcome.note).length,
        ...(pbo.pbo === null ? {} : { pbo: pbo.pbo }),
        pboTrials: pbo.trials,
      },
      summary: {
        model: context.spec.model,
        groups: params.groups,
        testGroups: params.testGroups,
        paths: summary.paths,
        pbo: pbo.pbo,
        pboNote: pbo.note,
      },
      payload: { pbo: pbo.pbo, pboTrials: pbo.trials },
    };
  }

  async executeUnit(context: StageContext<'cross-validation'>, unit: string, payload: unknown): Promise<unknown> {
    const { index } = payload as { index: number };
    const { setup, plan } = await this.layoutOf(context);
    const outcome = await evaluateCpcvSplit(setup, plan, index);
    context.logger.info({ unit, trainRows: outcome.trainRows }, 'cpcv split trained');
    const returns = chainReturns(outcome.groups.map((group) => group.returns)).returns;
    const ref = await context.artifacts.put(new Uint8Array(returns.buffer), 'application/octet-stream');
    return {
      index,
      trainRows: outcome.trainRows,
      ...(outcome.note ? { note: outcome.note } : {}),
      groups: outcome.groups.map(({ group, returns: r, trades }) => ({ group, bars: r.length, trades })),
      returns: ref,
    } satisfies RecordedSplit;
  }

  validateOutput(output: StageOutput): void {
    if (!Number.isFinite(output.metrics.pathSharpeMean)) throw new StageFailure('cross-validation produced no finite path Sharpe');
  }

  /** The same layout on the coordinator and on every replica: it follows from the RunSpec and the upstream outputs alone. */
  private layoutOf(context: StageContext<'cross-validation'>): Promise<{ setup: WalkForwardSetup; plan: CpcvPlan }> {
    return this.layouts.get(context, [context.spec, context.params], async () => this.layout(context, await readDeployableContext(context)));
  }

  private layout(context: StageContext<'cross-validation'>, deployable: DeployableContext): { setup: WalkForwardSetup; plan: CpcvPlan } {
    const { params, spec } = context;
    const { setup, barrier, funding } = deployable;
    const walkForward = failingAsStage(() =>
      walkForwardPlan(setup.inputs.candles.length, setup.inputs.firstUsableRow, stageParamsOf(spec, 'walk-forward'), barrier.horizonBars),
    );
    const embargo = params.embargoBars ?? barrier.horizonBars;
    const plan = failingAsStage(() =>
      cpcvPlan(setup, setup.inputs.firstUsableRow, walkForward.folds[0].testStart, params.groups, params.testGroups, embargo),
    );
    const ensemble = { ...setup.ensemble, folds: params.innerFolds };
    return { setup: { ...setup, ensemble, embargoBars: embargo, kind: spec.model, barrier, costs: spec.costs, funding }, plan };
  }

  private async outcomeOf(context: StageContext<'cross-validation'>, recorded: RecordedSplit): Promise<CpcvSplitOutcome> {
    const bytes = await context.artifacts.get(recorded.returns);
    const all = new Float64Array(bytes.slice().buffer);
    let at = 0;
    const groups = recorded.groups.map(({ group, bars, trades }) => {
      const returns = all.slice(at, at + bars);
      at += bars;
      return { group, returns, trades };
    });
    if (at !== all.length) throw new StageFailure(`split ${recorded.index + 1}'s returns hold ${all.length} bars, its groups ${at}`);
    return { index: recorded.index, trainRows: recorded.trainRows, ...(recorded.note ? { note: recorded.note } : {}), groups };
  }

  /** PBO by CSCV over every trial's recorded per-bar out-of-sample returns (hpo's `trial-returns`). */
  private async studyPbo(context: StageContext<'cross-validation'>): Promise<{ pbo: number | null; trials: number; note?: string }> {
    const matrix = decodeFeatureMatrix(await readInputArtifact(context, 'hpo', 'trial-returns'));
    const returns = Object.values(matrix.columns);
    const partitions = context.params.pboPartitions;
    if (returns.length < 2) return { pbo: null, trials: returns.length, note: 'fewer than two trials recorded returns: no PBO' };
    if (matrix.timestamps.length < partitions * 2)
      return { pbo: null, trials: returns.length, note: `${matrix.timestamps.length} bars are too few for ${partitions} partitions` };
    const { pbo } = probabilityOfBacktestOverfitting(returns, { partitions, metric: 'sharpe' });
    return { pbo, trials: returns.length };
  }
}
