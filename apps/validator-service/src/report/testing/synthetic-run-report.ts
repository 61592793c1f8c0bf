import type { AbPlan } from '@ares/contracts';
import { RunReportData } from '../run-report';

/** A deterministic pseudo-random stream (the report's specs need data, not statistics). */
function stream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface SyntheticOptions {
  /** Bars per walk-forward fold (5 folds). */
  foldBars?: number;
  symbol?: string;
  objectives?: string[];
}

export const SYNTHETIC_AB_PLAN: AbPlan = {
  decision: 'challenger',
  name: 'binance-BTC_USDT-1h',
  version: 4,
  reason: 'the champion v3 is not beaten on the last fold (p = 0.41)',
  decidedAt: '2024-01-02T09:30:00.000Z',
  dsr: 0.31,
  dsrThreshold: 0.95,
  comparison: {
    championVersion: 3,
    window: { from: '2023-11-25T22:00:00.000Z', to: '2023-12-31T23:00:00.000Z', bars: 866 },
    championOutOfSample: true,
    challengerSharpe: 0.01,
    championSharpe: 0.004,
    challengerSharpeAnnual: 0.94,
    championSharpeAnnual: 0.37,
    difference: 0.006,
    standardError: 0.011,
    pValue: 0.41,
    correlation: 0.35,
    differenceStd: 0.004,
    challengerReturn: 0.021,
    championReturn: 0.008,
    challengerTrades: 12,
    championTrades: 9,
  },
  trafficSplit: { champion: 0.8, challenger: 0.2 },
  minimumSample: { bars: 27_300, trades: 140, days: 1137.5, power: 0.8, alpha: 0.05, minDetectableSharpe: 0.5 },
  stoppingRule: { method: 'mSPRT', mixingVariance: 1e-4, alpha: 0.05, description: 'stop when the always-valid p-value falls below α' },
  promotionCriterion: 'the mSPRT rejects in the challenger’s favour after the minimum sample',
};

