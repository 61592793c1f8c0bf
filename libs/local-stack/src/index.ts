export * from './local-stack';
export * from './stack-nats-auth';
export * from './service-process';
export * from './replicas';
