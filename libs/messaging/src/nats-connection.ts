import { AuthorizationError, connect, NatsConnection, UserAuthenticationExpiredError } from '@nats-io/transport-node';
import type { Logger } from '@ares/logging';
import { natsCredentialsFromEnv } from './nats-credentials';

export interface ConnectNatsOptions {
  /** Attempts for the FIRST connection; afterwards the client reconnects forever. */
  attempts?: number;
  /** Wait between first-connection attempts (grows linearly). */
  retryDelayMs?: number;
  /** Wait between reconnect attempts once connected. */
  reconnectTimeWaitMs?: number;
  logger?: Logger;
  /** Where NATS_USER / NATS_PASSWORD(_FILE) / NATS_CREDS_FILE are read (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Connects to NATS. `url` may list several servers separated by commas.
 * Once connected, the client reconnects forever (a service outliving a NATS restart is the
 * normal case in Kubernetes); the first connection is tried a few times and then fails with
 * an error that names the URL, so a mistyped address is obvious at startup.
 */
export async function connectNats(url: string, name: string, options: ConnectNatsOptions = {}): Promise<NatsConnection> {
  const attempts = options.attempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const servers = url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const credentials = natsCredentialsFromEnv(options.env);
  let lastError: unknown;
  let made = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    made = attempt;
    try {
      const nc = await connect({
        servers,
        name,
        ...credentials,
        maxReconnectAttempts: -1,
        reconnectTimeWait: options.reconnectTimeWaitMs ?? 2_000,
        reconnectJitter: 500,
      });
      if (options.logger) watchStatus(nc, options.logger);
      return nc;
    } catch (error) {
      lastError = error;
      // A refused login does not get better by retrying.
      if (error instanceof AuthorizationError || error instanceof UserAuthenticationExpiredError) break;
      options.logger?.warn({ url, attempt, attempts, err: error }, 'NATS connection attempt failed');
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * attempt));
    }
  }
  throw new Error(`could not connect to NATS at ${url} after ${made} attempts: ${(lastError as Error)?.message ?? lastError}`, {
    cause: lastError,
  });
}

/** Logs disconnects and reconnects; the loop ends by itself when the connection closes. */
function watchStatus(nc: NatsConnection, logger: Logger): void {
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        logger.warn({ nats: status.type, server: status.server }, `NATS ${status.type}`);
      } else if (status.type === 'error') {
        logger.error({ err: status.error }, 'NATS error');
      }
    }
  })().catch(() => undefined);
}