/** A report with every section fed, shaped like a real run's (five folds, a CPCV, a fan, a study). */
export function syntheticRunReport(options: SyntheticOptions = {}): RunReportData {
  const random = stream(7);
  const foldBars = options.foldBars ?? 200;
  const bars = 5 * foldBars;
  const strategy = Float64Array.from({ length: bars }, () => (random() - 0.49) * 0.004);
  const hold = Float64Array.from({ length: bars }, () => (random() - 0.48) * 0.01);
  const foldMetrics = (k: number) => ({
    totalReturn: 0.01 * (k - 2),
    sharpe: 0.5 * (k - 2),
    maxDrawdown: 0.02 + 0.001 * k,
    trades: 4 + k,
    longTrades: 2,
    shortTrades: 2 + k,
    longPnl: 0.004,
    shortPnl: 0.01 * (k - 2) - 0.004,
    averageBetSize: 0.3,
    feesPaid: 0.001,
    slippagePaid: 0.0005,
    borrowPaid: 0.0001,
    fundingPaid: 0,
    buyAndHoldReturn: 0.05,
    hitRate: 0.5,
  });
  const objectives = options.objectives ?? ['sharpe'];
  const trials = Array.from({ length: 24 }, (_, i) => ({
    id: `${i < 18 ? 'broad' : 'refine'}-${i < 18 ? i : i - 18}`,
    phase: i < 18 ? 'broad' : 'refine',
    state: i % 5 === 3 ? 'pruned' : i === 21 ? 'failed' : 'complete',
    values:
      i === 21
        ? null
        : objectives.map((objective, j) => (j === 0 ? 0.5 + random() * 2 : objective === 'max-drawdown' ? 0.05 + random() * 0.2 : random())),
    rounds: i % 5 === 3 ? 60 : 160,
  }));
  const fan = { bar: [] as number[], p5: [] as number[], p50: [] as number[], p95: [] as number[] };
  for (let k = 1; k <= 50; k++) {
    fan.bar.push(Math.round((k * bars) / 50));
    fan.p50.push(1 + 0.0002 * k);
    fan.p5.push(1 - 0.003 * Math.sqrt(k));
    fan.p95.push(1 + 0.003 * Math.sqrt(k));
  }
  return {
    title: `Ares run report: ${options.symbol ?? 'BTC/USDT'} 1h, ensemble model`,
    run: {
      runId: 'run-1',
      symbol: options.symbol ?? 'BTC/USDT',
      exchange: 'binance',
      timeframe: '1h',
      market: 'spot',
      model: 'ensemble',
      from: '2023-01-01',
      to: '2024-01-01',
      seed: 42,
      costs: { takerFeeBps: 10, slippageBps: 5, borrowBpsPerDay: 2 },
    },
    asOf: SYNTHETIC_AB_PLAN.decidedAt,
    walkForward: {
      model: 'ensemble',
      mode: 'rolling',
      strategy,
      hold,
      trades: Float64Array.of(0.01, -0.004, 0.002),
      foldBars,
      folds: Array.from({ length: 5 }, (_, k) => ({
        fold: k + 1,
        testStart: `2023-0${7 + Math.floor(k / 2)}-${k % 2 === 0 ? '04' : '20'}T14:00:00.000Z`,
        testEnd: `2023-0${7 + Math.floor((k + 1) / 2)}-${k % 2 === 0 ? '20' : '04'}T14:00:00.000Z`,
        trainRows: 1700 + k,
        testRows: foldBars,
        modelSha256: k === 1 ? null : `${k}`.repeat(64),
        ...(k === 1 ? { note: 'no model for this fold: one class only' } : {}),
        metrics: foldMetrics(k),
      })),
      overall: { ...foldMetrics(2), trades: 30, longTrades: 10, shortTrades: 20, testBars: bars },
      problems: [],
    },
    crossValidation: {
      model: 'ensemble',
      paths: [-1.06, -0.3, -4.07, -1.73, -3.69].map((sharpe, i) => ({ sharpe, totalReturn: sharpe / 100, maxDrawdown: 0.01 * (i + 1) })),
      buyAndHoldReturn: 0.8,
      beatBuyAndHold: 0,
      groups: 6,
      testGroups: 2,
      splits: 15,
      flatSplits: 0,
      pbo: 0.28,
      pboTrials: 32,
      note: 'hpo chose its params on these rows',
      problems: [],
    },
    monteCarlo: {
      paths: 10_000,
      expectedBlock: 42.3,
      fan,
      metrics: {
        finalReturnP5: -0.018,
        finalReturnP50: -0.001,
        finalReturnP95: 0.024,
        sharpeP5: -2.7,
        sharpeP50: -0.04,
        sharpeP95: 1.05,
        maxDrawdownP5: 0.0066,
        maxDrawdownP50: 0.0165,
        maxDrawdownP95: 0.0288,
        drawdownExceedance: 0,
        lossProbability: 0.53,
      },
      drawdownThreshold: 0.25,
      realised: strategy,
    },
    verdict: {
      verdict: 'DSR 0.06: not distinguishable from the best of 48 random trials (PSR 0.51; PBO 0.28)',
      psr: 0.51,
      dsr: 0.06,
      pbo: 0.28,
      trials: 48,
      trialSharpeVariance: 1.2e-4,
      dsrThreshold: 0.95,
      passes: false,
    },
    ab: SYNTHETIC_AB_PLAN,
    models: {
      deployed: 'ensemble',
      models: [
        {
          stage: 'train',
          kind: 'gbdt',
          sha256: 'a'.repeat(64),
          parity: 1e-7,
          trainRows: 8471,
          bytes: 524_703,
          threshold: 'break-even after costs',
          metrics: {},
        },
        {
          stage: 'meta-learner',
          kind: 'ensemble',
          sha256: 'b'.repeat(64),
          parity: 9e-8,
          trainRows: 8471,
          bytes: 2_497_217,
          metrics: { members: 6, stackL2Long: 100 },
        },
      ],
      registry: { name: 'binance-BTC_USDT-1h', version: 4, stage: 'challenger', onnxSha256: 'b'.repeat(64) },
    },
    hpo: {
      objectives,
      directions: objectives.map((objective) => (objective === 'sharpe' ? 'maximize' : 'minimize')),
      trials,
      chosenId: 'refine-2',
      choiceRule: 'best sharpe (ties: the earlier trial)',
      chosenParams: { learningRate: 0.0215, maxDepth: 8 },
      totalTrials: 40,
      coarseTrials: 16,
    },
    features: {
      rule: 'positive-mean',
      clusters: [
        { name: 'vol_24', features: ['vol_24', 'natr_14'], mean: 0.042, spread: 0.064, kept: true },
        { name: 'logret_1', features: ['logret_1'], mean: 0.00017, spread: 0.00019, kept: true },
        { name: 'rsi_14', features: ['rsi_14'], mean: -0.0018, spread: 0.0099, kept: false },
      ],
      features: ['vol_24', 'natr_14', 'logret_1'],
      minCorrelation: 0.7,
      spreads: 1,
    },
    targets: {
      barrier: { kTp: 1, kSl: 1, horizonBars: 48 },
      criterion: 'probabilistic Sharpe ratio of out-of-sample trades',
      candidates: [
        { kTp: 1, kSl: 1, horizonBars: 48, psr: 0.74, sharpe: 0.9, totalReturn: 0.11, trades: 87 },
        { kTp: 2, kSl: 1, horizonBars: 12, psr: null, sharpe: null, totalReturn: null, trades: 3, error: 'only 3 trades (at least 30 needed)' },
        { kTp: 1, kSl: 1.5, horizonBars: 48, psr: 0.7, sharpe: 0.72, totalReturn: 0.068, trades: 38 },
      ],
      labelBalance: { up: 0.35, down: 0.28, flat: 0.37 },
      volatilityFeature: 'vol_24',
    },
    dataQuality: {
      passed: true,
      metrics: { rows: 8759, coverage: 0.99989, gaps: 1, missingBars: 1, longestGapHours: 1 },
      findings: [
        {
          kind: 'gap',
          time: '2023-03-24T13:00:00.000Z',
          until: '2023-03-24T14:00:00.000Z',
          detail: '1 missing bar (1 h): a segment boundary',
          bars: 1,
          action: 'segment',
        },
      ],
      findingsOmitted: 0,
    },
  };
}
