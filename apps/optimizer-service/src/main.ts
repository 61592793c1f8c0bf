import { ServiceNames } from '@ares/contracts';
import { startStageServiceProcess } from '@ares/service-host';
import { CoarseOptimizationStage } from './stages/coarse-optimization.stage';
import { HpoStage } from './stages/hpo.stage';
import { TargetParamsStage } from './stages/target-params.stage';

// The optimizer-service chooses what the model is trained on and with: labels, features, hyper-parameters.
startStageServiceProcess({ service: ServiceNames.optimizer, stages: [new TargetParamsStage(), new CoarseOptimizationStage(), new HpoStage()] });
