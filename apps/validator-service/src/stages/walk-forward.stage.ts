import { stageParamsOf, StageOutput } from '@ares/contracts';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier, readLabelledModelInputs } from '@ares/stage-io';
import { evaluateWalkForward, walkForwardPlan } from '@ares/training';

/** Rolling or anchored walk-forward of the RunSpec's model, each fold served from ONNX and backtested with costs. */
export class WalkForwardStage implements Stage {
  readonly name = 'walk-forward' as const;
  readonly version = '2';

  validateInput(context: StageContext): void {
    stageParamsOf(context.spec, 'walk-forward');
    chosenBarrier(context);
  }

  async execute(context: StageContext): Promise<StageOutput> {
    const params = stageParamsOf(context.spec, 'walk-forward');
    const trainParams = stageParamsOf(context.spec, 'train');
    const { inputs, labels, barrier } = await readLabelledModelInputs(context);
    const plan = failingAsStage(() => walkForwardPlan(inputs.candles.length, inputs.firstUsableRow, params, barrier.horizonBars));
    const report = await evaluateWalkForward(
      inputs,
      labels,
      barrier,
      plan.folds,
      plan.options.embargoBars,
      trainParams,
      context.spec.costs,
      async (fold) => {
        context.signal.throwIfAborted();
        await context.progress(
          (fold.index + 1) / plan.folds.length,
          `fold ${fold.index + 1}/${plan.folds.length}: return ${(fold.metrics.totalReturn * 100).toFixed(2)} %, Sharpe ${fold.metrics.sharpe.toFixed(2)}`,
        );
      },
      { model: context.spec.model, seed: context.spec.seed },
    ).catch((error: Error) => {
      if (error instanceof StageFailure) throw error;
      throw new StageFailure(`walk-forward failed: ${error.message}`);
    });
    const reportRef = await context.artifacts.put(
      new TextEncoder().encode(JSON.stringify({ layout: plan.options, barrier, costs: context.spec.costs, ...report }, null, 2)),
      'application/json',
    );
    const { overall } = report;
    const perFold: Record<string, number> = {};
    for (const fold of report.folds) {
      perFold[`fold${fold.index + 1}Return`] = fold.metrics.totalReturn;
      perFold[`fold${fold.index + 1}Sharpe`] = fold.metrics.sharpe;
    }
    return {
      artifacts: [{ name: 'walk-forward-report', ...reportRef }],
      metrics: { folds: report.folds.length, ...overall, ...perFold },
      summary: {
        model: context.spec.model,
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

  validateOutput(output: StageOutput): void {
    if (!Number.isFinite(output.metrics.sharpe)) throw new StageFailure('walk-forward produced no finite Sharpe ratio');
  }
}
