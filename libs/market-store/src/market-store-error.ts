/** Why a market-store operation failed. */
export type MarketStoreErrorCode =
  'invalid-request' | 'column-mismatch' | 'partition-missing' | 'partition-corrupt' | 'manifest-invalid' | 'conflict';

export class MarketStoreError extends Error {
  override readonly name = 'MarketStoreError';
  constructor(
    readonly code: MarketStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
