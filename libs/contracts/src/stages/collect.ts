import { ServiceNames } from '../subjects';
import { defineStage } from './define-stage';

/** `stages.collect.params`: none yet; the RunSpec's market fields say what to collect. */
export class CollectStageParams {}

export const collectStage = defineStage({
  name: 'collect',
  service: ServiceNames.data,
  dependsOn: [],
  retries: 2,
  timeoutSeconds: 300,
  params: CollectStageParams,
  description: 'candles (and extra series) for the RunSpec range from its market-data source → Arrow dataset',
});
