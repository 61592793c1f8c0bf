import pino, { Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr. Fields that could hold secrets are redacted at the source,
 * so an exchange key or token passed by mistake never reaches a log line.
 */
export function createLogger(service: string, level = process.env.ARES_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      name: service,
      level,
      base: { service, pid: process.pid },
      redact: {
        paths: ['*.apiKey', '*.secret', '*.password', '*.token', '*.authorization', 'apiKey', 'secret', 'password', 'token', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}
