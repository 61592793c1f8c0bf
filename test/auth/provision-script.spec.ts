import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { durableConsumers } from '@ares/messaging';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { natsAuthConfig, NatsAuthConfigOptions, randomNatsPasswords } from '@ares/provisioning';

const SCRIPT = join(__dirname, '..', '..', 'dist', 'scripts', 'provision.js');

function provision(env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** `npm run provision` as the Kubernetes Job runs it: the compiled script, admin credentials from env or a file. */
describe('scripts/provision.ts', () => {
  let dir: string;
  let nats: NatsServerProcess;
  let passwords: NatsAuthConfigOptions;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ares-provision-'));
    passwords = randomNatsPasswords();
    writeFileSync(join(dir, 'nats.conf'), natsAuthConfig(passwords));
    writeFileSync(join(dir, 'admin-password'), `${passwords.admin}\n`);
    nats = await startNatsServer({ configFile: join(dir, 'nats.conf') });
  });
  afterAll(async () => {
    await nats?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("cannot provision with a service's credentials: services hold no create rights", async () => {
    const result = await provision({ NATS_URL: nats.url, NATS_USER: 'trainer-service', NATS_PASSWORD: passwords.users['trainer-service'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/provision failed/);
    expect(result.stderr).not.toContain(passwords.users['trainer-service']);
  });

  it('provisions everything as admin (password from a file), twice, and says what', async () => {
    const env = { NATS_URL: nats.url, NATS_USER: 'admin', NATS_PASSWORD_FILE: join(dir, 'admin-password'), ARES_LOG_LEVEL: 'warn' };
    for (let run = 0; run < 2; run++) {
      const result = await provision(env);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/provisioned 6 streams, 4 KV buckets, 3 object stores, 10 durable consumers \(replicas 1\)/);
    }
    const nc = await connect({ servers: nats.url, user: 'admin', pass: passwords.admin });
    const jsm = await jetstreamManager(nc);
    for (const consumer of durableConsumers()) await expect(jsm.consumers.info(consumer.stream, consumer.durable)).resolves.toBeDefined();
    await nc.close();
  });
});
