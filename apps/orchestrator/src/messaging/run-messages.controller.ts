import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { CancelRunCommand, parseContract, ResumeRunCommand, StageEventMessage, Subjects } from '@ares/contracts';
import { JetStreamContext, JetStreamEventPattern, JetStreamExceptionFilter } from '@ares/messaging';
import { RunService } from '../application/run-service';
import { RUN_SERVICE } from '../http/run-service.token';
import { RunDecisionError } from '../run/run-command';
import { RunSaga } from '../saga/run-saga';
import { RUN_SAGA } from './tokens';

/**
 * The orchestrator's JetStream inputs: stage events from the services, and run commands sent over NATS
 * instead of HTTP. Each is recorded before it is acknowledged; a redelivered one decides nothing new.
 */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class RunMessagesController {
  constructor(
    @Inject(RUN_SAGA) private readonly saga: RunSaga,
    @Inject(RUN_SERVICE) private readonly runs: RunService,
  ) {}

  @JetStreamEventPattern(Subjects.stageEventsAll)
  async onStageEvent(@Payload() payload: unknown): Promise<void> {
    const message = parseContract(StageEventMessage, payload);
    try {
      await this.saga.recordStageEvent(message);
    } catch (error) {
      // An event for a run this store has never heard of cannot become valid by retrying.
      if (error instanceof RunDecisionError) return;
      throw error;
    }
  }

  @JetStreamEventPattern(Subjects.runCommandsAll)
  async onRunCommand(@Payload() payload: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const subject = context.getSubject();
    try {
      if (subject === Subjects.startRun) await this.runs.start(payload);
      else if (subject === Subjects.cancelRun) {
        const command = parseContract(CancelRunCommand, payload);
        await this.runs.cancel(command.runId, command.reason);
      } else if (subject === Subjects.resumeRun) await this.runs.resume(parseContract(ResumeRunCommand, payload).runId);
    } catch (error) {
      if (error instanceof RunDecisionError) return; // e.g. cancelling a finished run: nothing to do, nothing to retry
      throw error;
    }
  }
}
