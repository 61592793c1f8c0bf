import { AbComparison, AbPlan, stageParamsOf, StageOutput, timeframeToMs } from '@ares/contracts';
import { Fold } from '@ares/ml';
import { ModelNotFoundError, ModelRegistry, VersionDetail } from '@ares/model-registry';
import { failingAsStage, Stage, StageContext, StageFacts, StageFailure } from '@ares/stage-runtime';
import { FUNDING_SETTLEMENT_COLUMN, readInputArtifact, readLabelledModelInputs } from '@ares/stage-io';
import { sampleMoments } from '@ares/stats';
import { decodeReturnSeries, walkForwardPlan } from '@ares/training';
import { decideAb } from '../ab/ab-decision';
import { planAbTest } from '../ab/ab-test-plan';
import { replayOnWindow } from '../ab/champion-window';
import { compareOnWindow } from '../ab/window-comparison';

interface Registered {
  name: string;
  version: number;
}

/**
 * Champion/challenger. The new version (save-model's) is set against the name's champion on the most recent
 * out-of-sample window — the walk-forward's last test fold, where the challenger's recipe traded from a model fitted
 * only on earlier bars and served from its ONNX bytes, and the champion is replayed from its registered ONNX bytes
 * with its own features, barriers and entry rule at this run's costs — by the Ledoit–Wolf Sharpe-difference test.
 * Without a champion, the DSR decides. The decision and the live A/B plan are stored with the version; a version
 * already decided keeps its decision (a redelivered attempt, a resumed run).
 */
export class AbSetupStage implements Stage<'ab-setup'> {
  readonly name = 'ab-setup' as const;
  readonly version = '1';

