import pino from 'pino';
import { RunSpec, StageInput, StageName, StageOutput } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { StageContext, StageFailure } from '@ares/stage-runtime';
import { encodeReturnSeries } from '@ares/training';
import { REPORT_MEDIA_TYPE, ReportStage } from './report.stage';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const bars = 400;
const strategy = Float64Array.from({ length: bars }, (_, i) => Math.sin(i / 7) * 0.002);
const hold = Float64Array.from({ length: bars }, (_, i) => Math.cos(i / 11) * 0.004);
const backtest = { totalReturn: 0.012, sharpe: 0.8, maxDrawdown: 0.03, trades: 7, longTrades: 3, shortTrades: 4, longPnl: 0.02, shortPnl: -0.008 };

/** Upstream outputs shaped as their stages write them, artifacts in `store`. */
async function upstream(store: InMemoryArtifactStore, overrides: Partial<Record<StageName, StageOutput | null>> = {}): Promise<StageInput[]> {
  const put = async (name: string, bytes: Uint8Array, mediaType = 'application/json') => ({ name, ...(await store.put(bytes, mediaType)) });
  const outputs: Partial<Record<StageName, StageOutput>> = {
    'validate-data': {
      artifacts: [
        await put(
          'quality-report',
          json({
            metrics: { rows: 8759, coverage: 0.9999, gaps: 1, missingBars: 1, longestGapHours: 1 },
            findings: [
              {
                kind: 'gap',
                isoTime: '2023-03-24T13:00:00.000Z',
                endIsoTime: '2023-03-24T14:00:00.000Z',
                detail: '1 missing bar <b>',
                bars: 1,
                action: 'segment',
              },
            ],
            findingsOmitted: 0,
          }),
        ),
      ],
      metrics: { rows: 8759, findings: 1, forwardFilledBars: 0 },
      summary: { passed: true, findings: [] },
    },
    'target-params': {
      artifacts: [
        await put(
          'selection-report',
          json({
            criterion: 'PSR of out-of-sample trades',
            candidates: [{ kTp: 1.5, kSl: 1, horizonBars: 24, psr: 0.66, sharpe: 0.7, totalReturn: 0.05, trades: 41 }],
          }),
        ),
      ],
      metrics: { kTp: 1.5, kSl: 1, horizonBars: 24, labelUp: 0.3, labelDown: 0.3, labelFlat: 0.4 },
      payload: { barrier: { kTp: 1.5, kSl: 1, horizonBars: 24 } },
    },
    'coarse-optimization': {
      artifacts: [
        await put(
          'coarse-optimization-report',
          json({
            featureSelection: {
              features: ['vol_24', 'logret_1'],
              kept: ['vol_24'],
              dropped: ['rsi_14'],
              rule: 'beyond-spread',
              minCorrelation: 0.7,
              spreads: 1,
              clusters: [
                { name: 'vol_24', features: ['vol_24', 'logret_1'], perFold: [0.1, 0.2], mean: 0.15, spread: 0.05 },
                { name: 'rsi_14', features: ['rsi_14'], perFold: [-0.01, 0.01], mean: 0, spread: 0.01 },
              ],
            },
          }),
        ),
      ],
      metrics: { features: 2 },
    },
    hpo: {
      artifacts: [
        await put(
          'study',
          json({
            objectives: ['sharpe'],
            directions: ['maximize'],
            choiceRule: 'best sharpe (ties: the earlier trial)',
            coarseTrials: 4,
            chosen: { id: 'broad-1', params: { maxDepth: 4, learningRate: 0.05 } },
            trials: [
              { id: 'broad-0', phase: 'broad', number: 0, state: 'complete', values: [1.1], rounds: 160 },
              { id: 'broad-1', phase: 'broad', number: 1, state: 'complete', values: [1.7], rounds: 160 },
              { id: 'broad-2', phase: 'broad', number: 2, state: 'pruned', values: [0.2], rounds: 20 },
            ],
          }),
        ),
      ],
      metrics: { trials: 7, trialSharpeVariance: 1e-4 },
    },
    train: {
      artifacts: [],
      metrics: { onnxMaxAbsDiff: 2e-7, trainRows: 8000, modelBytes: 1000 },
      summary: { model: 'gbdt', modelSha256: 'c'.repeat(64) },
    },
    'meta-learner': {
      artifacts: [],
      metrics: { onnxMaxAbsDiff: 3e-8, trainRows: 8000, modelBytes: 5000, members: 6 },
      summary: { model: 'ensemble', modelSha256: 'd'.repeat(64) },
    },
    'walk-forward': {
      artifacts: [
        await put(
          'walk-forward-report',
          json({
            model: 'ensemble',
            layout: { mode: 'rolling', testBars: 200 },
            folds: [0, 1].map((index) => ({
              index,
              testStart: `2023-0${7 + index}-01T00:00:00.000Z`,
              testEnd: `2023-0${8 + index}-01T00:00:00.000Z`,
              trainRows: 1700,
              testRows: 200,
              modelSha256: 'e'.repeat(64),
              metrics: backtest,
            })),
            overall: backtest,
          }),
        ),
        await put('oos-returns', encodeReturnSeries({ strategy, hold, trades: Float64Array.of(0.01, -0.002) }), 'application/octet-stream'),
      ],
      metrics: { ...backtest, folds: 2 },
      summary: { mode: 'rolling' },
    },
    'cross-validation': {
      artifacts: [
        await put(
          'cross-validation-report',
          json({
            paths: [
              { sharpe: -1, totalReturn: -0.02, maxDrawdown: 0.04 },
              { sharpe: 0.5, totalReturn: 0.01, maxDrawdown: 0.02 },
            ],
            buyAndHoldReturn: 0.3,
            beatBuyAndHold: 0,
            pbo: { pbo: 0.4, trials: 3 },
          }),
        ),
      ],
      metrics: { splits: 15, paths: 2, pathSharpeMean: -0.25 },
      summary: { groups: 6, testGroups: 2 },
    },
    'monte-carlo': {
      artifacts: [],
      metrics: {
        paths: 1000,
        expectedBlock: 12,
        finalReturnP5: -0.02,
        finalReturnP50: 0.01,
        finalReturnP95: 0.04,
        psr: 0.6,
        dsr: 0.2,
        pbo: 0.4,
        trials: 7,
        verdictPasses: 0,
        drawdownExceedance: 0,
        lossProbability: 0.4,
      },
      summary: {
        verdict: 'DSR 0.20: not distinguishable from the best of 7 random trials (PSR 0.60; PBO 0.40)',
        drawdownThreshold: 0.25,
        fan: { bar: [200, 400], p5: [0.98, 0.97], p50: [1.005, 1.01], p95: [1.03, 1.05] },
      },
      payload: {
        verdict: 'DSR 0.20: not distinguishable from the best of 7 random trials (PSR 0.60; PBO 0.40)',
        psr: 0.6,
        dsr: 0.2,
        pbo: 0.4,
        trials: 7,
      },
    },
    'save-model': {
      artifacts: [],
      metrics: { version: 2 },
      payload: { name: 'binance-BTC_USDT-1h', version: 2, stage: 'none', onnxSha256: 'd'.repeat(64) },
    },
    'ab-setup': {
      artifacts: [],
      metrics: {},
      payload: {
        decision: 'challenger',
        reason: 'the DSR 0.20 is below 0.95 and there is no champion',
        decidedAt: '2024-01-02T09:30:00.000Z',
        dsr: 0.2,
        dsrThreshold: 0.95,
        comparison: null,
        trafficSplit: { champion: 0.8, challenger: 0.2 },
        minimumSample: { bars: 5000, trades: null, days: 208.3, power: 0.8, alpha: 0.05, minDetectableSharpe: 0.5 },
        stoppingRule: { method: 'mSPRT', mixingVariance: 1e-4, alpha: 0.05, description: 'always-valid p-value below α' },
        promotionCriterion: 'the mSPRT rejects for the challenger',
      },
    },
  };
  return Object.entries({ ...outputs, ...overrides })
    .filter((entry): entry is [StageName, StageOutput] => entry[1] !== null && entry[1] !== undefined)
    .map(([stage, output]) => ({ stage, output }));
}

