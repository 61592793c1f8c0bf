import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a worker's probe port serves. */
export interface HealthHttpServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** The metrics exposition and its Content-Type, rendered per scrape. */
  metrics: () => Promise<{ contentType: string; body: string }>;
}

export type Readiness = 'starting' | 'ready' | 'draining';

/**
 * A worker's small HTTP server for Kubernetes probes and Prometheus (no Nest needed): `GET /healthz` is 200 while the
 * process is up (liveness); `GET /readyz` is 200 only while the service is ready — its JetStream consumers attached and
 * no drain begun — and 503 before and after; `GET /metrics` is the Prometheus text exposition.
 */
export class HealthHttpServer {
  private state: Readiness = 'starting';
  private readonly server: Server;

  private constructor(private readonly options: HealthHttpServerOptions) {
    this.server = createServer((request, response) => this.handle(request, response));
  }

  static async start(options: HealthHttpServerOptions): Promise<HealthHttpServer> {
    const health = new HealthHttpServer(options);
    await new Promise<void>((resolve, reject) => {
      health.server.once('error', reject);
      health.server.listen(options.port, options.host ?? '0.0.0.0', () => {
        health.server.off('error', reject);
        resolve();
      });
    });
    return health;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get readiness(): Readiness {
    return this.state;
  }

  /** The service takes work: its consumers are attached. */
  markReady(): void {
    if (this.state === 'starting') this.state = 'ready';
  }

  /** A drain began (SIGTERM): never ready again, so Kubernetes stops sending this pod work while it finishes. */
  markDraining(): void {
    this.state = 'draining';
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const send = (status: number, contentType: string, body: string) => {
      response.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const json = (status: number, body: object) => send(status, 'application/json; charset=utf-8', JSON.stringify(body));
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: `${request.method} not allowed` });
    if (path === '/healthz') return json(200, { status: 'ok' });
    if (path === '/readyz') return json(this.state === 'ready' ? 200 : 503, { status: this.state });
    if (path === '/metrics') {
      this.options.metrics().then(
        ({ contentType, body }) => send(200, contentType, body),
        (error: Error) => json(500, { error: error.message }),
      );
      return;
    }
    json(404, { error: `no route ${path}: /healthz, /readyz and /metrics are served` });
  }
}

/** `ARES_HEALTH_PORT` as a port number; unset or empty: no probe server. */
export function healthPortFrom(env: NodeJS.ProcessEnv): number | undefined {
  const text = env.ARES_HEALTH_PORT?.trim();
  if (!text) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`ARES_HEALTH_PORT must be a port number from 0 to 65535 (got '${text}')`);
  return port;
}
