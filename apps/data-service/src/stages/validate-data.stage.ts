import { StageOutput, timeframeToMs } from '../../../../libs/contracts/src';
import { CANDLES_MEDIA_TYPE, encodeCandles } from '../../../../libs/market-data/src';
import { checkCandles, DEFAULT_QUALITY_POLICY, QualityPolicy, resolveQualityPolicy } from '../../../../libs/ml/src';
import { resolveStageParams, Stage, StageContext, StageFailure } from '../../../../libs/stage-runtime/src';
import { readCollectedDataset } from '../../../../libs/stage-io/src';

const SUMMARY_FINDINGS = 50;

/** The data-quality gate on collect's candles: findings with their timestamps, a row mask, and a verdict by policy. */
export class ValidateDataStage implements Stage {
  readonly name = 'validate-data' as const;
  readonly version = '1';

  validateInput(context: StageContext): void {
    this.policy(context);
    context.input('collect');
  }

  async execute(context: StageContext): Promise<StageOutput> {
    const policy = this.policy(context);
    const { candles } = await readCollectedDataset(context);
    const report = checkCandles(candles, timeframeToMs(context.spec.timeframe), policy);
    if (!report.passed) {
      const shown = report.fatalReasons.slice(0, 10).join('; ');
      const more = report.fatalReasons.length > 10 ? ` (and ${report.fatalReasons.length - 10} more)` : '';
      throw new StageFailure(`data quality gate failed: ${shown}${more}`, { metrics: report.metrics });
    }
    const reportBytes = new TextEncoder().encode(JSON.stringify({ policy, metrics: report.metrics, findings: report.findings, findingsOmitted: report.findingsOmitted }, null, 2));
    const reportRef = await context.artifacts.put(reportBytes, 'application/json');
    const maskedRef = await context.artifacts.put(encodeCandles(candles, { mask: report.mask }), CANDLES_MEDIA_TYPE);
    return {
      artifacts: [{ name: 'quality-report', ...reportRef }, { name: 'masked-dataset', ...maskedRef }],
      metrics: { ...report.metrics, findings: report.findings.length + report.findingsOmitted },
      summary: {
        passed: report.passed,
        findings: report.findings.slice(0, SUMMARY_FINDINGS).map(({ kind, isoTime, detail, bars, action }) => ({ kind, time: isoTime, detail, bars, action })),
        findingsNotShown: Math.max(0, report.findings.length - SUMMARY_FINDINGS) + report.findingsOmitted,
      },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!output.artifacts.some((artifact) => artifact.name === 'masked-dataset')) throw new StageFailure('validate-data produced no masked dataset');
  }

  private policy(context: StageContext): QualityPolicy {
    const params = resolveStageParams(this.name, context.params, { ...DEFAULT_QUALITY_POLICY });
    try {
      return resolveQualityPolicy(params as Partial<QualityPolicy>);
    } catch (error) {
      throw new StageFailure(`stage 'validate-data': ${(error as Error).message}`);
    }
  }
}