const spec = (symbol = 'BTC/USDT'): RunSpec => Object.assign(new RunSpec(), { symbol, timeframe: '1h', from: '2023-01-01', to: '2024-01-01' });

function contextOf(inputs: StageInput[], store: InMemoryArtifactStore, runSpec = spec()): StageContext<'report'> {
  return {
    runId: 'r1',
    stage: 'report',
    attempt: 1,
    spec: runSpec,
    params: {},
    inputs,
    artifacts: store,
    signal: new AbortController().signal,
    logger: pino({ level: 'silent' }),
    input: (name: StageName) => {
      const found = inputs.find((input) => input.stage === name);
      if (!found) throw new StageFailure(`no ${name}`);
      return found.output;
    },
    progress: async () => undefined,
  } as unknown as StageContext<'report'>;
}

async function run(overrides: Partial<Record<StageName, StageOutput | null>> = {}, runSpec?: RunSpec) {
  const store = new InMemoryArtifactStore();
  const context = contextOf(await upstream(store, overrides), store, runSpec);
  const stage = new ReportStage();
  stage.validateInput(context);
  const output = await stage.execute(context);
  stage.validateOutput(output);
  const html = new TextDecoder().decode(await store.get(output.artifacts[0]));
  return { output, html };
}

describe('ReportStage', () => {
  it('stores one HTML artifact drawn from every upstream output', async () => {
    const { output, html } = await run();
    expect(output.artifacts).toEqual([expect.objectContaining({ name: 'report', mediaType: REPORT_MEDIA_TYPE })]);
    expect(output.metrics).toEqual({ bytes: new TextEncoder().encode(html).byteLength, charts: 7, sectionsWithoutData: 0 });
    expect(output.summary).toEqual({ title: 'Ares run report: BTC/USDT 1h, ensemble model' });
    for (const fact of [
      'DSR 0.20: not distinguishable from the best of 7 random trials', // monte-carlo
      '2023-07-01 → 2023-08-01', // walk-forward's folds
      '0 of 2 paths beat buy-and-hold', // cross-validation
      'Probability of backtest overfitting (CSCV over 3 trials', // cross-validation
      'broad-1 chosen by: best sharpe', // hpo's study
      'Clusters are kept when their mean importance exceeds 1.0', // coarse-optimization
      'Take-profit at 1.50·σ, stop-loss at 1.00·σ, vertical barrier after 24 bars', // target-params
      '1 missing bar &lt;b&gt;', // validate-data, escaped
      '<code>binance-BTC_USDT-1h</code> version 2', // save-model
      'The registered bytes are meta-learner', // the registered hash is the deployed model's
      'the DSR 0.20 is below 0.95 and there is no champion', // ab-setup
      'as of 2024-01-02 09:30 UTC',
    ])
      expect(html).toContain(fact);
  });

  it('gives the same bytes for the same inputs', async () => {
    const first = await run();
    const second = await run();
    expect(second.output.artifacts[0].sha256).toBe(first.output.artifacts[0].sha256);
  });

  it('escapes a symbol that carries markup', async () => {
    const { html, output } = await run({}, spec('BTC/<script>alert(1)</script>'));
    expect(html).not.toContain('<script');
    expect(html).toContain('BTC/&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(output.summary!.title).toContain('<script>'); // the summary is data; whoever shows it escapes it
  });

  it('reports without the stages a run did not give it, saying so in their sections', async () => {
    const { html, output } = await run({ 'walk-forward': null, 'ab-setup': null, hpo: null, 'save-model': null, 'cross-validation': null });
    expect(html).toContain('No walk-forward output: there is no out-of-sample equity to show.');
    expect(html).toContain('No ab-setup output: no A/B decision was made.');
    expect(html).toContain('No hpo study (no hpo output): there is no search history to show.');
    expect(html).toContain('No save-model output: the model was not registered.');
    expect(html).toContain('No cross-validation output');
    // Without walk-forward, the fan has no realised path; without hpo, no trial variance: the rest still renders.
    expect(html).toContain('<title>Monte Carlo fan');
    // Summary, equity and folds (the walk-forward's slice), cpcv, ab and hpo.
    expect(output.metrics.sectionsWithoutData).toBe(6);
  });

  it('says what it could not read instead of failing', async () => {
    const store = new InMemoryArtifactStore();
    const broken = { name: 'study', ...(await store.put(new TextEncoder().encode('{ not json'), 'application/json')) };
    const badSeries = { name: 'oos-returns', ...(await store.put(Uint8Array.of(1, 2, 3), 'application/octet-stream')) };
    const inputs = await upstream(store);
    const hpo = inputs.find((input) => input.stage === 'hpo')!;
    hpo.output = { ...hpo.output, artifacts: [broken] };
    const walkForward = inputs.find((input) => input.stage === 'walk-forward')!;
    walkForward.output = { ...walkForward.output, artifacts: [walkForward.output.artifacts[0], badSeries] };
    const coarse = inputs.find((input) => input.stage === 'coarse-optimization')!;
    coarse.output = { ...coarse.output, artifacts: [] };
    const output = await new ReportStage().execute(contextOf(inputs, store));
    const html = new TextDecoder().decode(await store.get(output.artifacts[0]));
    expect(html).toMatch(/No hpo study \(hpo&#39;s study is not JSON: [^)]*\)/);
    expect(html).toContain('walk-forward&#39;s oos-returns cannot be decoded');
    expect(html).toContain('The walk-forward recorded no out-of-sample bars.');
    expect(html).toContain('coarse-optimization&#39;s output lists no &#39;coarse-optimization-report&#39; artifact');
    // The fold table still comes from the walk-forward report.
    expect(html).toContain('2023-08-01 → 2023-09-01');
  });

  it('refuses a command that carries nothing to report on', async () => {
    const store = new InMemoryArtifactStore();
    expect(() => new ReportStage().validateInput(contextOf([], store))).toThrow(StageFailure);
  });
});
