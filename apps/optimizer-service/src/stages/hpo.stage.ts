import {
  ArtifactRef,
  CoarseOptimizationOutput,
  HpoObjective,
  HpoOutput,
  HpoStageParams,
  OBJECTIVE_DIRECTIONS,
  parseContract,
  ContractViolationError,
  StageOutput,
  ModelFamily,
  tunedFamilyOf,
} from '@ares/contracts';
import { encodeFeatureMatrix, CANDLES_MEDIA_TYPE } from '@ares/market-data';
import { AskedTrial, createPruner, createStudy, Direction, dominates, PrunerConfig, SamplerConfig, SearchSpace, Study } from '@ares/hpo';
import { sampleMoments } from '@ares/stats';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chooseTrial, narrowSpace } from '@ares/training';
import { SearchWorkspaces } from '../search/search-workspace';
import { evaluateTrial, TrialRecord, TrialUnitPayload } from '../search/trial-evaluation';
import { runWindowedPhase } from '../search/windowed-phase';

type Phase = 'broad' | 'refine';

/** A finished trial of either phase, as the study report lists it. */
interface StudyTrial extends TrialRecord {
  id: string;
  phase: Phase;
  number: number;
  params: Record<string, string | number | boolean>;
}

/** What one phase runs: its study, budget and whether hyperband may stop its trials early. */
interface PhasePlan {
  phase: Phase;
  study: Study;
  trials: number;
  prune: boolean;
}

/** Told how each trial this process evaluated ended (e.g. Prometheus metrics, wired by the service's main). */
export interface HpoTrialObserver {
  trialEnded(outcome: 'completed' | 'pruned' | 'failed'): void;
}

const TRIAL_OUTCOMES = { complete: 'completed', pruned: 'pruned', failed: 'failed' } as const;

/**
 * A multi-stage study over coarse-optimization's narrowed space, objective purged k-fold CV on the rows before the
 * first walk-forward test window:
 *  1. broad: TPE (constant liar across a batch) with hyperband pruning on boosting rounds;
 *  2. refine: TPE over the region the broad phase's leaders span, every trial at the full budget, the leaders
 *     told to it first so it starts where the broad phase ended.
 * Trials are units fanned out to every optimizer replica, `batchSize` in flight (runWindowedPhase: told in
 * trial-number order, trial n suggested from trials 0..n − batchSize, its pruning decisions seeing only those), so
 * the study — every trial, every decision — is the same at any replica count and after any restart, and no batch
 * waits for its slowest trial before the next trials start.
 */
export class HpoStage implements Stage<'hpo'> {
  readonly name = 'hpo' as const;
  readonly version = '2';
  constructor(
    private readonly workspaces = new SearchWorkspaces(),
    private readonly trials?: HpoTrialObserver,
  ) {}

  validateInput(context: StageContext<'hpo'>): void {
    coarseOutput(context);
  }

  async execute(context: StageContext<'hpo'>): Promise<StageOutput> {
    const { params, spec } = context;
    const coarse = coarseOutput(context);
    const space = (params.space ?? coarse.space) as SearchSpace;
    const directions: Direction[] = params.objectives.map((objective) => OBJECTIVE_DIRECTIONS[objective]);
    const budget = params.budget;
    const family = tunedFamilyOf(spec.model);
    const gbdt = family === 'gbdt';
    const rounds = gbdt ? budget.maxRounds : 0;
    const pruner = hyperbandOf(params, family);
    const steps = pruner ? pruningSteps(budget.minRounds, budget.maxRounds, budget.reductionFactor) : [];
    const sampler = samplerFor(params.sampler, params.multivariate, directions.length, budget.batchSize);
    const studyOf = (studySpace: SearchSpace, seed: number, withPruner: boolean, studySampler: SamplerConfig = sampler) =>
      failingAsStage(() => createStudy({ space: studySpace, directions, sampler: studySampler, pruner: withPruner ? pruner : undefined, seed }));
    const finished: StudyTrial[] = [];
    const total = budget.broadTrials + budget.refineTrials;

    const runPhase = async (plan: PhasePlan) => {
      const prunerFn = plan.prune && pruner ? createPruner(pruner, plan.study.options.seed) : undefined;
      const unitOf = (trial: AskedTrial) => `${plan.phase}-${trial.number}`;
      await runWindowedPhase<TrialRecord>({
        study: plan.study,
        trials: plan.trials,
        window: budget.batchSize,
        evaluate: async (trial, history) => {
          const unit = unitOf(trial);
          const payload: TrialUnitPayload & { phase: Phase } = {
            features: coarse.features,
            params: { ...trial.params },
            rounds,
            folds: budget.folds,
            objectives: params.objectives,
            pruning: prunerFn ? { number: trial.number, directions, history, steps } : undefined,
            phase: plan.phase,
          };
          return (await context.checkpoints.fanOut([{ unit, payload }])).get(unit) as TrialRecord;
        },
        onTold: async (trial, record) => {
          finished.push({ ...record, id: unitOf(trial), phase: plan.phase, number: trial.number, params: { ...trial.params } });
          const best = chooseTrial(scoredOf(finished), params.objectives);
          await context.progress(
            0.05 + (0.9 * finished.length) / total,
            `${plan.phase}: ${finished.length}/${total} trials${best ? `, best ${params.objectives[0]} ${best.values[0].toFixed(4)} (${best.id})` : ''}`,
          );
        },
      });
    };

    await runPhase({ phase: 'broad', study: studyOf(space, spec.seed, true), trials: budget.broadTrials, prune: true });
    const leaders = leadersOf(finished, params.objectives, budget.leaders);
    let refinedSpace: SearchSpace | undefined;
    if (budget.refineTrials > 0 && leaders.length > 0) {
      refinedSpace = narrowSpace(
        space,
        leaders.map((leader) => leader.params),
        { quantile: 1, keepWide: [], margin: 0.1 },
      ).space;
      // TPE from the first refinement trial on: its "good" density is centred on the leaders, which are told first
      // (not run again), so the refinement searches around them rather than sampling the box at random.
      const refineSampler: SamplerConfig = sampler.type === 'tpe' ? { ...sampler, nStartupTrials: leaders.length } : sampler;
      const refine = studyOf(refinedSpace, spec.seed + 1, false, refineSampler);
      for (const leader of leaders) {
        refine.enqueue(leader.params);
        const { number } = refine.ask();
        refine.tell(number, directions.length === 1 ? leader.values![0] : leader.values!);
      }
      await runPhase({ phase: 'refine', study: refine, trials: budget.refineTrials, prune: false });
    }

    const chosen = chooseTrial(scoredOf(finished), params.objectives);
    if (!chosen) {
      const reasons = [...new Set(finished.map((trial) => trial.error).filter(Boolean))].slice(0, 3);
      throw new StageFailure(`no hpo trial completed: ${reasons.join('; ') || 'every trial was pruned'}`);
    }
    const winner = finished.find((trial) => trial.id === chosen.id)!;
    return this.output(context, { finished, winner, coarse, space, refinedSpace, directions, steps });
  }