  constructor(
    private readonly registry: ModelRegistry,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async fingerprint(context: StageFacts<'ab-setup'>): Promise<string> {
    return context.runId;
  }

  validateInput(context: StageContext<'ab-setup'>): void {
    registeredOf(context);
    context.input('monte-carlo');
  }

  async execute(context: StageContext<'ab-setup'>): Promise<StageOutput> {
    const { name, version } = registeredOf(context);
    const own = await this.registry.version(name, version).catch((error: Error) => {
      const message = `save-model registered ${name} v${version}, which the registry cannot show: ${error.message}`;
      throw error instanceof ModelNotFoundError ? new StageFailure(message) : StageFailure.transient(message, error);
    });
    const plan = own.entry.ab ?? (await this.decide(context, own));
    await this.registry.setStage(name, { version, stage: plan.decision, reason: plan.reason, ab: plan });
    const ref = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(plan, null, 2)), 'application/json');
    const c = plan.comparison;
    return {
      artifacts: [{ name: 'ab-plan', ...ref }],
      metrics: {
        version,
        promoted: plan.decision === 'champion' ? 1 : 0,
        challengerShare: plan.trafficSplit.challenger,
        minimumBars: plan.minimumSample.bars,
        minimumDays: plan.minimumSample.days,
        ...(plan.minimumSample.trades === null ? {} : { minimumTrades: plan.minimumSample.trades }),
        ...(c ? { championVersion: c.championVersion, sharpeDifference: c.difference, windowBars: c.window.bars } : {}),
        ...(c?.pValue != null ? { pValue: c.pValue } : {}),
      },
      summary: { name, version, decision: plan.decision, reason: plan.reason, promotionCriterion: plan.promotionCriterion },
      payload: plan as unknown as Record<string, unknown>,
    };
  }

  validateOutput(output: StageOutput): void {
    if (!output.summary?.decision) throw new StageFailure('ab-setup made no decision');
  }

  private async decide(context: StageContext<'ab-setup'>, own: VersionDetail): Promise<AbPlan> {
    const { params, spec } = context;
    const { name, version } = own.card;
    const labelled = await readLabelledModelInputs(context);
    const { inputs } = labelled;
    const wf = walkForwardPlan(inputs.candles.length, inputs.firstUsableRow, stageParamsOf(spec, 'walk-forward'), labelled.barrier.horizonBars);
    const series = await readInputArtifact(context, 'walk-forward', 'oos-returns').then((bytes) => failingAsStage(() => decodeReturnSeries(bytes)));
    const last = wf.folds.at(-1)!;
    const testBars = wf.folds.reduce((sum, fold) => sum + fold.testEnd - fold.testStart, 0);
    if (series.strategy.length !== testBars) {
      throw new StageFailure(`walk-forward's oos-returns hold ${series.strategy.length} bars, its plan ${testBars}: they do not belong together`);
    }
    const window = windowOf(last, inputs.candles.timestamps);
    const challengerReturns = series.strategy.subarray(series.strategy.length - window.bars);
    const walkForward = context.input('walk-forward');
    const lastFold = (walkForward.summary?.folds as { trades?: number; totalReturn?: number }[] | undefined)?.at(-1);
    const challenger = { returns: challengerReturns, trades: lastFold?.trades ?? 0, totalReturn: lastFold?.totalReturn ?? 0 };

    const champion = await this.registry.champion(name);
    let comparison: AbComparison | null = null;
    let comparisonUnavailable: string | undefined;
    if (champion && champion.entry.version !== version) {
      try {
        const { bytes: onnx } = await this.registry.onnx(name, champion.entry.version);
        const funding = spec.market === 'perpetual' ? labelled.extra[FUNDING_SETTLEMENT_COLUMN] : undefined;
        const replayed = await replayOnWindow({
          card: champion.card,
          onnx,
          inputs,
          costs: spec.costs,
          funding,
          start: last.testStart,
          end: last.testEnd,
        });
        comparison = compareOnWindow({
          challenger,
          champion: replayed,
          championVersion: champion.entry.version,
          championOutOfSample: Date.parse(champion.card.data.lastBar) < Date.parse(window.from),
          window,
          barsPerYear: inputs.barsPerYear,
        });
      } catch (error) {
        comparisonUnavailable = (error as Error).message;
        context.logger.warn({ name, champion: champion.entry.version, error: comparisonUnavailable }, 'champion could not be replayed');
      }
    }
    const dsr = context.input('monte-carlo').metrics.dsr ?? null;
    const decision = decideAb({
      version,
      dsr,
      dsrThreshold: params.dsrThreshold,
      alpha: params.alpha,
      champion: champion && champion.entry.version !== version ? champion.entry.version : null,
      comparison,
      comparisonUnavailable,
    });
    const wfMetrics = walkForward.metrics;
    const test = planAbTest({
      alpha: params.alpha,
      power: params.power,
      challengerShare: params.challengerShare,
      minDetectableSharpe: params.minDetectableSharpe,
      barsPerYear: inputs.barsPerYear,
      barMs: timeframeToMs(spec.timeframe),
      challengerSharpe: comparison?.challengerSharpe ?? sampleMoments(challengerReturns).sharpe,
      championSharpe: comparison?.championSharpe ?? null,
      correlation: comparison?.correlation ?? 0,
      differenceStd: comparison?.differenceStd ?? sampleMoments(challengerReturns).std,
      tradesPerBar: wfMetrics.testBars > 0 ? (wfMetrics.trades ?? 0) / wfMetrics.testBars : 0,
    });
    return {
      ...decision,
      name,
      version,
      decidedAt: this.clock().toISOString(),
      dsr,
      dsrThreshold: params.dsrThreshold,
      comparison,
      ...(comparisonUnavailable ? { comparisonUnavailable } : {}),
      ...test,
    };
  }
}

function registeredOf(context: Pick<StageContext, 'input'>): Registered {
  const payload = context.input('save-model').payload as Partial<Registered> | undefined;
  if (typeof payload?.name !== 'string' || !Number.isInteger(payload.version)) {
    throw new StageFailure("save-model's output names no registered version (payload {name, version})");
  }
  return { name: payload.name, version: payload.version! };
}

function windowOf(fold: Fold, timestamps: ArrayLike<number>): AbComparison['window'] {
  return {
    from: new Date(timestamps[fold.testStart]).toISOString(),
    to: new Date(timestamps[fold.testEnd - 1]).toISOString(),
    bars: fold.testEnd - fold.testStart,
  };
}
