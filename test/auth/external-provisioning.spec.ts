import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';

const DIST = join(__dirname, '..', '..', 'dist');

/** Runs a compiled service until it exits (or 30 s pass), returning its exit code and stderr. */
function runService(service: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(DIST, 'apps', service, 'src', 'main.js')], {
      env: { PATH: process.env.PATH, ARES_LOG_LEVEL: 'warn', ARES_EXIT_WITH_PARENT: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** A real service process with ARES_PROVISIONING=external on a server nobody provisioned. */
describe('ARES_PROVISIONING=external', () => {
  let nats: NatsServerProcess;
  beforeAll(async () => (nats = await startNatsServer()));
  afterAll(async () => nats?.stop());

  it.each(['data-service', 'orchestrator'])('%s refuses to start, naming what is missing, and creates nothing', async (service) => {
    const { code, stderr } = await runService(service, { NATS_URL: nats.url, ARES_PROVISIONING: 'external', ARES_API_PORT: '0' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/stream ARES_RUN_COMMANDS does not exist: run the provisioning job \(npm run provision\)/);
    const nc = await connect({ servers: nats.url });
    expect(await (await jetstreamManager(nc)).streams.names().next()).toEqual([]);
    await nc.close();
  });
});