  async executeUnit(context: StageContext<'hpo'>, _unit: string, payload: unknown): Promise<unknown> {
    const unit = payload as TrialUnitPayload;
    // The broad phase's pruner, as its coordinator built it (same config, same study seed).
    const config = hyperbandOf(context.params, tunedFamilyOf(context.spec.model));
    const record = await evaluateTrial(context, this.workspaces, unit, unit.pruning && config ? createPruner(config, context.spec.seed) : undefined);
    this.trials?.trialEnded(TRIAL_OUTCOMES[record.state]);
    return record;
  }

  validateOutput(output: StageOutput): void {
    if (!((output.metrics.trials ?? 0) >= 1)) throw new StageFailure('hpo recorded no trial');
    if (!Number.isFinite(output.metrics.trialSharpeVariance))
      throw new StageFailure('hpo could not compute the variance of its trials’ Sharpe ratios');
  }

  private async output(
    context: StageContext<'hpo'>,
    study: {
      finished: StudyTrial[];
      winner: StudyTrial;
      coarse: CoarseOptimizationOutput;
      space: SearchSpace;
      refinedSpace?: SearchSpace;
      directions: Direction[];
      steps: number[];
    },
  ): Promise<StageOutput> {
    const { params, spec } = context;
    const { finished, winner, coarse } = study;
    const returnsRef = await this.trialReturns(context, finished);
    const periodSharpes = [...coarse.periodSharpes, ...finished.filter((trial) => trial.scores).map((trial) => trial.scores!.periodSharpe)];
    const report = {
      objectives: params.objectives,
      directions: study.directions,
      budget: params.budget,
      space: study.space,
      refinedSpace: study.refinedSpace,
      pruningSteps: study.steps,
      features: coarse.features,
      chosen: { id: winner.id, params: winner.params, rounds: winner.rounds, values: winner.values, scores: winner.scores },
      choiceRule:
        params.objectives.length === 1
          ? `best ${params.objectives[0]} (ties: the earlier trial)`
          : `Pareto front; best ${params.objectives[0]} among front members no worse than the front's median on the other objectives`,
      trials: finished,
      coarseTrials: coarse.trials,
    };
    const reportRef = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(report, null, 2)), 'application/json');
    const states = (state: TrialRecord['state']) => finished.filter((trial) => trial.state === state).length;
    const payload: HpoOutput = {
      family: tunedFamilyOf(spec.model),
      params: winner.params,
      rounds: winner.rounds,
      features: coarse.features,
      chosenTrial: winner.id,
      leaders: distinctLeaders(finished, params.objectives, LEADERS_PUBLISHED).map((leader) => ({
        trial: leader.id,
        params: leader.params,
        rounds: leader.rounds,
      })),
    };
    const scores = winner.scores!;
    return {
      artifacts: [
        { name: 'study', ...reportRef },
        { name: 'trial-returns', ...returnsRef },
      ],
      metrics: {
        trials: periodSharpes.length,
        trialSharpeVariance: variance(periodSharpes),
        hpoTrials: finished.length,
        coarseTrials: coarse.trials,
        prunedTrials: states('pruned'),
        failedTrials: states('failed'),
        bestSharpe: scores.sharpe,
        bestPeriodSharpe: scores.periodSharpe,
        bestLogLoss: scores.logLoss,
        bestMaxDrawdown: scores.maxDrawdown,
        bestTrades: scores.trades,
        chosenRounds: winner.rounds,
        features: coarse.features.length,
      },
      payload: { ...payload },
      summary: {
        chosen: report.chosen,
        choiceRule: report.choiceRule,
        objectives: params.objectives,
        paretoFront:
          params.objectives.length > 1
            ? scoredOf(finished)
                .filter((trial) => !scoredOf(finished).some((other) => dominates(other.values, trial.values, study.directions)))
                .map((trial) => ({ id: trial.id, values: trial.values }))
            : undefined,
        trials: finished.map(({ id, state, values, rounds }) => ({ id, state, values, rounds })),
      },
    };
  }

  /** Every trial's per-bar returns as one matrix artifact (one column per trial; pruned ones at the rounds they reached). */
  private async trialReturns(context: StageContext<'hpo'>, finished: StudyTrial[]): Promise<ArtifactRef> {
    const columns: Record<string, Float64Array> = {};
    let length = -1;
    const withReturns = finished.filter((trial) => trial.returns);
    const loaded = await Promise.all(withReturns.map((trial) => context.artifacts.get(trial.returns!)));
    withReturns.forEach((trial, i) => {
      const bytes = loaded[i];
      const returns = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      length = returns.length;
      columns[trial.id] = returns;
    });
    const timestamps = Float64Array.from({ length: Math.max(0, length) }, (_, i) => i);
    return context.artifacts.put(encodeFeatureMatrix({ timestamps, columns }), CANDLES_MEDIA_TYPE);
  }
}

