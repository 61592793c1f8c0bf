import type { NatsConnection } from '@nats-io/transport-node';
import { ALL_SERVICES, ServiceNames } from '@ares/contracts';
import { probeServices } from '@ares/service-host';
import { HealthProbe } from '../http/health.controller';

/** The orchestrator is healthy when it is connected; each other service is asked over NATS. */
export class NatsHealthProbe implements HealthProbe {
  constructor(private readonly nc: NatsConnection) {}

  async check(): Promise<{ status: 'ok' | 'degraded'; services: Record<string, unknown> }> {
    const others = ALL_SERVICES.filter((service) => service !== ServiceNames.orchestrator);
    const services: Record<string, unknown> = {
      [ServiceNames.orchestrator]: { status: this.nc.isClosed() ? 'down' : 'ok', instance: `${process.pid}` },
      ...(await probeServices(this.nc, others)),
    };
    const allOk = Object.values(services).every((report) => (report as { status: string }).status === 'ok');
    return { status: allOk ? 'ok' : 'degraded', services };
  }
}
