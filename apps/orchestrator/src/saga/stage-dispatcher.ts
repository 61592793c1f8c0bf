import { ExecuteStageCommand, StageName } from '@ares/contracts';

/** One attempt of one stage, when only it must stop (it timed out and its retry is on the way). */
export interface StageAttemptRef {
  stage: StageName;
  attempt: number;
}

/** The saga's side effects on the services: send a stage command; tell a run's running stages (or one attempt) to stop. */
export interface StageDispatcher {
  dispatch(command: ExecuteStageCommand): Promise<void>;
  cancelStages(runId: string, reason: string, only?: StageAttemptRef): Promise<void>;
}
