import { ccxtModule, isRetryableExchangeError, MarketDataError } from '@ares/market-data';
import { MarketStoreError, MarketStoreErrorCode } from '@ares/market-store';
import { StageFailure } from '@ares/stage-runtime';

/** Store failures another attempt can meet: a lost compare-and-set race, a month replaced while being read. */
const TRANSIENT_STORE_CODES: ReadonlySet<MarketStoreErrorCode> = new Set(['conflict', 'partition-missing']);

/**
 * What a market-data source's error means for the stage, as a StageFailure that says whether retrying can help:
 *  - permanent: MarketDataError (a missing file or directory, an unparsable CSV/Feather row, a bad request such as
 *    an unknown symbol), a store whose manifest or columns are wrong, an exchange error ccxt does not call
 *    retryable (BadSymbol, BadRequest, AuthenticationError, ...): the same input fails the same way again;
 *  - transient: everything else — network errors and timeouts the source's own retries gave up on, I/O errors,
 *    a busy store.
 * `exchange`: the error came from the exchange source, so ccxt's error classes apply (ccxt is loaded only then).
 */
export function sourceFailure(error: unknown, what: string, exchange: boolean): StageFailure {
  if (error instanceof StageFailure) return error;
  const message = `${what}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof MarketDataError) return new StageFailure(message, { cause: error, details: { code: error.code } });
  if (error instanceof MarketStoreError) {
    return TRANSIENT_STORE_CODES.has(error.code) ? StageFailure.transient(message, error) : new StageFailure(message, { cause: error });
  }
  if (exchange && error instanceof ccxtModule().BaseError && !isRetryableExchangeError(error)) return new StageFailure(message, { cause: error });
  return StageFailure.transient(message, error);
}
