import { STAGE_CATALOGUE, StageName } from '@ares/contracts';

/** Distinct 4-week windows: two symbols × 25 fortnightly starts is what the 2023 sample holds. */
export const MAX_RUNS = 50;
const DAY_MS = 86_400_000;
const WINDOW_DAYS = 28;
const STRIDE_DAYS = 14;

/** `through` and every stage it needs, in catalogue order: the stages a load run executes. */
export function stagesThrough(through: StageName): StageName[] {
  const needed = new Set<StageName>([through]);
  for (const stage of [...STAGE_CATALOGUE].reverse()) if (needed.has(stage.name)) for (const name of stage.dependsOn) needed.add(name);
  return STAGE_CATALOGUE.map((stage) => stage.name).filter((name) => needed.has(name));
}

/**
 * Small but real budgets, so 50 runs fit a 2-core machine in minutes: every enabled stage still reads its upstream
 * artifacts, fits and exports what it always does, and hpo still fans its trials out to the optimizer replicas.
 * A 4-week window holds too few trades for the default minTrades (30).
 */
export const LIGHT_PARAMS: Partial<Record<StageName, Record<string, unknown>>> = {
  'target-params': { minTrades: 8, folds: 3 },
  'coarse-optimization': { folds: 2, featureSelection: { rounds: 10 }, search: { points: 4, rounds: 10, rungs: 1 } },
  hpo: { budget: { broadTrials: 4, refineTrials: 2, batchSize: 2, maxRounds: 30, minRounds: 10, folds: 2, leaders: 1 } },
};

/**
 * The i-th load run's RunSpec: BTC/USDT and ETH/USDT alternately, 4-week windows starting a fortnight apart through
 * 2023, seed 42 + i, so no two runs share a stage's inputs (no output is served from the stage cache); every stage
 * after `stages` is disabled.
 */
export function loadRunSpec(i: number, stages: readonly StageName[]): Record<string, unknown> {
  if (i < 0 || i >= MAX_RUNS) throw new Error(`load run ${i}: the 2023 sample holds ${MAX_RUNS} distinct windows`);
  const from = Date.UTC(2023, 0, 1) + Math.floor(i / 2) * STRIDE_DAYS * DAY_MS;
  const day = (msSinceEpoch: number) => new Date(msSinceEpoch).toISOString().slice(0, 10);
  const overrides: Record<string, unknown> = {};
  for (const stage of STAGE_CATALOGUE) {
    if (!stages.includes(stage.name)) overrides[stage.name] = { enabled: false };
    else if (LIGHT_PARAMS[stage.name]) overrides[stage.name] = { params: LIGHT_PARAMS[stage.name] };
  }
  return {
    symbol: i % 2 === 0 ? 'BTC/USDT' : 'ETH/USDT',
    timeframe: '1h',
    from: day(from),
    to: day(from + WINDOW_DAYS * DAY_MS),
    seed: 42 + i,
    model: 'gbdt',
    stages: overrides,
  };
}
