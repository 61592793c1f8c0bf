import { ServiceNames } from '@ares/contracts';
import { startStageServiceProcess } from '@ares/service-host';
import { TrainStage } from './stages/train.stage';

// The trainer-service trains the deployable model; ensembles and the meta-learner come next.
startStageServiceProcess({ service: ServiceNames.trainer, stages: [new TrainStage()] });
