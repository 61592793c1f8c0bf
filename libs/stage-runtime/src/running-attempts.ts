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
  private readonly stopped = new Map<string, { reason: Error; atMs: number }>();

  /** `dispatchedAt`: when the orchestrator decided the attempt; one decided before its run's stop does not start. */
  begin(runId: string, stage: StageName, attempt: number, dispatchedAt?: string): RunningAttempt {
    const controller = new AbortController();
    const stop = this.stopped.get(runId);
    // A resumed run dispatches after its stop: those attempts run.
    if (stop && dispatchedAt !== undefined && this.runStopped(runId, dispatchedAt)) controller.abort(stop.reason);
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

  /** Whether the run was stopped after the attempt dispatched at `dispatchedAt` was decided: its work is over. */
  runStopped(runId: string, dispatchedAt: string): boolean {
    const stop = this.stopped.get(runId);
    return stop !== undefined && Date.parse(dispatchedAt) <= stop.atMs;
  }

  /**
   * Aborts the run's attempts (or one of them) with `reason`; returns how many were running. A whole-run stop with
   * its time (`at`, the orchestrator's clock) is remembered, for attempts whose command is still on its way.
   */
  cancel(runId: string, reason: Error, only?: { stage: StageName; attempt: number }, at?: string): number {
    if (!only && at !== undefined) this.remember(runId, reason, Date.parse(at));
    let stopped = 0;
    for (const entry of this.attempts.get(runId) ?? []) {
      if (only && (entry.stage !== only.stage || entry.attempt !== only.attempt)) continue;
      entry.controller.abort(reason);
      stopped++;
    }
    return stopped;
  }

  private remember(runId: string, reason: Error, atMs: number): void {
    this.stopped.delete(runId);
    this.stopped.set(runId, { reason, atMs });
    if (this.stopped.size > REMEMBERED_STOPS) this.stopped.delete(this.stopped.keys().next().value!);
  }
}
