import type { StageName } from '@ares/contracts';

/** How many ended runs a service remembers, so a command arriving after its run's stop signal does not start. */
const REMEMBERED_STOPS = 10_000;

export interface RunningAttempt {
  readonly signal: AbortSignal;
  end(): void;
}

/** The stage attempts running in this process, by run, and the runs told to stop. */
export class RunningAttempts {
  private readonly attempts = new Map<string, Set<{ stage: StageName; attempt: number; controller: AbortController }>>();
  private readonly stopped = new Map<string, Error>();

  begin(runId: string, stage: StageName, attempt: number): RunningAttempt {
    const controller = new AbortController();
    const stop = this.stopped.get(runId);
    if (stop) controller.abort(stop);
    const entry = { stage, attempt, controller };
    const entries = this.attempts.get(runId) ?? new Set();
    entries.add(entry);
    this.attempts.set(runId, entries);
    return {
      signal: controller.signal,
      end: () => {
        entries.delete(entry);
        if (entries.size === 0) this.attempts.delete(runId);
      },
    };
  }

  /** Aborts the run's attempts (or one of them) with `reason`; returns how many were running. */
  cancel(runId: string, reason: Error, only?: { stage: StageName; attempt: number }): number {
    if (!only) this.remember(runId, reason);
    let stopped = 0;
    for (const entry of this.attempts.get(runId) ?? []) {
      if (only && (entry.stage !== only.stage || entry.attempt !== only.attempt)) continue;
      entry.controller.abort(reason);
      stopped++;
    }
    return stopped;
  }

  private remember(runId: string, reason: Error): void {
    this.stopped.delete(runId);
    this.stopped.set(runId, reason);
    if (this.stopped.size > REMEMBERED_STOPS) this.stopped.delete(this.stopped.keys().next().value!);
  }
}
