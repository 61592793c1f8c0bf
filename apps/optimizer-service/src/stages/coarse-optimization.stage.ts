import {
  CoarseOptimizationOutput,
  DEFAULT_SEARCH_SPACES,
  HpoObjective,
  OBJECTIVE_DIRECTIONS,
  stageParamsOf,
  StageOutput,
  tunedFamilyOf,
} from '@ares/contracts';
import { latinHypercube } from '@ares/hpo';
import { Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier } from '@ares/stage-io';
import {
  ClusterSelection,
  clusterFeatures,
  clusteredMda,
  ClusterImportance,
  narrowSpace,
  rowsWhere,
  selectClusters,
  TrialParams,
} from '@ares/training';
import { SearchWorkspaces } from '../search/search-workspace';
import { evaluateTrial, TrialRecord, TrialUnitPayload } from '../search/trial-evaluation';

interface RecordedSelection {
  selection: ClusterSelection | { features: string[]; kept: string[]; dropped: string[]; rule: 'disabled' };
  importances: ClusterImportance[];
}

interface CoarsePoint {
  index: number;
  params: TrialParams;
  /** The record of the last rung the point reached. */
  record: TrialRecord;
  rung: number;
}

/**
 * Feature selection and a cheap, wide search, both on the rows before the first walk-forward test window:
 *  (a) features clustered by correlation, each cluster's out-of-sample importance measured by permutation (MDA)
 *      under purged k-fold, clusters kept only when their importance clears its fold-to-fold spread;
 *  (b) Latin-hypercube points of the wide space on the kept features, few boosting rounds, synchronous successive
 *      halving (every rung's points are units fanned out to the optimizer replicas); the best quantile's ranges
 *      are the space hpo searches.
 */
export class CoarseOptimizationStage implements Stage<'coarse-optimization'> {
  readonly name = 'coarse-optimization' as const;
  readonly version = '1';
  constructor(private readonly workspaces = new SearchWorkspaces()) {}

  validateInput(context: StageContext<'coarse-optimization'>): void {
    chosenBarrier(context);
  }

