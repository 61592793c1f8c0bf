import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages.report.params`: none yet. */
export class ReportStageParams {}

export const reportStage = defineStage({
  name: 'report',
  service: ServiceNames.validator,
  dependsOn: [
    'validate-data',
    'target-params',
    'coarse-optimization',
    'hpo',
    'train',
    'meta-learner',
    'walk-forward',
    'cross-validation',
    'monte-carlo',
    'save-model',
    'ab-setup',
  ],
  retries: 1,
  timeoutSeconds: 120,
  params: ReportStageParams,
  description:
    'one self-contained HTML file (inline SVG charts, no network): equity and drawdown against buy-and-hold, folds, CPCV paths, the Monte Carlo fan, importances, the HPO history and Pareto front, the verdict, data quality and the A/B decision',
});
