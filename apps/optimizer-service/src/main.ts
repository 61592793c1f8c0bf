import { ServiceNames } from '@ares/contracts';
import { startStageServiceProcess } from '@ares/service-host';
import { TargetParamsStage } from './stages/target-params.stage';

// The optimizer-service owns target parameters today; coarse optimisation and hyper-parameter search come next.
startStageServiceProcess({ service: ServiceNames.optimizer, stages: [new TargetParamsStage()] });
