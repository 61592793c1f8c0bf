import { ArtifactRef, HpoObjective, stageParamsOf } from '@ares/contracts';
import { Direction, FrozenTrial, Pruner } from '@ares/hpo';
import { StageContext } from '@ares/stage-runtime';
import { crossValidate, CvScores, objectiveValues, TrialParams, withTrialParams } from '@ares/training';
import { cvSetupOf, SearchWorkspaces } from './search-workspace';

/** Hyperband's decision inside a trial unit, taken from the study as it stood when the trial's batch was asked. */
export interface TrialPruning {
  number: number;
  directions: Direction[];
  /** The trials finished before this one's batch: all a pruner may compare with, so replicas agree. */
  history: FrozenTrial[];
  /** Boosting rounds at which the trial reports and the pruner is asked. */
  steps: number[];
}

/** One configuration to cross-validate: a unit of work of coarse-optimization or hpo. */
export interface TrialUnitPayload {
  features: string[];
  params: TrialParams;
  /** Boosting rounds of the full budget (0 for logistic). */
  rounds: number;
  folds: number;
  objectives: HpoObjective[];
  pruning?: TrialPruning;
}

/** What a trial unit records: JSON, in the run's history. */
export interface TrialRecord {
  state: 'complete' | 'pruned' | 'failed';
  /** The objective values at the rounds reached (absent for a failed trial). */
  values?: number[];
  rounds: number;
  intermediate: { rounds: number; values: number[] }[];
  scores?: Omit<CvScores, 'folds'> & { folds: CvScores['folds'] };
  /** Per-bar out-of-sample strategy returns (Float64, little-endian), the selection range's test blocks in order. */
  returns?: ArtifactRef;
  error?: string;
}

/**
 * Cross-validates a trial on the selection range, asking the pruner (if any) at each step, and stores its per-bar
 * returns as an artifact. Pure in (the stage's inputs, the payload): any replica computes the same record.
 */
export async function evaluateTrial(
  context: StageContext,
  workspaces: SearchWorkspaces,
  payload: TrialUnitPayload,
  pruner?: Pruner,
): Promise<TrialRecord> {
  const workspace = await workspaces.get(context, payload.folds);
  const setup = cvSetupOf(workspace, payload.features, context.spec);
  const trainParams = withTrialParams(stageParamsOf(context.spec, 'train'), payload.params, payload.rounds);
  const pruning = payload.pruning;
  const intermediate: TrialRecord['intermediate'] = [];
  try {
    const outcome = await crossValidate(setup, trainParams, {
      rungs: pruning?.steps,
      onRung: (rounds, scores) => {
        context.signal.throwIfAborted();
        const values = objectiveValues(scores, payload.objectives);
        intermediate.push({ rounds, values });
        if (!pruner || !pruning) return false;
        const intermediateValues = Object.fromEntries(intermediate.map((step) => [step.rounds, values.length === 1 ? step.values[0] : step.values]));
        const trial: FrozenTrial = { number: pruning.number, params: payload.params, state: 'running', intermediateValues };
        return pruner.shouldPrune(trial, pruning.history, pruning.directions);
      },
    });
    const { returns, tradeReturns: _trades, rungs: _rungs, pruned, rounds, ...scores } = outcome;
    const values = objectiveValues(outcome, payload.objectives);
    if (!pruned && (intermediate.length === 0 || intermediate.at(-1)!.rounds !== rounds)) intermediate.push({ rounds, values });
    const ref = await context.artifacts.put(new Uint8Array(returns.buffer, returns.byteOffset, returns.byteLength), 'application/x-float64-le');
    return { state: pruned ? 'pruned' : 'complete', values, rounds, intermediate, scores, returns: ref };
  } catch (error) {
    if (context.signal.aborted) throw error;
    return { state: 'failed', rounds: 0, intermediate, error: (error as Error).message };
  }
}