  async execute(context: StageContext<'coarse-optimization'>): Promise<StageOutput> {
    const { params, spec } = context;
    const hpo = stageParamsOf(spec, 'hpo');
    const objectives = hpo.objectives;
    const workspace = await this.workspaces.get(context, params.folds);
    const { selection: range } = workspace;

    await context.progress(0.05, `feature selection on rows ${range.start}..${range.end} (${params.folds} purged folds)`, 'feature-selection');
    const chosen = await context.checkpoints.unit<RecordedSelection>('feature-selection', () => this.selectFeatures(context));
    const features = chosen.selection.features;

    const family = tunedFamilyOf(spec.model);
    const space = params.space ?? DEFAULT_SEARCH_SPACES[family];
    const search = params.search;
    const rungs = family === 'gbdt' ? search.rungs : 1;
    const roundsAt = (rung: number) =>
      family === 'gbdt' ? Math.max(1, Math.round(search.rounds / search.reductionFactor ** (rungs - 1 - rung))) : 0;
    let points: CoarsePoint[] = latinHypercube(space, search.points, spec.seed).map((point, index) => ({
      index,
      params: point,
      rung: -1,
      record: { state: 'failed', rounds: 0, intermediate: [] },
    }));
    const evaluated = new Map<number, CoarsePoint>();
    for (let rung = 0; rung < rungs; rung++) {
      const rounds = roundsAt(rung);
      await context.progress(0.2 + (0.75 * rung) / rungs, `coarse search rung ${rung + 1}/${rungs}: ${points.length} points at ${rounds} rounds`);
      const payloads = points.map((point) => ({
        unit: `coarse-r${rung}-p${point.index}`,
        payload: { features, params: point.params, rounds, folds: params.folds, objectives } satisfies TrialUnitPayload,
      }));
      const results = await context.checkpoints.fanOut(payloads);
      points = points.map((point, i) => ({ ...point, rung, record: results.get(payloads[i].unit) as TrialRecord }));
      for (const point of points) evaluated.set(point.index, point);
      const keep = rung === rungs - 1 ? points.length : Math.max(1, Math.ceil(points.length / search.reductionFactor));
      points = rankPoints(points, objectives).slice(0, keep);
    }
    const ranked = rankPoints(
      [...evaluated.values()].filter((point) => point.rung === rungs - 1),
      objectives,
    );
    const scored = ranked.filter((point) => point.record.state === 'complete');
    if (scored.length === 0) {
      const reasons = [...evaluated.values()].map((point) => point.record.error).filter(Boolean);
      throw new StageFailure(`no coarse-search point could be cross-validated: ${[...new Set(reasons)].slice(0, 3).join('; ')}`);
    }
    const narrowed = narrowSpace(
      space,
      scored.map((point) => point.params),
      { quantile: search.quantile, keepWide: search.keepWide },
    );
    const all = [...evaluated.values()].sort((a, b) => a.index - b.index);
    const periodSharpes = all.filter((point) => point.record.scores).map((point) => point.record.scores!.periodSharpe);
    const evidence = {
      selectionRows: range,
      folds: params.folds,
      featureSelection: {
        ...chosen.selection,
        clusters: chosen.importances,
        minCorrelation: params.featureSelection.minCorrelation,
        spreads: params.featureSelection.spreads,
      },
      search: {
        wideSpace: space,
        narrowedSpace: narrowed.space,
        dimensions: narrowed.dimensions,
        rungs: Array.from({ length: rungs }, (_, rung) => roundsAt(rung)),
        points: all.map((point) => ({ index: point.index, params: point.params, rung: point.rung, ...point.record })),
      },
    };
    const evidenceRef = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(evidence, null, 2)), 'application/json');
    const best = scored[0];
    const payload: CoarseOptimizationOutput = {
      features,
      space: narrowed.space,
      trials: all.length,
      selectionRule: chosen.selection.rule,
      periodSharpes,
    };
    return {
      artifacts: [{ name: 'coarse-optimization-report', ...evidenceRef }],
      metrics: {
        features: features.length,
        featuresDropped: workspace.inputs.featureNames.length - features.length,
        clusters: chosen.importances.length,
        clustersKept: chosen.selection.kept.length,
        coarseTrials: all.length,
        bestCoarseSharpe: best.record.scores!.sharpe,
        bestCoarseLogLoss: best.record.scores!.logLoss,
        failedPoints: all.filter((point) => point.record.state === 'failed').length,
      },
      payload: { ...payload },
      summary: {
        selectionRule: chosen.selection.rule,
        kept: chosen.selection.kept,
        dropped: chosen.selection.dropped,
        importances: chosen.importances.map(({ name, features: members, mean, spread }) => ({ name, features: members, mean, spread })),
        narrowedSpace: narrowed.space,
        bestCoarse: { params: best.params, ...best.record.scores, folds: undefined },
      },
    };
  }

  async executeUnit(context: StageContext<'coarse-optimization'>, _unit: string, payload: unknown): Promise<unknown> {
    return evaluateTrial(context, this.workspaces, payload as TrialUnitPayload);
  }

  validateOutput(output: StageOutput): void {
    if (!((output.metrics.features ?? 0) >= 1)) throw new StageFailure('coarse-optimization selected no feature');
  }

  private async selectFeatures(context: StageContext<'coarse-optimization'>): Promise<RecordedSelection> {
    const { params, spec } = context;
    const workspace = await this.workspaces.get(context, params.folds);
    const { inputs } = workspace;
    if (!params.featureSelection.enabled) {
      return { selection: { features: [...inputs.featureNames], kept: [...inputs.featureNames], dropped: [], rule: 'disabled' }, importances: [] };
    }
    const rows = rowsWhere(workspace.selection.start, workspace.selection.end, (row) => inputs.usable[row] === 1);
    const clusters = clusterFeatures(inputs.featureNames, inputs.columns, rows, params.featureSelection.minCorrelation);
    const train = stageParamsOf(spec, 'train');
    const mdaParams = { ...train, gbdt: { ...train.gbdt, nEstimators: params.featureSelection.rounds } };
    const importances = await clusteredMda(inputs, workspace.target, workspace.splits, clusters, mdaParams, spec.seed);
    return { selection: selectClusters(importances, params.featureSelection.spreads), importances };
  }
}

/** Best first by the first objective; failed points last; ties by point index. */
function rankPoints(points: readonly CoarsePoint[], objectives: readonly HpoObjective[]): CoarsePoint[] {
  const sign = OBJECTIVE_DIRECTIONS[objectives[0]] === 'maximize' ? -1 : 1;
  const key = (point: CoarsePoint) => (point.record.state === 'complete' && point.record.values ? sign * point.record.values[0] : Infinity);
  return [...points].sort((a, b) => key(a) - key(b) || a.index - b.index);
}
