import { ServiceNames } from '@ares/contracts';
import { hpoTrialMetrics, processMetrics } from '@ares/metrics';
import { startStageServiceProcess } from '@ares/service-host';
import { SearchWorkspaces } from './search/search-workspace';
import { CoarseOptimizationStage } from './stages/coarse-optimization.stage';
import { HpoStage } from './stages/hpo.stage';
import { TargetParamsStage } from './stages/target-params.stage';

// The optimizer-service chooses what the model is trained on and with: labels, features, hyper-parameters.
// coarse-optimization and hpo search the same labelled rows: one workspace per run serves both.
const workspaces = new SearchWorkspaces();
startStageServiceProcess({
  service: ServiceNames.optimizer,
  stages: [new TargetParamsStage(), new CoarseOptimizationStage(workspaces), new HpoStage(workspaces, hpoTrialMetrics(processMetrics()))],
});
