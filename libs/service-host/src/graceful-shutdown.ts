import type { Logger } from 'pino';

/**
 * On SIGTERM or SIGINT (Kubernetes, Ctrl-C, a supervisor), run `close` once — stop taking work, let
 * in-flight handlers settle, drain the connection — then exit. A second signal does not start a second close.
 */
export function closeOnSignals(logger: Logger, close: () => Promise<void>): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    try {
      await close();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}
