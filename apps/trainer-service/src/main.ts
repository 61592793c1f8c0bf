import { ServiceNames } from '../../../libs/contracts/src';
import { startStageServiceProcess } from '../../../libs/service-host/src';
import { TrainStage } from './stages/train.stage';

// The trainer-service trains the deployable model; ensembles and the meta-learner come next.
startStageServiceProcess({ service: ServiceNames.trainer, stages: [new TrainStage()] });
