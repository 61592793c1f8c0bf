import { RunSpec, STAGE_CATALOGUE, StageName, StageOverride, StagePlan, stageParamsOf, toPlain } from '@ares/contracts';

/** A RunSpec whose stage settings cannot make a run; the message names the stages involved. */
export class InvalidRunPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRunPlanError';
  }
}

/** The catalogue's stage graph with the RunSpec's per-stage overrides applied. */
export function buildRunPlan(spec: RunSpec): StagePlan[] {
  const overrides = (spec.stages ?? {}) as Partial<Record<StageName, StageOverride>>;
  const plan = STAGE_CATALOGUE.map((stage): StagePlan => {
    const override = overrides[stage.name] ?? {};
    return {
      name: stage.name,
      service: stage.service,
      dependsOn: [...stage.dependsOn],
      enabled: override.enabled ?? true,
      retries: override.retries ?? stage.retries,
      timeoutSeconds: override.timeoutSeconds ?? stage.timeoutSeconds,
      // The effective params, defaults included: history records exactly what each stage was asked to do.
      params: toPlain(stageParamsOf(spec, stage.name)) as Record<string, unknown>,
    };
  });
  for (const stage of plan.filter((candidate) => candidate.enabled)) {
    const disabledNeeds = stage.dependsOn.filter((name) => !plan.find((other) => other.name === name)?.enabled);
    if (disabledNeeds.length > 0) {
      throw new InvalidRunPlanError(`stage '${stage.name}' needs the output of disabled stage(s) ${disabledNeeds.join(', ')}`);
    }
  }
  return plan;
}
