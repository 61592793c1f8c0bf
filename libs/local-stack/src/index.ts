export * from './local-stack';
export * from './service-process';
