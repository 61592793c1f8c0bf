import { ServiceNames } from '@ares/contracts';
import { startStageServiceProcess } from '@ares/service-host';
import { EnsembleStage } from './stages/ensemble.stage';
import { MetaLearnerStage } from './stages/meta-learner.stage';
import { TrainStage } from './stages/train.stage';

startStageServiceProcess({ service: ServiceNames.trainer, stages: [new TrainStage(), new EnsembleStage(), new MetaLearnerStage()] });
