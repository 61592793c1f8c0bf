import { StageOutput, timeframeToMs } from '@ares/contracts';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { readInputArtifact } from '@ares/stage-io';
import { deflatedSharpeRatio, optimalBlockLength, probabilisticSharpeRatio, sampleMoments, stationaryBootstrap } from '@ares/stats';
import { barsPerYearOf, bootstrapPaths, decodeReturnSeries, Percentiles, tradePaths } from '@ares/training';

/** `finalReturn` → `finalReturnP5`, `finalReturnP50`, `finalReturnP95`. */
function percentileMetrics(name: string, p: Percentiles): Record<string, number> {
  return { [`${name}P5`]: p.p5, [`${name}P50`]: p.p50, [`${name}P95`]: p.p95 };
}

/**
 * How much of the walk-forward may be luck. The out-of-sample per-bar returns resampled by Politis & Romano's
 * stationary bootstrap (expected block: Politis & White's optimal one unless set), and the trades reshuffled and
 * resampled with replacement; every path seeded from the RunSpec. Beside them the walk-forward's per-bar Sharpe
 * ratio as a PSR (against 0) and deflated (DSR) by every configuration the search tried and the variance of their
 * Sharpe ratios (Bailey & López de Prado 2014), the study's PBO from cross-validation, and a verdict in words.
 */
export class MonteCarloStage implements Stage<'monte-carlo'> {
  readonly name = 'monte-carlo' as const;
  readonly version = '1';

  validateInput(context: StageContext<'monte-carlo'>): void {
    context.input('walk-forward');
    context.input('hpo');
    context.input('cross-validation');
  }

  async execute(context: StageContext<'monte-carlo'>): Promise<StageOutput> {
    const { params, spec } = context;
    const series = await readInputArtifact(context, 'walk-forward', 'oos-returns').then((bytes) => failingAsStage(() => decodeReturnSeries(bytes)));
    const returns = series.strategy;
    if (returns.length < 10) throw new StageFailure(`the walk-forward has ${returns.length} out-of-sample bars: too few to resample`);
    const barsPerYear = barsPerYearOf(timeframeToMs(spec.timeframe));
    const constant = returns.every((value) => value === returns[0]);
    const block = params.expectedBlock ?? (constant ? 1 : Math.max(1, optimalBlockLength(returns).stationary));
    const options = { paths: params.paths, seed: spec.seed, drawdownThreshold: params.drawdownThreshold, barsPerYear };
    const bootstrap = stationaryBootstrap(returns.length, { expectedBlock: block, seed: spec.seed });
    const bars = failingAsStage(() => bootstrapPaths(returns, () => bootstrap.next(), options));
    const trades = tradePaths(series.trades, { ...options, seed: spec.seed + 1 });

    const hpo = context.input('hpo').metrics;
    const trials = Math.max(1, Math.round(hpo.trials ?? 1));
    const trialSharpeVariance = hpo.trialSharpeVariance ?? 0;
    const moments = sampleMoments(returns);
    const psr = probabilisticSharpeRatio({ ...moments, benchmarkSharpe: 0 });
    const dsr = deflatedSharpeRatio({ ...moments, trials, trialSharpeVariance });
    const pbo = (context.input('cross-validation').payload as { pbo?: number | null } | undefined)?.pbo ?? null;
    const verdict = verdictOf({ dsr, psr, pbo, trials, threshold: params.dsrThreshold, annualSharpe: moments.sharpe * Math.sqrt(barsPerYear) });

    const evidence = { expectedBlock: block, paths: params.paths, bars, trades, psr, dsr, pbo, trials, trialSharpeVariance, moments, verdict };
    const ref = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(evidence, null, 2)), 'application/json');
    return {
      artifacts: [{ name: 'monte-carlo-report', ...ref }],
      metrics: {
        paths: params.paths,
        expectedBlock: block,
        ...percentileMetrics('finalReturn', bars.finalReturn),
        ...percentileMetrics('sharpe', bars.sharpe),
        ...percentileMetrics('maxDrawdown', bars.maxDrawdown),
        drawdownExceedance: bars.drawdownExceedance,
        lossProbability: bars.lossProbability,
        ...(trades
          ? {
              ...percentileMetrics('tradeMaxDrawdown', trades.reshuffled.maxDrawdown),
              ...percentileMetrics('tradeFinalReturn', trades.resampled.finalReturn),
            }
          : {}),
        psr,
        dsr,
        ...(pbo === null ? {} : { pbo }),
        trials,
        verdictPasses: dsr >= params.dsrThreshold ? 1 : 0,
      },
      summary: { verdict, drawdownThreshold: params.drawdownThreshold, fan: bars.fan },
      payload: { verdict, psr, dsr, pbo, trials },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!Number.isFinite(output.metrics.dsr)) throw new StageFailure('monte-carlo produced no finite DSR');
  }
}

/** The run's luck in one sentence: the DSR against its threshold, the PSR, and the PBO when there is one. */
export function verdictOf(v: { dsr: number; psr: number; pbo: number | null; trials: number; threshold: number; annualSharpe: number }): string {
  const head =
    v.dsr >= v.threshold
      ? `DSR ${v.dsr.toFixed(2)}: the walk-forward Sharpe (${v.annualSharpe.toFixed(2)} a year) beats the best of ${v.trials} random trials`
      : `DSR ${v.dsr.toFixed(2)}: not distinguishable from the best of ${v.trials} random trials`;
  const pbo = v.pbo === null ? 'no PBO' : `PBO ${v.pbo.toFixed(2)}${v.pbo > 0.5 ? ': the search more likely overfit than not' : ''}`;
  return `${head} (PSR ${v.psr.toFixed(2)}; ${pbo})`;
}
