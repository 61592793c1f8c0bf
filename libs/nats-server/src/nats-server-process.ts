import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private nats-server with JetStream, on a free port, with a throw-away store directory. */
export interface NatsServerProcess {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  stop(): Promise<void>;
  /** `kill -9`: no shutdown, the store is kept (a crash, for fault tests). */
  kill(): Promise<void>;
}

const NATS_SERVER_CANDIDATES = [process.env.NATS_SERVER_BIN, 'nats-server', '/usr/sbin/nats-server', '/usr/bin/nats-server'];

export function findNatsServerBinary(): string {
  for (const candidate of NATS_SERVER_CANDIDATES) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  throw new Error(
    "nats-server was not found. Install Debian's 'nats-server' package (apt-get install -y nats-server, version >= 2.9) " +
      'or set NATS_SERVER_BIN to its path.',
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited early with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nats-server did not listen on port ${port} within ${timeoutMs} ms`);
}

export interface StartNatsServerOptions {
  port?: number;
  storeDir?: string;
  /** Keep the store directory when stopping (a restart test reuses it). */
  keepStore?: boolean;
  /** More command-line flags (e.g. cluster routes; see nats-cluster.ts). */
  extraArgs?: string[];
  /** A nats-server config file (e.g. users and permissions, libs/provisioning); the flags above override its listen and store settings. */
  configFile?: string;
  /** Where nats-server writes its log (`--log`), e.g. to read a cluster's view of a fault afterwards. */
  logFile?: string;
}

export async function startNatsServer(options: StartNatsServerOptions = {}): Promise<NatsServerProcess> {
  const binary = findNatsServerBinary();
  const port = options.port ?? (await freePort());
  const storeDir = options.storeDir ?? mkdtempSync(join(tmpdir(), 'ares-nats-'));
  const child = spawn(
    binary,
    [
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '-js',
      '-sd',
      storeDir,
      ...(options.configFile ? ['-c', options.configFile] : []),
      ...(options.logFile ? ['--log', options.logFile] : []),
      ...(options.extraArgs ?? []),
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitForPort(port, child, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      if (!options.keepStore) rmSync(storeDir, { recursive: true, force: true });
    },
    async kill() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
