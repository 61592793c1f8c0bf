import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ContractViolationError, RunSpec, RunStatus, toPlain } from '@ares/contracts';
import { RunService } from '../application/run-service';
import { RUN_SERVICE } from './run-service.token';
import { SCHEMA_REF_PREFIX } from './contract-schemas';

const RUN_STATUSES: RunStatus[] = ['running', 'completed', 'failed', 'cancelled'];

const START_RUN_EXAMPLE = {
  spec: {
    symbol: 'BTC/USDT',
    exchange: 'binance',
    timeframe: '1h',
    from: '2023-01-01',
    to: '2023-12-31',
    source: 'file',
    seed: 42,
    stages: { 'validate-data': { params: { maxIsolatedGapBars: 3 } } },
  },
};

/**
 * A bare RunSpec is accepted as well as {spec: RunSpec}: a body without `spec` is read as one, so `{}` is told which
 * RunSpec fields it misses.
 */
function asStartRun(body: unknown): unknown {
  return body && typeof body === 'object' && !Array.isArray(body) && !('spec' in body) ? { spec: body } : body;
}

@ApiTags('runs')
@Controller('runs')
export class RunsController {
  constructor(@Inject(RUN_SERVICE) private readonly runs: RunService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a run (StartRun)' })
  @ApiBody({ schema: { $ref: `${SCHEMA_REF_PREFIX}StartRunCommand`, example: START_RUN_EXAMPLE } })
  @ApiResponse({ status: 202, description: '{"runId": "..."}' })
  @ApiResponse({ status: 400, description: 'one message per offending field; nothing is recorded' })
  async start(@Body() body: unknown): Promise<{ runId: string }> {
    return this.runs.start(asStartRun(body));
  }

  // Declared before the `:id` routes; the dashboard's form asks it as the user types.
  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a StartRun as POST /runs would, recording nothing' })
  @ApiBody({ schema: { $ref: `${SCHEMA_REF_PREFIX}StartRunCommand`, example: START_RUN_EXAMPLE } })
  @ApiResponse({ status: 200, description: '{"valid": true, "spec": RunSpec with its defaults applied}' })
  @ApiResponse({ status: 400, description: 'the body POST /runs would answer' })
  validate(@Body() body: unknown): { valid: true; spec: RunSpec } {
    return { valid: true, spec: toPlain(this.runs.validate(asStartRun(body)).spec) };
  }

  @Get()
  @ApiOperation({ summary: 'List runs, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: RUN_STATUSES })
  async list(@Query('status') status?: string) {
    if (status !== undefined && !RUN_STATUSES.includes(status as RunStatus)) {
      throw new ContractViolationError('query', [`status must be one of ${RUN_STATUSES.join(', ')}`]);
    }
    return this.runs.list(status as RunStatus | undefined);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Run detail with per-stage status, metrics and artifacts' })
  async detail(@Param('id') runId: string) {
    const { runId: id, status, stages, error, spec, createdAt, updatedAt, finishedAt } = await this.runs.detail(runId);
    return { runId: id, status, stages, error, spec, createdAt, updatedAt, finishedAt };
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The run's history, in order" })
  async events(@Param('id') runId: string) {
    return this.runs.events(runId);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel a running run' })
  async cancel(@Param('id') runId: string, @Body() body?: { reason?: string }) {
    return this.runs.cancel(runId, typeof body?.reason === 'string' ? body.reason : undefined);
  }

  @Post(':id/resume')
  @HttpCode(202)
  @ApiOperation({ summary: 'Resume a failed or cancelled run from its first unfinished stage' })
  async resume(@Param('id') runId: string) {
    return this.runs.resume(runId);
  }
}
