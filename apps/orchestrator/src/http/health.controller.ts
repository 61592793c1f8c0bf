import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HEALTH_PROBE } from './run-service.token';

export interface HealthProbe {
  check(): Promise<{ status: 'ok' | 'degraded'; services: Record<string, unknown> }>;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_PROBE) private readonly probe: HealthProbe) {}

  @Get()
  @ApiOperation({ summary: 'Health of the orchestrator and of every service it can reach over NATS' })
  async health() {
    return this.probe.check();
  }
}