function coarseOutput(context: Pick<StageContext, 'input'>): CoarseOptimizationOutput {
  try {
    return parseContract(CoarseOptimizationOutput, context.input('coarse-optimization').payload ?? {});
  } catch (error) {
    const problems = error instanceof ContractViolationError ? error.problems.join('; ') : (error as Error).message;
    throw new StageFailure(`coarse-optimization's output payload is not what hpo searches: ${problems}`);
  }
}

/** Hyperband on boosting rounds, for a GBDT study with pruning on and room for a rung. */
function hyperbandOf(params: HpoStageParams, model: ModelFamily): PrunerConfig | undefined {
  const { minRounds, maxRounds, reductionFactor } = params.budget;
  return model === 'gbdt' && params.pruning && minRounds < maxRounds
    ? { type: 'hyperband', minResource: minRounds, maxResource: maxRounds, reductionFactor }
    : undefined;
}

/** Boosting rounds at which hyperband's brackets have rungs: minRounds·η^k below maxRounds. */
export function pruningSteps(minRounds: number, maxRounds: number, eta: number): number[] {
  const steps: number[] = [];
  for (let step = minRounds; step < maxRounds; step *= eta) steps.push(step);
  return steps;
}

function samplerFor(kind: 'tpe' | 'random', multivariate: boolean, objectives: number, batchSize: number): SamplerConfig {
  if (kind === 'random') return { type: 'random' };
  // TPE here is single-objective; several objectives are searched by NSGA-II with a population of a few batches.
  if (objectives > 1) return { type: 'nsga2', populationSize: Math.max(4, 2 * batchSize) };
  return { type: 'tpe', multivariate, constantLiar: true };
}

type ScoredStudyTrial = StudyTrial & { values: number[] };

function scoredOf(trials: readonly StudyTrial[]): ScoredStudyTrial[] {
  return trials.filter((trial): trial is ScoredStudyTrial => trial.state === 'complete' && trial.values !== undefined);
}

function leadersOf(trials: readonly StudyTrial[], objectives: readonly HpoObjective[], count: number): StudyTrial[] {
  const pool = [...scoredOf(trials)];
  const leaders: StudyTrial[] = [];
  while (leaders.length < count && pool.length > 0) {
    const next = chooseTrial(pool, objectives)!;
    leaders.push(next);
    pool.splice(pool.indexOf(next), 1);
  }
  return leaders;
}

/** How many leaders the payload names: more than any ensemble default draws. */
const LEADERS_PUBLISHED = 8;

/** The best trials by the choice rule, one per configuration (the refinement re-tells the broad phase's leaders). */
function distinctLeaders(trials: readonly StudyTrial[], objectives: readonly HpoObjective[], count: number): StudyTrial[] {
  const seen = new Set<string>();
  return leadersOf(trials, objectives, trials.length)
    .filter((trial) => {
      const key = JSON.stringify([trial.params, trial.rounds]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, count);
}

/** Sample variance (n − 1); 0 for fewer than two values. */
function variance(values: readonly number[]): number {
  return values.length < 2 ? 0 : sampleMoments(values).std ** 2;
}
