export * from './nats-server-process';
