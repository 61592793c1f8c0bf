import { ContractViolationError, RunSpec, runSpecRangeMs, StageName, stageParamsOf, timeframeToMs } from '@ares/contracts';
import { featureWarmup } from '@ares/ml';
import { expectedBars, walkForwardPlan } from '@ares/training';
import { buildRunPlan } from '../run/run-plan';

/**
 * Rules a RunSpec must meet beyond its field formats (those, stage params included, were checked when it was parsed);
 * violations are 400s and nothing is appended.
 */
export function validateRunRequest(spec: RunSpec): void {
  const problems: string[] = [];
  const collect = (check: () => void) => {
    try {
      check();
    } catch (error) {
      if (error instanceof ContractViolationError) problems.push(...error.problems);
      else problems.push((error as Error).message);
    }
  };
  const { fromMs, toMs } = runSpecRangeMs(spec);
  const bars = expectedBars(fromMs, toMs, timeframeToMs(spec.timeframe));
  if (bars < 1) problems.push(`spec.to: the range ${spec.from} → ${spec.to} holds less than one ${spec.timeframe} bar`);
  if (spec.extraSeries.length > 0 && spec.source !== 'exchange')
    problems.push(`spec.extraSeries: ${spec.extraSeries.join(', ')} can only be collected from source "exchange"`);
  collect(() => buildRunPlan(spec));
  collect(() => {
    const targets = stageParamsOf(spec, 'target-params');
    const walkForward = stageParamsOf(spec, 'walk-forward');
    if (bars < 1 || (!stageEnabled(spec, 'walk-forward') && !stageEnabled(spec, 'target-params'))) return;
    try {
      walkForwardPlan(bars, featureWarmup({ timeframeMs: timeframeToMs(spec.timeframe) }), walkForward, Math.max(...targets.grid.horizonBars));
    } catch (error) {
      throw new Error(
        `spec: ${spec.from} → ${spec.to} holds about ${bars} ${spec.timeframe} bars, too few for the requested walk-forward: ${(error as Error).message}`,
        { cause: error },
      );
    }
  });
  if (problems.length > 0) throw new ContractViolationError('StartRunCommand', problems);
}

function stageEnabled(spec: RunSpec, stage: StageName): boolean {
  return spec.stages[stage]?.enabled !== false;
}
