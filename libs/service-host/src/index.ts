export * from './health-responder';
export * from './health-http-server';
export * from './stage-event-publisher';
export * from './stage-service-host';
export * from './exit-with-parent';
export * from './graceful-shutdown';
export * from './unit-work';
export * from './history-checkpoint-source';
