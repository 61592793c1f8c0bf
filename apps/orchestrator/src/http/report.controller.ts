import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RunReports } from '../application/run-reports';
import { RUN_REPORTS } from './run-service.token';

interface HtmlResponse {
  setHeader(name: string, value: string): void;
  end(body: Buffer): void;
}

@ApiTags('runs')
@Controller('runs')
export class ReportController {
  constructor(@Inject(RUN_REPORTS) private readonly reports: RunReports) {}

  @Get(':id/report')
  @ApiOperation({ summary: "The run's self-contained HTML report (404 until its report stage completed)" })
  async report(@Param('id') runId: string, @Res() response: HtmlResponse): Promise<void> {
    const html = await this.reports.html(runId);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    // Inline SVG and CSS only: the report needs nothing from anywhere.
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    response.end(Buffer.from(html.buffer, html.byteOffset, html.byteLength));
  }
}
