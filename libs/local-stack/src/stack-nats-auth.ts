import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceName } from '@ares/contracts';
import { connectNats } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { ADMIN_USER, natsAuthConfig, provisionAres, randomNatsPasswords } from '@ares/provisioning';

/** A stack's NATS credentials: the admin's (for tests and tools) and each service's, random per stack. */
export interface StackNatsAuth {
  readonly adminUser: string;
  readonly adminPassword: string;
  readonly configDir: string;
  /** What a process of `service` runs with: its own user, and no provisioning of its own. */
  serviceEnv(service: string): NodeJS.ProcessEnv;
  /** The password of a service's user (tests that log in as a service). */
  passwordOf(service: ServiceName): string;
}

/**
 * Starts nats-server with one user per service (random passwords, the generated permissions) and provisions
 * everything as admin, so the services can start with ARES_PROVISIONING=external. `env` is the services' environment:
 * the durables are created with the ack wait and max deliver they read. `logFile`: where nats-server logs.
 */
export async function startAuthenticatedNats(env: NodeJS.ProcessEnv, logFile?: string): Promise<{ nats: NatsServerProcess; auth: StackNatsAuth }> {
  const passwords = randomNatsPasswords();
  const configDir = mkdtempSync(join(tmpdir(), 'ares-nats-auth-'));
  const configFile = join(configDir, 'nats.conf');
  writeFileSync(configFile, natsAuthConfig(passwords), { mode: 0o600 });
  // Its log (permission violations are logged there) beside the services' when the stack keeps logs.
  const nats = await startNatsServer({ configFile, logFile });
  try {
    const nc = await connectNats(nats.url, 'provision', { env: { NATS_USER: ADMIN_USER, NATS_PASSWORD: passwords.admin } });
    try {
      await provisionAres(nc, { env });
    } finally {
      await nc.drain().catch(() => undefined);
    }
  } catch (error) {
    await nats.stop();
    rmSync(configDir, { recursive: true, force: true });
    throw error;
  }
  const auth: StackNatsAuth = {
    adminUser: ADMIN_USER,
    adminPassword: passwords.admin,
    configDir,
    serviceEnv: (service) => {
      const password = passwords.users[service as ServiceName];
      if (!password) throw new Error(`no NATS user for '${service}'`);
      return { NATS_USER: service, NATS_PASSWORD: password, ARES_PROVISIONING: 'external' };
    },
    passwordOf: (service) => passwords.users[service],
  };
  return { nats, auth };
}
