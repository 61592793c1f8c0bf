import { stageParamsOf, StageOutput, timeframeToMs } from '@ares/contracts';
import { encodeFeatureMatrix, CANDLES_MEDIA_TYPE } from '@ares/market-data';
import { labelBalance } from '@ares/ml';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { readFeatures, readMaskedDataset } from '@ares/stage-io';
import { buildModelInputs, chooseBarriers, labelsToMatrix, walkForwardPlan } from '@ares/training';

/**
 * Triple-barrier labels with (k_tp, k_sl, h) chosen from the RunSpec's grid by an out-of-sample criterion on the
 * data before the first walk-forward test window: the PSR of at least `minTrades` trades (see chooseBarriers).
 */
export class TargetParamsStage implements Stage<'target-params'> {
  readonly name = 'target-params' as const;
  readonly version = '4';

  validateInput(context: StageContext<'target-params'>): void {
    context.input('preprocess');
    context.input('validate-data');
  }

  async execute(context: StageContext<'target-params'>): Promise<StageOutput> {
    const { params } = context;
    const trainParams = stageParamsOf(context.spec, 'train');
    const walkForward = stageParamsOf(context.spec, 'walk-forward');
    const [features, { candles, mask }] = await Promise.all([readFeatures(context), readMaskedDataset(context)]);
    const inputs = failingAsStage(() => buildModelInputs(features, candles, mask, timeframeToMs(context.spec.timeframe), params.volatilityFeature));
    const longestHorizon = Math.max(...params.grid.horizonBars);
    const { folds } = failingAsStage(() => walkForwardPlan(candles.length, inputs.firstUsableRow, walkForward, longestHorizon));
    const selectionEnd = folds[0].testStart;
    await context.progress(
      0.1,
      `scoring ${params.grid.kTp.length * params.grid.kSl.length * params.grid.horizonBars.length} barrier settings on rows before ${new Date(candles.timestamps[selectionEnd]).toISOString()}`,
    );
    const selection = await chooseBarriers(
      inputs,
      params.grid,
      selectionEnd,
      { folds: params.folds, minTrades: params.minTrades },
      context.spec.costs,
      trainParams,
    ).catch((error: Error) => {
      throw new StageFailure(error.message);
    });

    const labelsRef = await context.artifacts.put(encodeFeatureMatrix(labelsToMatrix(candles.timestamps, selection.labels)), CANDLES_MEDIA_TYPE);
    const report = {
      criterion: `probabilistic Sharpe ratio (vs 0) of out-of-sample trades after costs, purged ${params.folds}-fold on rows before the first walk-forward test window, at least ${params.minTrades} trades`,
      ...selection,
      labels: undefined,
    };
    const reportRef = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(report, null, 2)), 'application/json');
    const balance = labelBalance(selection.labels);
    const chosen = selection.candidates.find(
      (c) => c.kTp === selection.chosen.kTp && c.kSl === selection.chosen.kSl && c.horizonBars === selection.chosen.horizonBars,
    )!;
    return {
      artifacts: [
        { name: 'labels', ...labelsRef },
        { name: 'selection-report', ...reportRef },
      ],
      metrics: {
        ...selection.chosen,
        labelUp: balance.up,
        labelDown: balance.down,
        labelFlat: balance.flat,
        validLabels: balance.valid,
        selectionPsr: chosen.psr,
        selectionSharpe: chosen.sharpe,
        selectionTrades: chosen.trades,
        rankedCandidates: selection.candidates.filter((c) => !c.error).length,
        candidates: selection.candidates.length,
        selectionEndMs: candles.timestamps[selectionEnd],
      },
      payload: { barrier: selection.chosen },
      summary: {
        chosen: selection.chosen,
        criterion: report.criterion,
        selectionRows: [selection.selectionStart, selectionEnd],
        ranking: [...selection.candidates].sort((a, b) => (b.error ? -Infinity : b.psr) - (a.error ? -Infinity : a.psr)).slice(0, 10),
      },
    };
  }

  validateOutput(output: StageOutput): void {
    if ((output.metrics.validLabels ?? 0) < 100)
      throw new StageFailure(`only ${output.metrics.validLabels} rows could be labelled: too few to train on`);
  }
}
