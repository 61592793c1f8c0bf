import type { Logger } from 'pino';

/** Backoff of a delayed task that failed: 1 s, doubling, at most 30 s. */
export const FIRST_TASK_RETRY_MS = 1000;
const MAX_TASK_RETRY_MS = 30_000;
/** Failures a task may have that are not the message bus being unavailable, before it is given up (and logged as an error). */
const MAX_OTHER_FAILURES = 5;

export const taskRetryDelayMs = (failures: number) => Math.min(MAX_TASK_RETRY_MS, FIRST_TASK_RETRY_MS * 2 ** Math.max(0, failures - 1));

/**
 * The saga's timers: stage timeouts and delayed sends, keyed `<runId>/<stage>/<attempt>/<what>` so one attempt's
 * timer never replaces another's. A task that fails runs again after a backoff — no message would ever bring it
 * back, so dropping it would stall a run — for as long as the failure is the bus being unavailable, and a few times
 * otherwise. Every task must be idempotent (a decision with a fixed cause, a send that checks the state first).
 */
export class SagaTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    /** True for failures that pass (NATS restarting, between leaders): those are retried without limit. */
    private readonly isTransient: (error: unknown) => boolean,
  ) {}

  /** Runs `task` after `delayMs` (re-scheduling a key replaces its timer); nothing after stop(). `failures`: how many times it already failed. */
  schedule(key: string, delayMs: number, task: () => Promise<void>, failures = 0): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(
      () => {
        this.timers.delete(key);
        task().catch((error: unknown) => this.failed(key, task, failures + 1, error));
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Clears the timers under `prefix` (a run, or a run's stage). */
  clear(prefix: string): void {
    for (const [key, timer] of this.timers) {
      if (key === prefix || key.startsWith(`${prefix}/`)) {
        clearTimeout(timer);
        this.timers.delete(key);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private failed(key: string, task: () => Promise<void>, failures: number, error: unknown): void {
    if (!this.isTransient(error) && failures > MAX_OTHER_FAILURES) {
      this.logger.error({ err: error, key, failures }, 'delayed saga task failed for good; the stage timeout or a restart must move its run on');
      return;
    }
    const retryInMs = taskRetryDelayMs(failures);
    this.logger.warn({ err: error, key, failures, retryInMs }, 'delayed saga task failed; trying again');
    if (!this.timers.has(key)) this.schedule(key, retryInMs, task, failures);
  }
}
