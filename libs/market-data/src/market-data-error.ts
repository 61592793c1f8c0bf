/** Why a market-data operation failed; lets callers tell permanent input errors from transient ones. */
export type MarketDataErrorCode = 'invalid-request' | 'directory-missing' | 'file-missing' | 'parse-error' | 'schema-error';

/** A failure that retrying will not fix (bad request, missing or malformed data). */
export class MarketDataError extends Error {
  override readonly name = 'MarketDataError';
  constructor(
    readonly code: MarketDataErrorCode,
    message: string,
  ) {
    super(message);
  }
}
