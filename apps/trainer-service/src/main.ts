import { ServiceNames } from '@ares/contracts';
import { ModelRegistry } from '@ares/model-registry';
import { startStageServiceProcess } from '@ares/service-host';
import { EnsembleStage } from './stages/ensemble.stage';
import { MetaLearnerStage } from './stages/meta-learner.stage';
import { SaveModelStage } from './stages/save-model.stage';
import { TrainStage } from './stages/train.stage';

startStageServiceProcess({
  service: ServiceNames.trainer,
  stages: async (nc) => [new TrainStage(), new EnsembleStage(), new MetaLearnerStage(), new SaveModelStage(await ModelRegistry.open(nc))],
});
