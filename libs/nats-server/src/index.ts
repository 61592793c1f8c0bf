export * from './nats-server-process';
export * from './nats-cluster';
