import { ExecuteStageCommand } from '@ares/contracts';

/** The saga's side effects on the services: send a stage command; tell a run's running stages to stop. */
export interface StageDispatcher {
  dispatch(command: ExecuteStageCommand): Promise<void>;
  cancelStages(runId: string, reason: string): Promise<void>;
}
