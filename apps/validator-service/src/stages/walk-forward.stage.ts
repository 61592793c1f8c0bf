import { ArtifactRef, StageOutput } from '@ares/contracts';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier, readDeployableContext, tunedModel } from '@ares/stage-io';
import {
  decodeFoldOutcome,
  EncodedFoldOutcome,
  encodeFoldOutcome,
  encodeReturnSeries,
  evaluateWalkForward,
  FoldOutcome,
  walkForwardPlan,
} from '@ares/training';

/** A fold's unit key: stable across attempts, deliveries and replicas. */
const foldUnit = (index: number) => `fold-${index + 1}`;

interface RecordedFold {
  outcome: EncodedFoldOutcome;
  returns: ArtifactRef;
}

/**
 * Rolling or anchored walk-forward of the RunSpec's model kind with hpo's features and params: each fold retrained with
 * the trainer's code, served from ONNX and backtested long and short with its bet sizes, costs and (on a perpetual) funding.
 */
export class WalkForwardStage implements Stage<'walk-forward'> {
  readonly name = 'walk-forward' as const;
  readonly version = '6';

  validateInput(context: StageContext<'walk-forward'>): void {
    chosenBarrier(context);
    tunedModel(context);
  }

  async execute(context: StageContext<'walk-forward'>): Promise<StageOutput> {
    const { params } = context;
    const { setup, barrier, funding } = await readDeployableContext(context);
    const { inputs } = setup;
    const plan = failingAsStage(() => walkForwardPlan(inputs.candles.length, inputs.firstUsableRow, params, barrier.horizonBars));
    const result = await evaluateWalkForward(
      { ...setup, embargoBars: plan.options.embargoBars, kind: context.spec.model, barrier, costs: context.spec.costs, funding },
      plan.folds,
      async (fold) => {
        context.signal.throwIfAborted();
        await context.progress(
          (fold.index + 1) / plan.folds.length,
          `fold ${fold.index + 1}/${plan.folds.length}: return ${(fold.metrics.totalReturn * 100).toFixed(2)} %, Sharpe ${fold.metrics.sharpe.toFixed(2)}`,
          foldUnit(fold.index),
        );
      },
      (fold, compute) => this.foldUnit(context, fold.index, compute),
    ).catch((error: Error) => {
      if (error instanceof StageFailure) throw error;
      throw new StageFailure(`walk-forward failed: ${error.message}`);
    });
    const { report } = result;
    const returnsRef = await context.artifacts.put(
      encodeReturnSeries({ strategy: result.strategyReturns, hold: result.holdReturns, trades: result.tradeReturns }),
      'application/octet-stream',
    );
    const reportRef = await context.artifacts.put(
      new TextEncoder().encode(
        JSON.stringify(
          { model: context.spec.model, market: context.spec.market, layout: plan.options, barrier, costs: context.spec.costs, ...report },
          null,
          2,
        ),
      ),
      'application/json',
    );
    const { overall } = report;
    const perFold: Record<string, number> = {};
    for (const fold of report.folds) {
      perFold[`fold${fold.index + 1}Return`] = fold.metrics.totalReturn;
      perFold[`fold${fold.index + 1}Sharpe`] = fold.metrics.sharpe;
    }
    return {
      artifacts: [
        { name: 'walk-forward-report', ...reportRef },
        { name: 'oos-returns', ...returnsRef },
      ],
      metrics: { folds: report.folds.length, ...overall, ...perFold },
      summary: {
        model: context.spec.model,
        market: context.spec.market,
        mode: params.mode,
        layout: plan.options,
        folds: report.folds.map(({ index, testStart, testEnd, trainRows, metrics }) => ({
          fold: index + 1,
          testStart,
          testEnd,
          trainRows,
          ...metrics,
        })),
      },
    };
  }

  /**
   * A fold is a unit of work: recorded in the run's history when done (its returns as an artifact), so a redelivered
   * or retried attempt trains only the folds no attempt finished.
   */
  private async foldUnit(context: StageContext<'walk-forward'>, index: number, compute: () => Promise<FoldOutcome>): Promise<FoldOutcome> {
    const unit = foldUnit(index);
    const recorded = context.checkpoints.recorded<RecordedFold>(unit);
    if (recorded) {
      const bytes = await context.artifacts.get(recorded.returns).catch(() => undefined);
      if (bytes) return decodeFoldOutcome(recorded.outcome, bytes);
      context.logger.warn({ unit }, 'a recorded fold lost its returns artifact: training it again');
    }
    context.signal.throwIfAborted();
    const outcome = await compute();
    context.logger.info({ unit, trainRows: outcome.report.trainRows }, 'walk-forward fold trained');
    const { summary, returns } = encodeFoldOutcome(outcome);
    const returnsRef = await context.artifacts.put(returns, 'application/octet-stream');
    await context.checkpoints.record(unit, { outcome: summary, returns: returnsRef } satisfies RecordedFold);
    return outcome;
  }

  validateOutput(output: StageOutput): void {
    if (!Number.isFinite(output.metrics.sharpe)) throw new StageFailure('walk-forward produced no finite Sharpe ratio');
  }
}
