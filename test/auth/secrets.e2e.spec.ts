import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kvm } from '@nats-io/kv';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { ObjectStoreArtifactStore } from '@ares/artifacts';
import { ALL_SERVICES, Buckets } from '@ares/contracts';
import { LocalStack, tempLogDir } from '@ares/local-stack';
import { AresApiClient } from '../../cli/api-client';
import { startE2eStack } from '../e2e/e2e-stack';
import { dataRunSpec } from '../e2e/run-specs';

// Recognisable values: a hit can only be a leak.
const SECRETS = {
  ARES_API_TOKEN: 'api-token-LEAKCHECK-7f3a9c2e51',
  ARES_EXCHANGE_API_KEY: 'exchange-key-LEAKCHECK-b81d44',
  ARES_EXCHANGE_SECRET: 'exchange-secret-LEAKCHECK-09e6aa',
};
const SPEC = dataRunSpec();

/** A real run on a stack started with every kind of secret set; nothing it leaves behind may contain one. */
describe('secrets never leak into history, artifacts, projections or logs', () => {
  let stack: LocalStack;
  let nc: NatsConnection;
  let logDir: string;
  let secrets: Record<string, string>;

  beforeAll(async () => {
    logDir = tempLogDir('ares-auth-secrets-');
    ({ stack } = await startE2eStack({ logDir, env: { ...SECRETS, ARES_LOG_LEVEL: 'debug' } }));
    const auth = stack.natsAuth!;
    secrets = {
      ...SECRETS,
      admin: auth.adminPassword,
      ...Object.fromEntries(ALL_SERVICES.map((service) => [`nats:${service}`, auth.passwordOf(service)])),
    };
    nc = await connect(stack.natsAdminOptions);
  }, 60_000);
  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  const leaksIn = (where: string, text: string) =>
    Object.entries(secrets)
      .filter(([, value]) => text.includes(value))
      .map(([name]) => `${name} in ${where}`);

  it('runs the data stages with auth on and leaves no secret anywhere', async () => {
    const api = new AresApiClient(stack.apiUrl, SECRETS.ARES_API_TOKEN);
    const { runId } = await api.startRun(SPEC);
    const run = await api.watch(runId, () => undefined, { intervalMs: 200, timeoutMs: 60_000 });
    expect(run.status).toBe('completed');

    const leaks: string[] = [];
    const events = await api.getEvents(runId);
    expect(events.length).toBeGreaterThan(3);
    leaks.push(...leaksIn('history', JSON.stringify(events)), ...leaksIn('run detail', JSON.stringify(run)));

    const artifacts = await ObjectStoreArtifactStore.open(nc);
    const listed = run.stages.flatMap((stage) => stage.artifacts);
    expect(listed.length).toBeGreaterThan(0);
    for (const artifact of listed) {
      const bytes = await artifacts.get({ ...artifact, sha256: artifact.key.replace(/^sha256-/, ''), mediaType: 'application/octet-stream' });
      leaks.push(...leaksIn(`artifact ${artifact.name}`, Buffer.from(bytes).toString('latin1')));
    }

    for (const bucket of [Buckets.runs, Buckets.stageCache]) {
      const kv = await new Kvm(nc).open(bucket);
      let entries = 0;
      for await (const key of await kv.keys()) {
        const entry = await kv.get(key);
        entries += 1;
        leaks.push(...leaksIn(`KV ${bucket}/${key}`, entry?.string() ?? ''));
      }
      expect(entries).toBeGreaterThan(0);
    }

    const logs = readdirSync(logDir);
    expect(logs).toEqual(expect.arrayContaining([...ALL_SERVICES.map((service) => `${service}.log`), 'nats-server.log']));
    // The logs are real ones (the orchestrator got as far as its run), not empty files that would pass anything.
    expect(readFileSync(join(logDir, 'orchestrator.log'), 'utf8')).toContain('orchestrator ready');
    for (const file of logs) leaks.push(...leaksIn(`log ${file}`, readFileSync(join(logDir, file), 'utf8')));
    expect(leaks).toEqual([]);
  }, 90_000);
});
