import { RunSpec, StageEventMessage, StageName, StagePlan } from '@ares/contracts';

/** What the run decider is asked to do. `at` is stamped by the adapter: deciders never read the clock. */
export type RunCommand =
  | { type: 'StartRun'; runId: string; spec: RunSpec; plan: StagePlan[]; at: string }
  | { type: 'RecordStageEvent'; message: StageEventMessage; at: string }
  | { type: 'TimeOutStage'; stage: StageName; attempt: number; at: string }
  | { type: 'CancelRun'; reason: string; at: string }
  | { type: 'ResumeRun'; at: string };

/** A command the run's current state does not allow; `code` maps to an HTTP status at the edge. */
export class RunDecisionError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'RunDecisionError';
  }
}
