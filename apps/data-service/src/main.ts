import { ServiceNames } from '../../../libs/contracts/src';
import { startStageServiceProcess } from '../../../libs/service-host/src';
import { dataStages } from './data-stages';

startStageServiceProcess({ service: ServiceNames.data, stages: (nc) => dataStages(process.env, nc) });
