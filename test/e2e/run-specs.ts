import { STAGE_NAMES } from '@ares/contracts';

/** RunSpecs the end-to-end, fault and auth suites start: short, with only the stages a test needs. */

export const DATA_STAGES = ['collect', 'preprocess', 'validate-data'];

/** Every stage but `keep` disabled (so is every dependent of a disabled one: keep a closed prefix of the graph). */
export function onlyStages(keep: readonly string[]): Record<string, { enabled: false }> {
  return Object.fromEntries(STAGE_NAMES.filter((stage) => !keep.includes(stage)).map((stage) => [stage, { enabled: false as const }]));
}

/** A one-month 1h run (the data stages only, unless `stages` says otherwise): seconds, every stage a real process hop. */
export function dataRunSpec(options: { seed?: number; symbol?: string; stages?: Record<string, unknown> } = {}) {
  return {
    symbol: options.symbol ?? 'BTC/USDT',
    timeframe: '1h',
    from: '2023-01-01',
    to: '2023-02-01',
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    stages: options.stages ?? onlyStages(DATA_STAGES),
  };
}
