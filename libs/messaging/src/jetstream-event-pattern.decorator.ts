import { EventPattern } from '@nestjs/microservices';
import { JETSTREAM_TRANSPORT } from './jetstream.server';

/**
 * `@EventPattern` bound to the JetStream transport, typed as a plain MethodDecorator.
 * Why: for a string argument Nest 12 picks its typed-event overload, whose decorator demands
 * `(data, ...args: unknown[])`, so a handler declaring `@Ctx() context: JetStreamContext` fails to
 * type-check. The explicit `<string>` selects the untyped overload.
 */
export function JetStreamEventPattern(pattern: string, extras?: Record<string, unknown>): MethodDecorator {
  return EventPattern<string>(pattern, JETSTREAM_TRANSPORT, extras);
}
