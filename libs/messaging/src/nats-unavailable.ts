import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import {
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  RequestError,
  TimeoutError,
} from '@nats-io/transport-node';

/** What JetStream answers while a stream or consumer has no leader (an election, a lost quorum). */
const UNAVAILABLE_STATUS = 503;
const LEADERSHIP_CHANGE = 409;
/** JetStream API errors answered with status 503 that are not passing: JetStream not enabled for the account; insufficient resources. */
const PERMANENT_503_CODES = new Set<number>([JetStreamApiCodes.JetStreamNotEnabledForAccount, 10023]);

function isUnavailableItself(error: unknown): boolean {
  if (
    error instanceof TimeoutError ||
    error instanceof NoRespondersError ||
    error instanceof ConnectionError ||
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError
  )
    return true;
  // A RequestError wraps the no-responders answer of a request; JetStreamNotEnabled (not exported) is how the client
  // reports the no-responders answer of a JetStream publish or API call while a stream has no leader.
  if (error instanceof RequestError && error.isNoResponders()) return true;
  if (error instanceof Error && error.name === 'JetStreamNotEnabled') return true;
  // 503 is also how JetStream answers conditions no wait mends: JetStream off for the account, storage exhausted.
  if (error instanceof JetStreamApiError) return error.status === UNAVAILABLE_STATUS && !PERMANENT_503_CODES.has(error.code);
  // A pull's status answer (JetStreamStatusError, not exported either): 503 no leader, 409 leadership change.
  if (error instanceof Error && error.name === 'JetStreamStatusError') {
    const code = (error as Error & { code?: number }).code;
    return code === UNAVAILABLE_STATUS || (code === LEADERSHIP_CHANGE && /leadership/i.test(error.message));
  }
  return false;
}

/**
 * True when a call failed because NATS could not answer now (a timeout, no responders, a lost or closing connection,
 * a stream or consumer between leaders), along the error's cause chain: what a caller should try again shortly, and
 * what an API answers with 503 rather than 500.
 */
export function isNatsUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current = error; current !== undefined && current !== null && !seen.has(current); current = (current as Error).cause) {
    seen.add(current);
    if (isUnavailableItself(current)) return true;
  }
  return false;
}
