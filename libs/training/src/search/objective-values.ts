import { HpoObjective } from '@ares/contracts';
import { CvScores } from '../cross-validation/cross-validate';

/** A configuration's objective vector, in the order the RunSpec lists the objectives. */
export function objectiveValues(scores: CvScores, objectives: readonly HpoObjective[]): number[] {
  return objectives.map((objective) => {
    switch (objective) {
      case 'sharpe':
        return scores.sharpe;
      case 'log-loss':
        return scores.logLoss;
      case 'max-drawdown':
        return scores.maxDrawdown;
    }
  });
}
