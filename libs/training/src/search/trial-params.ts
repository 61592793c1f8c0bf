import { TrainStageParams } from '@ares/contracts';

export type TrialParams = Readonly<Record<string, string | number | boolean>>;

/**
 * The train params a trial stands for: the RunSpec's train params with the searched names set, and the GBDT's
 * rounds set to `rounds` (the resource a pruner steps through, not a searched parameter).
 */
export function withTrialParams(base: TrainStageParams, params: TrialParams, rounds: number): TrainStageParams {
  const gbdt = { ...base.gbdt, nEstimators: rounds > 0 ? rounds : base.gbdt.nEstimators };
  const out: TrainStageParams = { ...base, gbdt };
  for (const [name, value] of Object.entries(params)) {
    if (name === 'l2' || name === 'classWeight') (out as unknown as Record<string, unknown>)[name] = value;
    else if (name in gbdt) (gbdt as unknown as Record<string, unknown>)[name] = value;
    else throw new Error(`'${name}' is not a train parameter a search can set`);
  }
  return out;
}
