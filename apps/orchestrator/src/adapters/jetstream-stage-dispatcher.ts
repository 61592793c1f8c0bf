import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ExecuteStageCommand, stageContract, Subjects } from '@ares/contracts';
import { StageAttemptRef, StageDispatcher } from '../saga/stage-dispatcher';

/**
 * Stage commands go to the owning service's work queue; the command id is the `Nats-Msg-Id`, so a command
 * re-sent after an orchestrator restart is dropped by the stream's duplicate window.
 */
export class JetStreamStageDispatcher implements StageDispatcher {
  private readonly js: JetStreamClient;

  constructor(private readonly nc: NatsConnection) {
    this.js = jetstream(nc);
  }

  async dispatch(command: ExecuteStageCommand): Promise<void> {
    const { service } = stageContract(command.stage);
    await this.js.publish(Subjects.stageCommand(service, command.stage), JSON.stringify(command), { msgID: command.commandId });
  }

  async cancelStages(runId: string, reason: string, only?: StageAttemptRef): Promise<void> {
    // Core NATS: a stop signal matters to stages running now, and to a service about to start one (it remembers).
    // `at` lets a service tell attempts decided before the stop from those of a later resume.
    this.nc.publish(Subjects.cancelStages(runId), JSON.stringify({ runId, reason, at: new Date().toISOString(), ...only }));
  }
}
