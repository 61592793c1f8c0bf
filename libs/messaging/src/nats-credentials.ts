import { readFileSync } from 'node:fs';
import { credsAuthenticator, type ConnectionOptions } from '@nats-io/transport-node';

/**
 * NATS credentials from the environment: `NATS_USER` with `NATS_PASSWORD` (or `NATS_PASSWORD_FILE`, e.g. a mounted
 * Kubernetes Secret), or, without NATS_USER, `NATS_CREDS_FILE` (a decentralised-auth .creds file). None set: no authentication.
 * The values are only ever handed to the client, never logged.
 */
export function natsCredentialsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Pick<ConnectionOptions, 'user' | 'pass' | 'authenticator' | 'inboxPrefix'> {
  const user = env.NATS_USER?.trim();
  if (!user) return env.NATS_CREDS_FILE ? { authenticator: credsAuthenticator(readFileSync(env.NATS_CREDS_FILE)) } : {};
  const pass = env.NATS_PASSWORD ?? (env.NATS_PASSWORD_FILE ? readFileSync(env.NATS_PASSWORD_FILE, 'utf8').trim() : undefined);
  if (pass === undefined) throw new Error(`NATS_USER is set (${user}) but neither NATS_PASSWORD nor NATS_PASSWORD_FILE is`);
  return { user, pass, inboxPrefix: inboxPrefixFor(user) };
}

/**
 * The reply inbox prefix of a NATS user: its own, so its permissions can allow `_INBOX_<user>.>` instead of every
 * inbox (with `_INBOX.>` one service could subscribe to the messages another pulls from its consumer).
 */
export function inboxPrefixFor(user: string): string {
  return `_INBOX_${user}`;
}
