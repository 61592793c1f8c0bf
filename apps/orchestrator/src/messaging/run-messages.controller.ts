import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { Logger } from 'pino';
import { CancelRunCommand, parseContract, ResumeRunCommand, RUN_ID_PATTERN, StageEventMessage, Subjects } from '@ares/contracts';
import { describeError, isPermanentFailure, JetStreamContext, JetStreamEventPattern, JetStreamExceptionFilter } from '@ares/messaging';
import { RunService } from '../application/run-service';
import { RUN_SERVICE } from '../http/run-service.token';
import { RunDecisionError } from '../run/run-command';
import { RunSaga } from '../saga/run-saga';
import { natsStartRunId } from './nats-start-run-id';
import { ORCHESTRATOR_LOGGER, RUN_SAGA } from './tokens';

/**
 * The orchestrator's JetStream inputs: stage events from the services, and run commands sent over NATS
 * instead of HTTP. Each is recorded before it is acknowledged; a redelivered one decides nothing new.
 * What is refused is logged here (runId, subject, reason — never the spec): the sender gets no answer.
 */
@Controller()
@UseFilters(JetStreamExceptionFilter)
export class RunMessagesController {
  private readonly log: Logger;

  constructor(
    @Inject(RUN_SAGA) private readonly saga: RunSaga,
    @Inject(RUN_SERVICE) private readonly runs: RunService,
    @Inject(ORCHESTRATOR_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'run-messages' });
  }

  @JetStreamEventPattern(Subjects.stageEventsAll)
  async onStageEvent(@Payload() payload: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const message = parseContract(StageEventMessage, payload);
    try {
      await this.saga.recordStageEvent(message);
    } catch (error) {
      if (!(error instanceof RunDecisionError)) throw error;
      // An event for a run this store has never heard of cannot become valid by retrying: ack it, but say so.
      const { runId, stage, attempt, kind, eventId } = message;
      this.log.warn(
        { subject: context.getSubject(), runId, stage, attempt, kind, eventId, reason: error.message },
        'stage event for an unknown run; acknowledged and dropped',
      );
    }
  }

  @JetStreamEventPattern(Subjects.runCommandsAll)
  async onRunCommand(@Payload() payload: unknown, @Ctx() context: JetStreamContext): Promise<void> {
    const subject = context.getSubject();
    const command = subject === Subjects.startRun ? withRunId(payload, context) : payload;
    try {
      if (subject === Subjects.startRun) await this.runs.start(command);
      else if (subject === Subjects.cancelRun) {
        const cancel = parseContract(CancelRunCommand, command);
        await this.runs.cancel(cancel.runId, cancel.reason);
      } else if (subject === Subjects.resumeRun) await this.runs.resume(parseContract(ResumeRunCommand, command).runId);
      else this.log.warn({ subject, streamSequence: context.getStreamSequence() }, 'no such run command; acknowledged and dropped');
    } catch (error) {
      const fields = { subject, runId: runIdOf(command), streamSequence: context.getStreamSequence(), reason: describeError(error) };
      if (error instanceof RunDecisionError) {
        // e.g. cancelling a finished run: nothing to do, nothing to retry.
        this.log.warn({ ...fields, code: error.code }, 'run command refused; acknowledged');
        return;
      }
      // Invalid payloads are dead-lettered and terminated by the transport; this line names the run.
      if (isPermanentFailure(error)) this.log.warn(fields, 'run command rejected as invalid; dead-lettered');
      throw error;
    }
  }
}

/** A StartRun without a runId gets one derived from its JetStream message, so a redelivery starts no second run. */
function withRunId(payload: unknown, context: JetStreamContext): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  if ((payload as { runId?: unknown }).runId !== undefined) return payload;
  return { ...payload, runId: natsStartRunId(context.getMessage()) };
}

/** The command's runId if it looks like one; anything else a sender put there is not worth a log line. */
function runIdOf(command: unknown): string | undefined {
  const runId = (command as { runId?: unknown } | null)?.runId;
  return typeof runId === 'string' && RUN_ID_PATTERN.test(runId) ? runId : undefined;
}
