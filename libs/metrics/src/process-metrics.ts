import { AresMetrics } from './ares-metrics';

let current: AresMetrics | undefined;

/**
 * This process's metrics, created (with the default Node metrics) on first use: the service host, the stages' hooks
 * and the HTTP endpoint that serves them all meet here, so a process exposes one registry.
 */
export function processMetrics(): AresMetrics {
  current ??= new AresMetrics();
  return current;
}
