import { ServiceNames } from '@ares/contracts';
import { ModelRegistry } from '@ares/model-registry';
import { startStageServiceProcess } from '@ares/service-host';
import { AbSetupStage } from './stages/ab-setup.stage';
import { CrossValidationStage } from './stages/cross-validation.stage';
import { MonteCarloStage } from './stages/monte-carlo.stage';
import { ReportStage } from './stages/report.stage';
import { WalkForwardStage } from './stages/walk-forward.stage';

startStageServiceProcess({
  service: ServiceNames.validator,
  stages: async (nc) => [
    new WalkForwardStage(),
    new CrossValidationStage(),
    new MonteCarloStage(),
    new AbSetupStage(await ModelRegistry.open(nc)),
    new ReportStage(),
  ],
});
