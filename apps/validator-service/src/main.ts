import { ServiceNames } from '../../../libs/contracts/src';
import { startStageServiceProcess } from '../../../libs/service-host/src';

// The validator-service owns walk-forward, purged CV, Monte Carlo, reports. Its stages arrive with the next issues; until then it
// connects, provisions, answers health probes and consumes nothing.
startStageServiceProcess({ service: ServiceNames.validator, stages: [] });
