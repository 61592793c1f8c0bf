import { ServiceNames } from '../../../libs/contracts/src';
import { startStageServiceProcess } from '../../../libs/service-host/src';

// The optimizer-service owns target parameters, coarse optimisation and hyper-parameter search. Its stages arrive with the next issues; until then it
// connects, provisions, answers health probes and consumes nothing.
startStageServiceProcess({ service: ServiceNames.optimizer, stages: [] });
