/**
 * Ares' Prometheus metrics. Only this lib imports prom-client: the runtime, messaging and event-store libs offer
 * small observer hooks, and the functions here connect those hooks to the process's registry.
 */
export * from './ares-metrics';
export * from './process-metrics';
export * from './stage-runner-metrics';
export * from './consumer-metrics';
export * from './event-store-metrics';
export * from './hpo-trial-metrics';
export * from './exposition';
