export * from './local-stack';
export * from './service-process';
export * from './replicas';
