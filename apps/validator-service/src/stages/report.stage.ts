import { findArtifact, reportStage, StageName, StageOutput } from '@ares/contracts';
import { Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { absentSections, renderRunReport } from '../report/run-report';
import { gatherRunReport, outputOf } from './report-inputs';

export const REPORT_MEDIA_TYPE = 'text/html; charset=utf-8';

type Context = StageContext<'report'>;

/**
 * The last stage: the run written up as one self-contained HTML file (inline SVG charts, no script, nothing fetched).
 * It only gathers the upstream outputs into the report's data model; `renderRunReport` draws it. A missing or
 * unreadable input is said in its section instead of failing the report, and the page carries no clock time, so the
 * same inputs give the same bytes.
 */
export class ReportStage implements Stage<'report'> {
  readonly name = 'report' as const;
  readonly version = '1';

  validateInput(context: Context): void {
    if (!reportStage.dependsOn.some((stage) => outputOf(context, stage as StageName)))
      throw new StageFailure(`the report has nothing to report: the command carries none of ${reportStage.dependsOn.join(', ')}`);
  }

  async execute(context: Context): Promise<StageOutput> {
    const data = await gatherRunReport(context);
    const html = renderRunReport(data);
    const bytes = new TextEncoder().encode(html);
    const ref = await context.artifacts.put(bytes, REPORT_MEDIA_TYPE);
    return {
      artifacts: [{ name: 'report', ...ref }],
      metrics: {
        bytes: bytes.byteLength,
        charts: (html.match(/<svg /g) ?? []).length,
        sectionsWithoutData: absentSections(data).length,
      },
      summary: { title: data.title },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!findArtifact(output, 'report') || !(output.metrics.bytes > 0)) throw new StageFailure('report produced no HTML');
  }
}
