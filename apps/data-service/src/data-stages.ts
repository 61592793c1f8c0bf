import { FileMarketDataSource } from '../../../libs/market-data/src';
import { Stage } from '../../../libs/stage-runtime/src';
import { marketDataDir } from './default-data-dir';
import { CollectStage } from './stages/collect.stage';
import { PreprocessStage } from './stages/preprocess.stage';
import { ValidateDataStage } from './stages/validate-data.stage';

/** The data-service's stages, with their market-data sources. */
export function dataStages(env: NodeJS.ProcessEnv = process.env): Stage[] {
  const sources = { file: new FileMarketDataSource({ directory: marketDataDir(env) }) };
  return [new CollectStage(sources), new PreprocessStage(), new ValidateDataStage()];
}
