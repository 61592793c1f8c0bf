import { RunSpec, timeframeToMs } from '../../../../libs/contracts/src';
import { ContractViolationError } from '../../../../libs/contracts/src';
import { buildRunPlan } from '../run/run-plan';

/** Rules a RunSpec must meet beyond its field formats; violations are 400s and nothing is appended. */
export function validateRunRequest(spec: RunSpec): void {
  const problems: string[] = [];
  const span = Date.parse(spec.to) - Date.parse(spec.from);
  if (span < timeframeToMs(spec.timeframe)) problems.push(`spec.to: the range ${spec.from} → ${spec.to} holds less than one ${spec.timeframe} bar`);
  try {
    buildRunPlan(spec);
  } catch (error) {
    problems.push(`spec.stages: ${(error as Error).message}`);
  }
  if (problems.length > 0) throw new ContractViolationError('StartRunCommand', problems);
}
