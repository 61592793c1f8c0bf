import { RunSpec, runSpecRangeMs, StageOutput, timeframeToMs } from '@ares/contracts';
import { CANDLES_MEDIA_TYPE, encodeCandles } from '@ares/market-data';
import { checkCandles, QualityPolicy, resolveQualityPolicy } from '@ares/ml';
import { Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { readCollectedDataset } from '@ares/stage-io';

const SUMMARY_FINDINGS = 50;

/** The data-quality gate on collect's candles: findings with their timestamps, a row mask, and a verdict by policy. */
export class ValidateDataStage implements Stage<'validate-data'> {
  readonly name = 'validate-data' as const;
  /** 2: gapPolicy "segment", coverage against the asked range, gap end times. */
  readonly version = '2';

  /** Its output depends on these RunSpec fields only (and its params and inputs), so runs differing elsewhere share it. */
  cacheScope({ timeframe, gapPolicy, from, to }: RunSpec): unknown {
    // from/to: coverage is measured against the asked range.
    return { timeframe, gapPolicy, from, to };
  }

  validateInput(context: StageContext<'validate-data'>): void {
    this.policy(context);
    context.input('collect');
  }

  async execute(context: StageContext<'validate-data'>): Promise<StageOutput> {
    const policy = this.policy(context);
    const { candles, extra } = await readCollectedDataset(context);
    const report = checkCandles(candles, timeframeToMs(context.spec.timeframe), policy, runSpecRangeMs(context.spec));
    const filledFindings = extra.filled ? forwardFilledFindings(candles.timestamps, extra.filled) : [];
    if (!report.passed) {
      const shown = report.fatalReasons.slice(0, 10).join('; ');
      const more = report.fatalReasons.length > 10 ? ` (and ${report.fatalReasons.length - 10} more)` : '';
      throw new StageFailure(`data quality gate failed: ${shown}${more}`, { details: { metrics: report.metrics } });
    }
    const reportBytes = new TextEncoder().encode(
      JSON.stringify({ policy, metrics: report.metrics, findings: report.findings, findingsOmitted: report.findingsOmitted }, null, 2),
    );
    const reportRef = await context.artifacts.put(reportBytes, 'application/json');
    const maskedRef = await context.artifacts.put(encodeCandles(candles, { mask: report.mask, extra }), CANDLES_MEDIA_TYPE);
    return {
      artifacts: [
        { name: 'quality-report', ...reportRef },
        { name: 'masked-dataset', ...maskedRef },
      ],
      metrics: {
        ...report.metrics,
        findings: report.findings.length + report.findingsOmitted + filledFindings.length,
        forwardFilledBars: filledFindings.reduce((sum, finding) => sum + finding.bars, 0),
      },
      summary: {
        passed: report.passed,
        findings: [
          ...filledFindings,
          ...report.findings.map(({ kind, isoTime, endIsoTime, detail, bars, action }) => ({
            kind,
            time: isoTime,
            ...(endIsoTime ? { until: endIsoTime } : {}),
            detail,
            bars,
            action,
          })),
        ].slice(0, SUMMARY_FINDINGS),
        findingsNotShown: Math.max(0, report.findings.length - SUMMARY_FINDINGS) + report.findingsOmitted,
      },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!output.artifacts.some((artifact) => artifact.name === 'masked-dataset')) throw new StageFailure('validate-data produced no masked dataset');
  }

  private policy(context: StageContext<'validate-data'>): QualityPolicy {
    const { params } = context;
    // gapPolicy "segment": every gap is a segment boundary, bounded by minCoverage and maxGapHours;
    // "fail": any missing bar fails the gate; "mask" and "forward-fill" keep the stage's by-length settings.
    const gapRule: Partial<QualityPolicy> =
      context.spec.gapPolicy === 'segment'
        ? { gapMode: 'segment' }
        : context.spec.gapPolicy === 'fail'
          ? { gapMode: 'by-length', maxIsolatedGapBars: 0, onLongGap: 'fail' }
          : { gapMode: 'by-length' };
    try {
      return resolveQualityPolicy({ ...(params as Partial<QualityPolicy>), ...gapRule });
    } catch (error) {
      throw new StageFailure(`stage 'validate-data': ${(error as Error).message}`);
    }
  }
}

/** Runs of bars collect inserted under gapPolicy "forward-fill": reported, with their times, not masked. */
function forwardFilledFindings(
  timestamps: Float64Array,
  filled: Float64Array,
): { kind: 'gap'; time: string; detail: string; bars: number; action: 'forward-filled' }[] {
  const findings: { kind: 'gap'; time: string; detail: string; bars: number; action: 'forward-filled' }[] = [];
  for (let i = 0; i < filled.length; i++) {
    if (filled[i] !== 1 || (i > 0 && filled[i - 1] === 1)) continue;
    let end = i;
    while (end + 1 < filled.length && filled[end + 1] === 1) end++;
    const bars = end - i + 1;
    findings.push({
      kind: 'gap',
      time: new Date(timestamps[i]).toISOString(),
      detail: `${bars} missing bar(s) forward-filled from the previous close (flagged in the 'filled' column)`,
      bars,
      action: 'forward-filled',
    });
  }
  return findings;
}
