import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ALL_SERVICES, ServiceNames } from '@ares/contracts';
import { freePort, NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { serviceEntry, ServiceProcess } from './service-process';
import { startAuthenticatedNats, type StackNatsAuth } from './stack-nats-auth';

export interface LocalStackOptions {
  /** Use this NATS server; when unset a private nats-server with JetStream is started on a free port. */
  natsUrl?: string;
  apiPort?: number;
  /** Where each service's log goes; unset = this process's stdout/stderr. */
  logDir?: string;
  /** Extra environment for every service (e.g. ARES_DATA_DIR, short ack waits in tests). */
  env?: NodeJS.ProcessEnv;
  /** Compiled project (default: `dist/` of this checkout). */
  distDir?: string;
  readyTimeoutMs?: number;
  /** Processes per service (default 1 each): replicas share their service's consumers and split its work. */
  replicas?: Record<string, number>;
  /**
   * NATS users and permissions (default true when the stack starts its own nats-server): random passwords, the
   * provisioning run as admin first, each service with its own restricted user and ARES_PROVISIONING=external.
   * false: no authentication, every service provisions itself (as before).
   */
  natsAuth?: boolean;
}

/** The whole of Ares on one machine: nats-server (if needed) and the five services as separate processes. */
export class LocalStack {
  readonly services = new Map<string, ServiceProcess>();

  private constructor(
    readonly natsUrl: string,
    readonly apiUrl: string,
    readonly logDir: string | undefined,
    private readonly nats: NatsServerProcess | undefined,
    /** The admin's credentials and the server's config, when the stack runs NATS with authentication. */
    readonly natsAuth?: StackNatsAuth,
  ) {}

  /** Options for a client of this stack's NATS as its admin (tests, tools): every server, plus user and password when auth is on. */
  get natsAdminOptions(): { servers: string[]; user?: string; pass?: string } {
    const servers = this.natsUrl.split(',');
    return this.natsAuth ? { servers, user: this.natsAuth.adminUser, pass: this.natsAuth.adminPassword } : { servers };
  }

  /** Environment for a script run as this stack's NATS admin (NATS_URL, NATS_USER, NATS_PASSWORD). */
  get natsAdminEnv(): NodeJS.ProcessEnv {
    return this.natsAuth
      ? { NATS_URL: this.natsUrl, NATS_USER: this.natsAuth.adminUser, NATS_PASSWORD: this.natsAuth.adminPassword }
      : { NATS_URL: this.natsUrl };
  }

  static async start(options: LocalStackOptions = {}): Promise<LocalStack> {
    const distDir = options.distDir ?? defaultDistDir();
    const missing = ALL_SERVICES.map((service) => serviceEntry(distDir, service)).filter((entry) => !existsSync(entry));
    if (missing.length > 0) throw new Error(`services are not built (${missing[0]} is missing): run npm run build`);
    const baseEnv = { ...process.env, ...options.env };
    const withAuth = !options.natsUrl && options.natsAuth !== false;
    if (options.logDir) mkdirSync(options.logDir, { recursive: true });
    const auth = withAuth ? await startAuthenticatedNats(baseEnv, options.logDir && join(options.logDir, 'nats-server.log')) : undefined;
    const nats = options.natsUrl ? undefined : (auth?.nats ?? (await startNatsServer()));
    const natsUrl = options.natsUrl ?? nats!.url;
    const apiPort = options.apiPort ?? (await freePort());
    const stack = new LocalStack(natsUrl, `http://127.0.0.1:${apiPort}`, options.logDir, nats, auth?.auth);
    const env = { ...baseEnv, NATS_URL: natsUrl, ARES_API_PORT: String(apiPort), ARES_EXIT_WITH_PARENT: '1' };
    for (const service of ALL_SERVICES) {
      for (let replica = 1; replica <= (options.replicas?.[service] ?? 1); replica++) {
        // The first replica keeps the service's own name (and log file); the others are `<service>-2`, …
        const name = replica === 1 ? service : `${service}-${replica}`;
        const logFile = options.logDir ? join(options.logDir, `${name}.log`) : undefined;
        // Workers serve probes and metrics on a port of their own; the orchestrator on its API port.
        const healthPort = service === ServiceNames.orchestrator ? undefined : await freePort();
        // With auth, each process logs in as its service's user and only opens what the admin provisioned.
        const processEnv = auth ? { ...env, ...auth.auth.serviceEnv(service) } : env;
        stack.services.set(name, new ServiceProcess(service, serviceEntry(distDir, service), processEnv, logFile, healthPort));
      }
    }
    try {
      for (const process of stack.services.values()) process.start();
      await stack.waitUntilHealthy(options.readyTimeoutMs ?? 30_000);
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  /** Every process of `service`, its first replica first. */
  replicasOf(service: string): ServiceProcess[] {
    return [...this.services.values()].filter((process) => process.service === service);
  }

  service(name: string): ServiceProcess {
    const found = this.services.get(name);
    if (!found) throw new Error(`no service '${name}' in the stack`);
    return found;
  }

  /** A worker process's probe and metrics server (`<service>` or `<service>-<replica>`): /healthz, /readyz, /metrics. */
  healthUrl(name: string): string {
    const url = this.service(name).healthUrl;
    if (!url) throw new Error(`'${name}' has no health port: it serves /health and /metrics on the API port (${this.apiUrl})`);
    return url;
  }

  /** Where a process's Prometheus metrics are scraped: a worker's health port, the orchestrator's API port. */
  metricsUrl(name: string): string {
    const process = this.service(name);
    return `${process.healthUrl ?? this.apiUrl}/metrics`;
  }

  /** Until the orchestrator answers and reports every service healthy, and every worker process is ready. */
  async waitUntilHealthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline) {
      for (const process of this.services.values()) {
        if (!process.running && process.pid !== undefined) throw new Error(`${process.service} exited during start${this.logHint(process.service)}`);
      }
      try {
        const response = await fetch(`${this.apiUrl}/health`);
        const body = (await response.json()) as { status: string; services: Record<string, { status: string }> };
        const unready = body.status === 'ok' ? await this.unreadyProcesses() : [];
        if (body.status === 'ok' && unready.length === 0) return;
        last = body.status === 'ok' ? `not ready yet: ${unready.join(', ')}` : JSON.stringify(body.services);
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the stack did not become healthy within ${timeoutMs} ms: ${last}`);
  }

  /** Worker processes whose /readyz does not answer 200 (yet): every replica, not just one per service. */
  private async unreadyProcesses(): Promise<string[]> {
    const answers = await Promise.all(
      [...this.services].map(async ([name, process]) => {
        if (!process.healthUrl) return undefined;
        const ready = await fetch(`${process.healthUrl}/readyz`).then(
          (response) => response.status === 200,
          () => false,
        );
        return ready ? undefined : name;
      }),
    );
    return answers.filter((name): name is string => name !== undefined);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((process) => process.stop()));
    await this.nats?.stop();
    if (this.natsAuth) rmSync(this.natsAuth.configDir, { recursive: true, force: true });
  }

  logTail(service: string, lines = 40): string {
    if (!this.logDir) return '';
    const file = join(this.logDir, `${service}.log`);
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '';
  }

  private logHint(service: string): string {
    return this.logDir ? `; its log:\n${this.logTail(service)}` : '';
  }
}

/** `dist/` whether this file runs compiled (inside dist) or from source under Jest. */
function defaultDistDir(): string {
  const root = resolve(__dirname, '..', '..', '..');
  return basename(root) === 'dist' ? root : join(root, 'dist');
}

export function tempLogDir(prefix = 'ares-logs-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
