import { ServiceNames } from '@ares/contracts';
import { startStageServiceProcess } from '@ares/service-host';
import { dataStages } from './data-stages';

startStageServiceProcess({ service: ServiceNames.data, stages: (nc) => dataStages(process.env, nc) });
