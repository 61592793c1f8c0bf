import { setTimeout as delay } from 'node:timers/promises';
import { ccxtModule } from './ccxt-module';
import type { Logger } from '@ares/logging';

export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  delayMs: number;
  error: unknown;
  /** What the exchange asked for (Retry-After), when it did. */
  retryAfterMs?: number;
}

export interface RetryOptions {
  /** Attempts in total, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff base: attempt n waits up to baseDelayMs·2^(n-1). Default 500. */
  baseDelayMs?: number;
  /** Cap of the exponential backoff. Default 30 000. */
  maxDelayMs?: number;
  /** Longest Retry-After honoured; a longer one (an IP ban, say) fails at once rather than hang a stage. Default 300 000. */
  maxRetryAfterMs?: number;
  /** [0, 1) source for full jitter; default Math.random. */
  random?: () => number;
  /** Default: an abortable timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  logger?: Logger;
  /** The wait a rate-limited response asked for, if any (see `lastRetryAfterMs`). */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Names the operation in logs and in the give-up message. */
  description?: string;
  onRetry?: (event: RetryEvent) => void;
}

/**
 * ccxt's OperationFailed family is "failed for reasons outside your control": NetworkError (DDoSProtection,
 * RateLimitExceeded, ExchangeNotAvailable, RequestTimeout, …), BadResponse (malformed body), and OperationFailed
 * itself, which binance raises for its -1001 "Internal error; … Please try again." Everything else — ExchangeError,
 * BadSymbol, BadRequest, AuthenticationError — will fail the same way again.
 */
export function isRetryableExchangeError(error: unknown): boolean {
  return error instanceof ccxtModule().OperationFailed;
}

export function isRateLimitError(error: unknown): boolean {
  return error instanceof ccxtModule().DDoSProtection || error instanceof ccxtModule().RateLimitExceeded;
}

/** `Retry-After` as ms: delta-seconds ("7", "1.5") or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** Signed URLs in ccxt error messages carry a signature; keep it out of logs. */
export function redactSecrets(text: string): string {
  return text.replace(/((?:signature|apikey|api_key|secret|passphrase)=)[^&\s"]+/gi, '$1[redacted]');
}

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> => delay(ms, undefined, { signal });

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error (rethrown at once, with the exchange's message),
 * or has failed `maxAttempts` times (the last error is rethrown, its message noting the attempts).
 * Waits use exponential backoff with full jitter, but never less than a rate-limit response's Retry-After.
 */
export async function withRetries<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const { signal, logger } = options;
  const what = options.description ?? 'exchange request';

  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      if (signal?.aborted || !isRetryableExchangeError(error)) throw error;
      const message = redactSecrets((error as Error).message);
      if (attempt >= maxAttempts) {
        logger?.warn({ attempt, error: message }, `${what}: giving up after ${attempt} attempts`);
        (error as Error).message += ` (gave up after ${attempt} attempts)`;
        throw error;
      }
      const retryAfterMs = isRateLimitError(error) ? options.retryAfterMs?.(error) : undefined;
      if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
        (error as Error).message +=
          ` (the exchange asked to wait ${Math.round(retryAfterMs / 1000)} s, longer than the ${Math.round(maxRetryAfterMs / 1000)} s we wait)`;
        throw error;
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.max(retryAfterMs ?? 0, Math.floor(random() * backoff));
      logger?.warn({ attempt, delayMs, retryAfterMs, error: message }, `${what} failed; retrying`);
      options.onRetry?.({ attempt, delayMs, error, retryAfterMs });
      await sleep(delayMs, signal);
    }
  }
}
