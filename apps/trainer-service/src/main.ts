import { ServiceNames } from '../../../libs/contracts/src';
import { startStageServiceProcess } from '../../../libs/service-host/src';

// The trainer-service owns training, ensembles, ONNX export. Its stages arrive with the next issues; until then it
// connects, provisions, answers health probes and consumes nothing.
startStageServiceProcess({ service: ServiceNames.trainer, stages: [] });
