import { AresMetrics } from './ares-metrics';

/** How an evaluated HPO trial ended. */
export type HpoTrialOutcome = 'completed' | 'pruned' | 'failed';

/** Counts the HPO trials this process evaluated; the optimizer's hpo stage takes it as its trial observer. */
export function hpoTrialMetrics(metrics: AresMetrics): { trialEnded(outcome: HpoTrialOutcome): void } {
  for (const outcome of ['completed', 'pruned'] as const) metrics.hpoTrials.inc({ outcome }, 0);
  return { trialEnded: (outcome) => metrics.hpoTrials.inc({ outcome }) };
}
