import { ServiceNames } from '@ares/contracts';
import { startStageServiceProcess } from '@ares/service-host';
import { WalkForwardStage } from './stages/walk-forward.stage';

// The validator-service runs walk-forward today; purged CV, Monte Carlo, reports and A/B setup come next.
startStageServiceProcess({ service: ServiceNames.validator, stages: [new WalkForwardStage()] });
