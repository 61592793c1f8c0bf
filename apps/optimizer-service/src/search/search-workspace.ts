import { RunSpec, stageParamsOf, tunedFamilyOf } from '@ares/contracts';
import { TripleBarrierLabels, TripleBarrierParams } from '@ares/ml';
import { failingAsStage, StageContext } from '@ares/stage-runtime';
import { readLabelledModelInputs, RunInputsCache } from '@ares/stage-io';
import { CvSetup, CvSplit, ModelInputs, purgedKFold, selectFeatures, takeProfitTarget, walkForwardPlan } from '@ares/training';

/** What every trial of a run's searches works on: the labelled inputs and the purged k-fold of the selection range. */
export interface SearchWorkspace {
  inputs: ModelInputs;
  labels: TripleBarrierLabels;
  barrier: TripleBarrierParams;
  target: Uint8Array;
  /** Rows searched: from the first usable row to the first walk-forward test row (exclusive). */
  selection: { start: number; end: number };
  splits: CvSplit[];
}

/** The stages whose outputs a workspace is built from: its identity. */
const WORKSPACE_INPUTS = ['preprocess', 'validate-data', 'target-params'];

/**
 * Loads and prepares the workspace once per process for a run's labelled inputs: a replica running many trials reads
 * the artifacts and builds the splits once, not once per trial, and coarse-optimization and hpo share it when they
 * share one instance. Keyed by the run, the fold count and the content addresses of the labelled inputs, so a
 * different run (or different data) never sees another's workspace.
 */
export class SearchWorkspaces {
  private readonly cache: RunInputsCache<SearchWorkspace>;

  constructor(capacity = 2) {
    this.cache = new RunInputsCache(WORKSPACE_INPUTS, capacity);
  }

  get(context: StageContext, folds: number): Promise<SearchWorkspace> {
    return this.cache.get(context, folds, () => loadWorkspace(context, folds));
  }
}

async function loadWorkspace(context: StageContext, folds: number): Promise<SearchWorkspace> {
  const { inputs, labels, barrier } = await readLabelledModelInputs(context);
  return failingAsStage(() => {
    const walkForward = stageParamsOf(context.spec, 'walk-forward');
    const { folds: walkForwardFolds } = walkForwardPlan(inputs.candles.length, inputs.firstUsableRow, walkForward, barrier.horizonBars);
    const selection = { start: inputs.firstUsableRow, end: walkForwardFolds[0].testStart };
    const trainable = new Uint8Array(labels.valid.length);
    for (let i = 0; i < trainable.length; i++) trainable[i] = labels.valid[i] & inputs.usable[i];
    const splits = purgedKFold({
      ...selection,
      folds,
      touchIndex: labels.touchIndex,
      trainable,
      usable: inputs.usable,
      embargoBars: barrier.horizonBars,
    });
    return { inputs, labels, barrier, target: takeProfitTarget(labels), selection, splits };
  });
}

/** The cross-validation setup of one feature set. */
export function cvSetupOf(workspace: SearchWorkspace, features: readonly string[], spec: RunSpec): CvSetup {
  return {
    inputs: selectFeatures(workspace.inputs, features),
    labels: workspace.labels,
    barrier: workspace.barrier,
    splits: workspace.splits,
    costs: spec.costs,
    family: tunedFamilyOf(spec.model),
    seed: spec.seed,
  };
}
