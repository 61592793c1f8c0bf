import { ExpectedVersion, InvalidEventError, InvalidOptionError, InvalidStreamIdError, NewEvent } from './event-store';

/** Shared input checks, so every adapter rejects the same inputs with the same errors. */

// Safe as a single NATS subject token: no dots, wildcards or whitespace.
const STREAM_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) throw new InvalidStreamIdError(streamId);
}

export function assertValidEvents(streamId: string, events: unknown): asserts events is NewEvent[] {
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError(`Cannot append to stream "${streamId}": the event list is empty`);
  }
  const seen = new Set<string>();
  events.forEach((event: unknown, index) => {
    const where = `event #${index} for stream "${streamId}"`;
    if (typeof event !== 'object' || event === null) throw new InvalidEventError(`${where} is not an object`);
    const { id, type, data, metadata } = event as Partial<NewEvent>;
    if (typeof id !== 'string' || id.length === 0) throw new InvalidEventError(`${where} needs a non-empty string id`);
    if (seen.has(id)) throw new InvalidEventError(`${where} repeats event id "${id}" within one append`);
    seen.add(id);
    if (typeof type !== 'string' || type.length === 0) {
      throw new InvalidEventError(`${where} (id "${id}") needs a non-empty string type`);
    }
    if (data === undefined || typeof data === 'function' || typeof data === 'symbol' || typeof data === 'bigint') {
      throw new InvalidEventError(`${where} (id "${id}") needs JSON data, got ${typeof data}`);
    }
    if (metadata !== undefined) {
      const ok =
        typeof metadata === 'object' &&
        metadata !== null &&
        !Array.isArray(metadata) &&
        Object.values(metadata).every((value) => typeof value === 'string');
      if (!ok) throw new InvalidEventError(`${where} (id "${id}") metadata must map strings to strings`);
    }
  });
}

export function assertValidExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (expected === 'any' || expected === 'no_stream') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new InvalidOptionError(`Invalid expectedVersion ${JSON.stringify(expected)}: use a non-negative integer, 'any' or 'no_stream'`);
}

/** Normalises 'no_stream' to 0; keeps 'any'. */
export function expectedVersionNumber(expected: ExpectedVersion): number | 'any' {
  return expected === 'no_stream' ? 0 : expected;
}

export function assertNonNegativeInteger(name: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidOptionError(`Invalid ${name} ${JSON.stringify(value)}: use a non-negative integer`);
  }
}

/** JSON round trip: stores keep what JSON keeps, so every adapter returns the same values. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
