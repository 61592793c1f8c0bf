import { GbdtModelJson } from '../model/gbdt-model';
import { BoostingSession, GbdtTrainingData, GbdtValidationData } from './boosting-session';
import { GbdtParams, resolveParams } from './gbdt-params';

export type { GbdtTrainingData, GbdtValidationData } from './boosting-session';

/**
 * Gradient boosting for `params.nEstimators` rounds (or until early stopping on `validation`), in one go.
 * Same data + params + seed ⇒ same JSON.
 */
export function trainGbdt(data: GbdtTrainingData, params: GbdtParams, validation?: GbdtValidationData): GbdtModelJson {
  const session = new BoostingSession(data, params, validation);
  // Close in finally so worker threads stop even when training throws.
  try {
    session.advanceTo(resolveParams(params).nEstimators);
    return session.model();
  } finally {
    session.close();
  }
}
