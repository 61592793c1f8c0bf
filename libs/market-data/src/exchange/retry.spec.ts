/** @jest-environment ./libs/fake-exchange/src/ccxt-test-environment.ts */
import { ccxtModule } from './ccxt-module';
import { isRetryableExchangeError, parseRetryAfterMs, redactSecrets, withRetries } from './retry';

const ccxt = ccxtModule();

function failing(errors: Error[], result = 'ok') {
  const calls: number[] = [];
  const operation = async (attempt: number) => {
    calls.push(attempt);
    const error = errors.shift();
    if (error) throw error;
    return result;
  };
  return { operation, calls };
}

function fakeClock() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

describe('withRetries', () => {
  it('retries every transient ccxt error class, then returns the result', async () => {
    const transient = [
      new ccxt.NetworkError('binance GET … fetch failed'),
      new ccxt.RequestTimeout('binance GET … request timed out (300 ms)'),
      new ccxt.ExchangeNotAvailable('binance GET … 503 Service Unavailable'),
      new ccxt.DDoSProtection('binance 429 Too Many Requests'),
      new ccxt.RateLimitExceeded('binance {"code":-1003}'),
      new ccxt.BadResponse('binance returned malformed JSON'),
      new ccxt.OperationFailed('binance {"code":-1001,"msg":"Internal error; unable to process your request. Please try again."}'),
    ];
    const { operation, calls } = failing([...transient]);
    const clock = fakeClock();
    await expect(withRetries(operation, { maxAttempts: 8, sleep: clock.sleep, random: () => 0.5 })).resolves.toBe('ok');
    expect(calls).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const e of transient) expect(isRetryableExchangeError(e)).toBe(true);
  });

  it('fails at once, with the exchange’s message, on anything else', async () => {
    for (const error of [
      new ccxt.BadSymbol('binance {"code":-1121,"msg":"Invalid symbol."}'),
      new ccxt.ExchangeError('binance something'),
      new ccxt.AuthenticationError('binance {"code":-2015}'),
      new TypeError('a bug'),
    ]) {
      const { operation, calls } = failing([error]);
      const clock = fakeClock();
      await expect(withRetries(operation, { sleep: clock.sleep })).rejects.toBe(error);
      expect(error.message).not.toMatch(/gave up/);
      expect([calls, clock.sleeps]).toEqual([[1], []]);
    }
  });

  it('backs off exponentially with full jitter, capped by maxDelayMs', async () => {
    const errors = Array.from({ length: 6 }, () => new ccxt.NetworkError('down'));
    const clock = fakeClock();
    const randoms = [0.999, 0.999, 0.5, 0, 0.999];
    await withRetries(failing(errors).operation, {
      maxAttempts: 7,
      baseDelayMs: 100,
      maxDelayMs: 500,
      sleep: clock.sleep,
      random: () => randoms.shift() ?? 0.999,
    }).catch(() => undefined);
    // ceilings 100, 200, 400, 500, 500, 500
    expect(clock.sleeps).toEqual([99, 199, 200, 0, 499, 499]);
  });

  it('gives up after maxAttempts with the last error, noting the attempts', async () => {
    const last = new ccxt.ExchangeNotAvailable('binance GET /api/v3/klines 503');
    const { operation, calls } = failing([new ccxt.NetworkError('a'), new ccxt.NetworkError('b'), last]);
    const clock = fakeClock();
    await expect(withRetries(operation, { maxAttempts: 3, sleep: clock.sleep })).rejects.toBe(last);
    expect(last.message).toBe('binance GET /api/v3/klines 503 (gave up after 3 attempts)');
    expect([calls.length, clock.sleeps.length]).toEqual([3, 2]);
  });

  it('waits at least the Retry-After of a rate-limited response', async () => {
    const clock = fakeClock();
    const { operation } = failing([new ccxt.DDoSProtection('binance 429'), new ccxt.NetworkError('x')]);
    await withRetries(operation, { baseDelayMs: 10, sleep: clock.sleep, random: () => 0.5, retryAfterMs: () => 7000 });
    // Retry-After applies to rate-limit errors only.
    expect(clock.sleeps).toEqual([7000, 10]);
  });

  it('fails at once when Retry-After exceeds maxRetryAfterMs (a ban, not a blip)', async () => {
    const clock = fakeClock();
    const { operation } = failing([new ccxt.DDoSProtection('binance 418 I am a teapot')]);
    await expect(withRetries(operation, { sleep: clock.sleep, retryAfterMs: () => 3_600_000, maxRetryAfterMs: 60_000 })).rejects.toThrow(
      'binance 418 I am a teapot (the exchange asked to wait 3600 s, longer than the 60 s we wait)',
    );
    expect(clock.sleeps).toEqual([]);
  });

  it('stops when the signal aborts, also during a wait', async () => {
    const controller = new AbortController();
    const { operation, calls } = failing([new ccxt.NetworkError('a'), new ccxt.NetworkError('b')]);
    const pending = withRetries(operation, { baseDelayMs: 60_000, random: () => 0.999, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(/abort/i);
    expect(calls).toEqual([1]);
  });

  it('reports each retry and logs without secrets', async () => {
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as never;
    const events: number[] = [];
    const { operation } = failing([new ccxt.NetworkError('binance GET https://x/api?timestamp=1&signature=abc123 failed')]);
    await withRetries(operation, { sleep: async () => undefined, logger, onRetry: (e) => events.push(e.attempt) });
    expect(events).toEqual([1]);
    expect(JSON.stringify(warnings)).not.toContain('abc123');
    expect(JSON.stringify(warnings)).toContain('signature=[redacted]');
  });
});

describe('retry helpers', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2024, 0, 1);
    expect(parseRetryAfterMs('7', now)).toBe(7000);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
    expect(parseRetryAfterMs(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
  });

  it('redacts signatures and keys in URLs', () => {
    expect(redactSecrets('GET /x?apiKey=K&signature=S&limit=5')).toBe('GET /x?apiKey=[redacted]&signature=[redacted]&limit=5');
  });
});
