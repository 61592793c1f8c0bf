/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import type { AbPlan } from '@ares/contracts';
import { ModelRegistry } from '@ares/model-registry';
import { loadOnnxModel } from '@ares/onnx';
import { runPipeline } from './run-pipeline';

describe('the default run, stage by stage, on the 2023 BTC/USDT 1h sample', () => {
  const spec = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2024-01-01', model: 'logistic' };
  const registry = ModelRegistry.inMemory();
  let first: Awaited<ReturnType<typeof runPipeline>>;

  beforeAll(async () => {
    first = await runPipeline(spec, process.env, { registry, runId: 'run-first' });
  }, 120_000);

  it('chooses barriers from the grid and labels every bar it can', () => {
    const metrics = first.outputs.get('target-params')!.metrics;
    expect([1, 1.5, 2]).toContain(metrics.kTp);
    expect([1, 1.5, 2]).toContain(metrics.kSl);
    expect([12, 24, 48]).toContain(metrics.horizonBars);
    expect(metrics.candidates).toBe(27);
    expect(metrics.labelUp + metrics.labelDown + metrics.labelFlat).toBeCloseTo(1, 6);
    // Selection saw only data before the first walk-forward test window.
    const firstTest = Date.parse((first.outputs.get('walk-forward')!.summary!.folds as { testStart: string }[])[0].testStart);
    expect(metrics.selectionEndMs).toBe(firstTest);
  });

  it('selects features by clustered MDA and searches the model on rows before the first walk-forward test window', () => {
    const coarse = first.outputs.get('coarse-optimization')!;
    const hpo = first.outputs.get('hpo')!;
    const features = coarse.payload!.features as string[];
    expect(features.length).toBeGreaterThan(0);
    expect(coarse.metrics.features + coarse.metrics.featuresDropped).toBe(15);
    const importances = coarse.summary!.importances as { features: string[]; mean: number; spread: number }[];
    expect(importances.flatMap((cluster) => cluster.features).sort()).toHaveLength(15);
    // The logistic family's space: l2 and class weighting.
    expect(Object.keys(coarse.payload!.space as object).sort()).toEqual(['classWeight', 'l2']);
    expect(hpo.payload).toMatchObject({ family: 'logistic', features, rounds: 0 });
    expect(hpo.metrics.trials).toBe(hpo.metrics.hpoTrials + hpo.metrics.coarseTrials);
    expect(hpo.metrics.trialSharpeVariance).toBeGreaterThanOrEqual(0);
    expect(hpo.artifacts.map((a) => a.name).sort()).toEqual(['study', 'trial-returns']);
  });

  it("trains a logistic model on hpo's features and params, whose ONNX export reproduces it", async () => {
    const train = first.outputs.get('train')!;
    expect(train.metrics.onnxMaxAbsDiff).toBeLessThanOrEqual(1e-5);
    const model = await loadOnnxModel(await first.artifacts.get(train.artifacts.find((a) => a.name === 'model')!));
    expect(model.featureNames).toEqual(first.outputs.get('hpo')!.payload!.features);
    await model.release();
  });

  it('stacks the ensemble with a meta-label model into one ONNX graph that onnxruntime reproduces', async () => {
    const ensemble = first.outputs.get('ensemble')!;
    const meta = first.outputs.get('meta-learner')!;
    // 3 boosted (1 configuration of the logistic study × 2 seeds … at most topConfigs) + forest + logistic, per side.
    expect(ensemble.metrics.members).toBeGreaterThanOrEqual(3);
    expect(ensemble.metrics.outOfFoldRows).toBeGreaterThan(1000);
    expect(meta.metrics.onnxMaxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(meta.metrics.learners).toBe(2 * ensemble.metrics.members);
    const model = await loadOnnxModel(await first.artifacts.get(meta.artifacts.find((a) => a.name === 'model')!));
    expect(JSON.parse(model.metadata['ares.outputs'])).toEqual(['long', 'short', 'metaLong', 'metaShort']);
    await model.release();
  });

  it('walks forward over 5 rolling folds with every metric, and buy-and-hold beside it', () => {
    const wf = first.outputs.get('walk-forward')!;
    expect(wf.metrics.folds).toBe(5);
    for (const key of [
      'totalReturn',
      'sharpe',
      'maxDrawdown',
      'trades',
      'hitRate',
      'exposure',
      'buyAndHoldReturn',
      'buyAndHoldSharpe',
      'longTrades',
      'shortTrades',
      'fundingPaid',
      'averageBetSize',
    ]) {
      expect(Number.isFinite(wf.metrics[key])).toBe(true);
    }
    expect(wf.metrics.maxDrawdown).toBeGreaterThanOrEqual(0);
    const folds = wf.summary!.folds as { testStart: string; testEnd: string }[];
    for (let i = 1; i < folds.length; i++)
      expect(Date.parse(folds[i].testStart)).toBeGreaterThanOrEqual(Date.parse(folds[i - 1].testEnd) - 3_600_000);
  });

  it('cross-validates combinatorially, resamples the walk-forward and states its luck', () => {
    const cv = first.outputs.get('cross-validation')!;
    expect(cv.metrics).toMatchObject({ splits: 15, paths: 5 });
    expect(cv.metrics.pathSharpeMin).toBeLessThanOrEqual(cv.metrics.pathSharpeMax);
    expect(cv.metrics.pbo).toBeGreaterThanOrEqual(0);
    expect(cv.metrics.pbo).toBeLessThanOrEqual(1);
    const mc = first.outputs.get('monte-carlo')!;
    expect(mc.metrics.finalReturnP5).toBeLessThanOrEqual(mc.metrics.finalReturnP50);
    expect(mc.metrics.finalReturnP50).toBeLessThanOrEqual(mc.metrics.finalReturnP95);
    expect(mc.metrics.dsr).toBeLessThanOrEqual(mc.metrics.psr);
    expect(mc.metrics.trials).toBe(first.outputs.get('hpo')!.metrics.trials);
    expect(mc.summary!.verdict).toMatch(/^DSR \d\.\d\d: /);
  });

  it('registers the deployable model with its card and lineage, and sets it up as a challenger without a champion', async () => {
    const saved = first.outputs.get('save-model')!;
    expect(saved.payload).toMatchObject({ name: 'binance-BTC_USDT-1h', version: 1 });
    const { entry, card } = await registry.version('binance-BTC_USDT-1h', 1);
    expect(card.onnx.sha256).toBe(first.outputs.get('train')!.artifacts.find((a) => a.name === 'model')!.sha256);
    expect(card.model).toMatchObject({ kind: 'logistic', producedBy: 'train', features: first.outputs.get('hpo')!.payload!.features });
    expect(card.data.datasetSha256).toBe(first.outputs.get('collect')!.artifacts[0].sha256);
    expect(card.lineage.map((l) => l.stage)).toEqual(expect.arrayContaining(['collect', 'hpo', 'train', 'walk-forward', 'monte-carlo']));
    expect(card.validation.dsr).toBe(first.outputs.get('monte-carlo')!.metrics.dsr);
    const plan = first.outputs.get('ab-setup')!.payload as unknown as AbPlan;
    expect(plan.comparison).toBeNull();
    expect(plan.decision).toBe(card.validation.dsr! >= 0.95 ? 'champion' : 'challenger');
    expect(entry.stage).toBe(plan.decision);
    expect(entry.ab).toEqual(plan);
    expect(plan.trafficSplit).toEqual({ champion: 0.8, challenger: 0.2 });
    expect(plan.minimumSample.bars).toBeGreaterThan(100);
    expect(plan.stoppingRule.method).toBe('mSPRT');
  });

  it('gives byte-identical model artifacts for the same RunSpec on the same data, and sets the new version against the champion', async () => {
    await registry.setStage('binance-BTC_USDT-1h', { version: 1, stage: 'champion', reason: 'promoted by the test' });
    const second = await runPipeline(spec, process.env, { registry, runId: 'run-second' });
    const model = (run: typeof first) => run.outputs.get('train')!.artifacts.find((a) => a.name === 'model')!.sha256;
    expect(model(second)).toBe(model(first));
    expect(second.outputs.get('walk-forward')!.metrics).toEqual(first.outputs.get('walk-forward')!.metrics);

    const plan = second.outputs.get('ab-setup')!.payload as unknown as AbPlan;
    expect(plan.version).toBe(2);
    const lastFold = (second.outputs.get('walk-forward')!.summary!.folds as { testStart: string; trades: number; totalReturn: number }[]).at(-1)!;
    expect(plan.comparison).toMatchObject({ championVersion: 1, championOutOfSample: false, challengerTrades: lastFold.trades });
    expect(plan.comparison!.window.from).toBe(lastFold.testStart);
    expect(plan.comparison!.challengerReturn).toBeCloseTo(lastFold.totalReturn, 12);
    // The champion saw these bars when it was fitted: it can never be replaced on them, only tested live.
    expect(plan.decision).not.toBe('champion');
    expect(plan.reason).toMatch(/champion v1/);
    const model2 = await registry.model('binance-BTC_USDT-1h');
    expect(model2.champion).toBe(1);
    expect(model2.versions.map((v) => v.runId)).toEqual(['run-first', 'run-second']);
  }, 120_000);

  it('replays an earlier champion from its ONNX bytes on the window after its data, out of sample', async () => {
    const registry = ModelRegistry.inMemory();
    const early = { ...spec, to: '2023-07-01', stages: { 'target-params': { params: { minTrades: 10 } } } };
    await runPipeline(early, process.env, { registry, runId: 'run-h1' });
    await registry.setStage('binance-BTC_USDT-1h', { version: 1, stage: 'champion', reason: 'the first half-year model' });
    const later = await runPipeline(spec, process.env, { registry, runId: 'run-year' });
    const plan = later.outputs.get('ab-setup')!.payload as unknown as AbPlan;
    const comparison = plan.comparison!;
    expect(comparison).toMatchObject({ championVersion: 1, championOutOfSample: true });
    expect(Date.parse(comparison.window.from)).toBeGreaterThan(Date.parse('2023-07-01'));
    expect(Number.isFinite(comparison.championSharpe)).toBe(true);
    expect(comparison.championTrades).toBeGreaterThanOrEqual(0);
    expect(plan.minimumSample.bars).toBeGreaterThan(0);
    const expected = comparison.pValue === null || comparison.pValue >= 0.05 ? 'challenger' : comparison.difference < 0 ? 'archived' : null;
    if (expected) expect(plan.decision).toBe(expected);
    const model = await registry.model('binance-BTC_USDT-1h');
    expect(model.versions.map((v) => [v.version, v.stage])).toEqual([
      [1, plan.decision === 'champion' ? 'archived' : 'champion'],
      [2, plan.decision],
    ]);
  }, 120_000);

  it('trains and walks forward gradient-boosted trees when the RunSpec asks for them, deterministically', async () => {
    const gbdtSpec = {
      ...spec,
      model: 'gbdt',
      stages: {
        'coarse-optimization': { params: { search: { points: 4, rounds: 10 } } },
        hpo: { params: { budget: { broadTrials: 4, refineTrials: 2, batchSize: 2, maxRounds: 40, minRounds: 10, leaders: 1 } } },
      },
    };
    const gbdt = await runPipeline(gbdtSpec);
    expect(gbdt.outputs.get('train')!.metrics.onnxMaxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(gbdt.outputs.get('walk-forward')!.summary!.model).toBe('gbdt');
    expect(Number.isFinite(gbdt.outputs.get('walk-forward')!.metrics.sharpe)).toBe(true);
    expect(gbdt.outputs.get('hpo')!.metrics).toMatchObject({ hpoTrials: 6, chosenRounds: 40 });
    const again = await runPipeline(gbdtSpec);
    const model = (run: typeof first) => run.outputs.get('train')!.artifacts.find((a) => a.name === 'model')!.sha256;
    expect(model(again)).toBe(model(gbdt));
    expect(again.outputs.get('hpo')!.summary).toEqual(gbdt.outputs.get('hpo')!.summary);
  }, 240_000);

  it('anchored walk-forward is selectable', async () => {
    const anchored = await runPipeline({ ...spec, stages: { 'walk-forward': { params: { mode: 'anchored', folds: 6 } } } });
    expect(anchored.outputs.get('walk-forward')!.metrics.folds).toBe(6);
  }, 120_000);
});
