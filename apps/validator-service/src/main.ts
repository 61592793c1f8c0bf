import { ServiceNames } from '../../../libs/contracts/src';
import { startStageServiceProcess } from '../../../libs/service-host/src';
import { WalkForwardStage } from './stages/walk-forward.stage';

// The validator-service runs walk-forward today; purged CV, Monte Carlo, reports and A/B setup come next.
startStageServiceProcess({ service: ServiceNames.validator, stages: [new WalkForwardStage()] });
