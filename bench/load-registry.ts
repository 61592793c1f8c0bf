import type { ModelView } from '../cli/api-client';

/**
 * Under load many runs register versions of the same name at once (compare-and-set on one KV key): each run must hold
 * exactly one version, and each name's versions must be 1..n with no number handed out twice or skipped.
 */
export function registryProblems(models: readonly ModelView[], runIds: readonly string[]): string[] {
  const problems: string[] = [];
  const registered = new Map<string, number>();
  for (const model of models) {
    const numbers = model.versions.map((version) => version.version).sort((a, b) => a - b);
    if (numbers.some((number, index) => number !== index + 1))
      problems.push(`${model.name}: versions ${numbers.join(',')} are not 1..${numbers.length}`);
    for (const version of model.versions) registered.set(version.runId, (registered.get(version.runId) ?? 0) + 1);
  }
  for (const runId of runIds) {
    const count = registered.get(runId) ?? 0;
    if (count !== 1) problems.push(`${runId}: ${count} registered versions`);
  }
  return problems;
}
