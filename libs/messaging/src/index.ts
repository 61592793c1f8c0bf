/**
 * Ares messaging: JetStream streams, durable workers, dead letters and a NestJS transport.
 *
 * Delivery semantics in one place (nats-server 2.9 facts are detailed in retry-policy.ts):
 *  - at least once: a handler may see a message again after a crash, so handlers are idempotent;
 *  - resolve → ack; PermanentMessageError / ContractViolationError → dead letter + term;
 *    other errors → nak with backoffMs[delivery-1]; on the last delivery → dead letter + term;
 *  - a process dying on the last delivery is caught by the max-deliveries advisory;
 *  - dead-lettered copies go to `ares.dlq.<subject>` in ARES_DEAD_LETTER with the reason header.
 */
export * from './nats-connection';
export * from './nats-credentials';
export * from './provisioning';
export * from './provisioning-mode';
export * from './create-race';
export * from './subject-pattern';
export * from './durable-consumers';
export * from './permanent-message-error';
export * from './nats-unavailable';
export * from './inbound-message';
export * from './retry-policy';
export * from './dead-letter';
export * from './max-deliveries-advisory';
export * from './durable-consumer-worker';
export * from './jetstream.context';
export * from './jetstream-exception.filter';
export * from './jetstream.server';
export * from './jetstream-event-pattern.decorator';
