import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_SERVICES, ServiceNames } from '@ares/contracts';
import { findNatsServerBinary } from '@ares/nats-server';
import { natsAuthConfig, natsAuthConfigFromEnv, passwordVariable, randomNatsPasswords, randomPassword } from './nats-auth-config';
import { servicePermissions } from './service-permissions';
import { durableConsumers } from './provisioned-resources';

describe('natsAuthConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ares-auth-conf-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a config nats-server 2.9 accepts (nats-server -t)', () => {
    const file = join(dir, 'nats.conf');
    writeFileSync(file, natsAuthConfig(randomNatsPasswords()));
    const check = spawnSync(findNatsServerBinary(), ['-t', '-c', file], { encoding: 'utf8' });
    expect(`${check.stdout}${check.stderr}`).toMatch(/is valid/);
    expect(check.status).toBe(0);
  });

  it("can read every password from nats-server's environment (a ConfigMap config, a Secret's passwords)", () => {
    const file = join(dir, 'nats-env.conf');
    const config = natsAuthConfigFromEnv();
    writeFileSync(file, config);
    expect(config).toContain(`user: "data-service", password: $NATS_PASSWORD_DATA_SERVICE`);
    const passwords = randomNatsPasswords();
    const env = Object.fromEntries(
      [['admin', passwords.admin], ...Object.entries(passwords.users)].map(([user, pw]) => [passwordVariable(user), pw]),
    );
    const check = spawnSync(findNatsServerBinary(), ['-t', '-c', file], { encoding: 'utf8', env: { ...process.env, ...env } });
    expect(`${check.stdout}${check.stderr}`).toMatch(/is valid/);
    const missing = spawnSync(findNatsServerBinary(), ['-t', '-c', file], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(missing.status).not.toBe(0);
  });

  it('draws passwords that start with a letter, so nats-server reads them from its environment as strings', () => {
    for (let i = 0; i < 500; i++) expect(randomPassword()).toMatch(/^[A-Za-z][A-Za-z0-9_-]{24}$/);
  });

  it('has one user per service plus admin, each with its own password', () => {
    const passwords = randomNatsPasswords();
    const config = natsAuthConfig(passwords);
    for (const service of ALL_SERVICES) expect(config).toContain(`user: "${service}", password: "${passwords.users[service]}"`);
    expect(config).toContain(`user: "admin", password: "${passwords.admin}"`);
    expect(new Set([passwords.admin, ...Object.values(passwords.users)]).size).toBe(ALL_SERVICES.length + 1);
  });

  it('refuses a password that would need quoting or is short', () => {
    expect(() => natsAuthConfig({ ...randomNatsPasswords(), admin: 'a"b}' })).toThrow(/password of NATS user admin/);
  });

  it.each(ALL_SERVICES)('%s: whole-token wildcards only, never > or $JS.> alone', (service) => {
    const { publish, subscribe } = servicePermissions(service);
    for (const subject of [...publish, ...subscribe]) {
      expect(subject).not.toMatch(/^(>|\$JS\.>|\$JS\.API\.>|\$KV\.>|\$O\.>|ares\.>)$/);
      for (const token of subject.split('.')) if (token.includes('*') || token.includes('>')) expect(['*', '>']).toContain(token);
    }
  });

  it.each(ALL_SERVICES)('%s pulls, acks and inspects only its own durables', (service) => {
    const { publish } = servicePermissions(service);
    const own = durableConsumers().filter((c) => c.service === service);
    const others = durableConsumers().filter((c) => c.service !== service);
    expect(own.length).toBeGreaterThan(0);
    for (const c of own)
      expect(publish).toEqual(expect.arrayContaining([`$JS.API.CONSUMER.MSG.NEXT.${c.stream}.${c.durable}`, `$JS.ACK.${c.stream}.${c.durable}.>`]));
    for (const c of others) {
      expect(publish).not.toContain(`$JS.API.CONSUMER.MSG.NEXT.${c.stream}.${c.durable}`);
      expect(publish).not.toContain(`$JS.ACK.${c.stream}.${c.durable}.>`);
    }
    expect(publish.filter((s) => /^\$JS\.API\.(STREAM|CONSUMER)\.(CREATE|UPDATE|DURABLE)/.test(s) && !/ARES_HISTORY|KV_|OBJ_/.test(s))).toEqual([]);
  });

  it('only the orchestrator appends history or sends stage commands', () => {
    for (const service of ALL_SERVICES) {
      const { publish } = servicePermissions(service);
      const writesHistory = publish.includes('ares.history.run.*');
      const commands = publish.some((s) => s.startsWith('ares.cmd.stage.'));
      expect([writesHistory, commands]).toEqual(service === ServiceNames.orchestrator ? [true, true] : [false, false]);
    }
  });
});
