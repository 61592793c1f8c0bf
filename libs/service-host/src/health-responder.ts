import { hostname } from 'node:os';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ServiceName, Subjects } from '@ares/contracts';

export interface HealthReport {
  service: string;
  status: 'ok';
  instance: string;
  startedAt: string;
  uptimeSeconds: number;
  [detail: string]: unknown;
}

export function instanceName(): string {
  return `${hostname()}:${process.pid}`;
}

/** Answers `ares.health.<service>` requests: every replica answers, the first answer wins. */
export function serveHealth(nc: NatsConnection, service: ServiceName, details: () => Record<string, unknown> = () => ({})): Subscription {
  const startedAt = new Date();
  return nc.subscribe(Subjects.health(service), {
    callback: (error, message) => {
      if (error) return;
      const report: HealthReport = {
        service,
        status: 'ok',
        instance: instanceName(),
        startedAt: startedAt.toISOString(),
        uptimeSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
        ...details(),
      };
      message.respond(JSON.stringify(report));
    },
  });
}

/** Asks every service for its health; a service that does not answer in time is reported as down. */
export async function probeServices(
  nc: NatsConnection,
  services: readonly ServiceName[],
  timeoutMs = 1000,
): Promise<Record<string, HealthReport | { status: 'down'; error: string }>> {
  const entries = await Promise.all(
    services.map(async (service) => {
      try {
        const reply = await nc.request(Subjects.health(service), '', { timeout: timeoutMs });
        return [service, reply.json<HealthReport>()] as const;
      } catch (error) {
        return [service, { status: 'down' as const, error: (error as Error).message }] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
