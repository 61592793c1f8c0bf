import { ServiceName, ServiceNames, Streams, Subjects } from '@ares/contracts';
import { messagingStreamFor } from './provisioning';
import { sanitizeForDurable } from './subject-pattern';

/** One durable pull consumer a service attaches to: its stream, its name and its filter. */
export interface DurableConsumer {
  service: ServiceName;
  stream: string;
  durable: string;
  filterSubject: string;
}

/** The durable a JetStream transport handler of `pattern` consumes from, for `service`. */
export function handlerDurable(service: string, pattern: string): string {
  return `${service}-${sanitizeForDurable(pattern)}`;
}

/** The durable every replica of a stage service shares for the units of work its stages hand out. */
export function unitsDurable(service: string): string {
  return `${service}-units`;
}

const STAGE_SERVICES = [ServiceNames.data, ServiceNames.optimizer, ServiceNames.trainer, ServiceNames.validator] as const;

/** The subjects the orchestrator's JetStream handlers listen on (run-messages.controller.ts). */
export const ORCHESTRATOR_PATTERNS = [Subjects.stageEventsAll, Subjects.runCommandsAll] as const;

function handlerConsumer(service: ServiceName, pattern: string): DurableConsumer {
  return { service, stream: messagingStreamFor(pattern).name, durable: handlerDurable(service, pattern), filterSubject: pattern };
}

/**
 * Every durable consumer Ares attaches to, by the same functions the transport and the unit worker name them with:
 * what a provisioning job creates before any autoscaler looks for it, what each service's NATS user may read, and
 * what a KEDA trigger scales on.
 */
export function durableConsumers(): DurableConsumer[] {
  return [
    ...ORCHESTRATOR_PATTERNS.map((pattern) => handlerConsumer(ServiceNames.orchestrator, pattern)),
    ...STAGE_SERVICES.flatMap((service) => [
      handlerConsumer(service, Subjects.stageCommandsFor(service)),
      { service, stream: Streams.units, durable: unitsDurable(service), filterSubject: Subjects.unitsFor(service) },
    ]),
  ];
}
