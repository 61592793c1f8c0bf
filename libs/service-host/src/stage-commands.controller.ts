import { Controller, Type, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ExecuteStageCommand, parseContract, Subjects } from '@ares/contracts';
import { JetStreamEventPattern, JetStreamExceptionFilter } from '@ares/messaging';
import { StageRunner } from '@ares/stage-runtime';

/**
 * A controller that consumes one service's stage commands. Built per service because Nest reads the
 * pattern from the decorator: `ares.cmd.stage.<service>.>`. An invalid command throws a
 * ContractViolationError, which the transport terminates instead of redelivering.
 */
export function stageCommandsController(service: string, runner: StageRunner): Type<unknown> {
  @Controller()
  @UseFilters(JetStreamExceptionFilter)
  class StageCommandsController {
    @JetStreamEventPattern(Subjects.stageCommandsFor(service))
    async execute(@Payload() payload: unknown): Promise<void> {
      await runner.run(parseContract(ExecuteStageCommand, payload));
    }
  }
  return StageCommandsController;
}
