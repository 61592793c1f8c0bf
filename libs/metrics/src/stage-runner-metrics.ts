import type { StageName } from '@ares/contracts';
import type { StageAttemptOutcome, StageRunnerObserver } from '@ares/stage-runtime';
import { AresMetrics } from './ares-metrics';

const ATTEMPT_OUTCOMES: readonly StageAttemptOutcome[] = ['completed', 'cached', 'failed', 'cancelled', 'error'];

/**
 * Feeds a StageRunner's attempts and units into the metrics. The service's stages start at zero (in flight and every
 * outcome), so a stage that never ran shows as 0 rather than as a missing series.
 */
export function stageRunnerMetrics(metrics: AresMetrics, service: string, stages: readonly StageName[] = []): StageRunnerObserver {
  for (const stage of stages) {
    metrics.stagesInFlight.set({ stage, service }, 0);
    for (const outcome of ATTEMPT_OUTCOMES) metrics.stageOutcomes.inc({ stage, service, outcome }, 0);
  }
  return {
    attemptStarted: (stage) => metrics.stagesInFlight.inc({ stage, service }),
    attemptEnded: (stage, outcome, seconds) => {
      metrics.stagesInFlight.dec({ stage, service });
      metrics.stageOutcomes.inc({ stage, service, outcome });
      metrics.stageDuration.observe({ stage, service, outcome }, seconds);
    },
    unitEnded: (stage, outcome) => metrics.units.inc({ stage, outcome }),
  };
}
