import { ServiceNames } from '@ares/contracts';
import { startStageServiceProcess } from '@ares/service-host';
import { CrossValidationStage } from './stages/cross-validation.stage';
import { MonteCarloStage } from './stages/monte-carlo.stage';
import { WalkForwardStage } from './stages/walk-forward.stage';

startStageServiceProcess({ service: ServiceNames.validator, stages: [new WalkForwardStage(), new CrossValidationStage(), new MonteCarloStage()] });
