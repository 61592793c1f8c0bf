import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { processMetrics } from '@ares/metrics';

/** The part of the HTTP response this controller sets. */
interface HeaderTarget {
  setHeader(name: string, value: string): void;
}

/**
 * `GET /metrics`: the orchestrator's Prometheus metrics (saga transitions, event-store append latency, its consumers'
 * redeliveries and dead letters, Node's defaults) from this process's registry. For scrapers, not the API docs.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  async metrics(@Res({ passthrough: true }) response: HeaderTarget): Promise<string> {
    const { contentType, body } = await processMetrics().render();
    response.setHeader('Content-Type', contentType);
    return body;
  }
}
