import { ConcurrencyConflictError, EventStore, RecordedEvent } from '@ares/event-store';
import { parseRunEvent, RunEvent } from '@ares/contracts';
import { RunCommand } from '../run/run-command';
import { decide } from '../run/run.decider';
import { evolve, initialRunState, RunState } from '../run/run-state';

export interface RecordedRunEvent {
  event: RunEvent;
  version: number;
  occurredAt: string;
}

/** A run folded from its history: the decider's state and the version it reflects (not the events themselves). */
export interface LoadedRun {
  runId: string;
  state: RunState;
  version: number;
}

export interface Decided {
  run: LoadedRun;
  /** The events this decision appended (empty when it decided nothing, or the append was a duplicate). */
  appended: RecordedRunEvent[];
}

/** A stored event in its current shape (older schema versions upcast), or a loud error naming the run and version. */
export function toRunEvent(recorded: RecordedEvent): RunEvent {
  try {
    return parseRunEvent(recorded.type, recorded.data);
  } catch (error) {
    throw new Error(`history of run ${recorded.streamId} holds an invalid event at version ${recorded.version}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** How many folded runs stay in memory; a run that falls out is folded again (from its stream) when next needed. */
export const DEFAULT_RUN_CACHE_SIZE = 1000;

/**
 * Loads runs by folding their history and appends decisions with optimistic concurrency. Folded runs are kept in a
 * bounded LRU cache and caught up incrementally (only events after the cached version are read), so a decision costs
 * the same at event 5,000 as at event 50; the expected-version check keeps a stale cache from ever writing.
 */
export class RunHistory {
  private readonly cache = new Map<string, LoadedRun>();

  constructor(
    private readonly store: EventStore,
    private readonly maxConflictRetries = 5,
    private readonly maxCachedRuns = DEFAULT_RUN_CACHE_SIZE,
  ) {}

  async load(runId: string): Promise<LoadedRun> {
    const cached = this.cache.get(runId);
    const slice = await this.store.readStream(runId, { fromVersion: (cached?.version ?? 0) + 1 });
    let run: LoadedRun = cached ?? { runId, state: initialRunState(), version: 0 };
    for (const recorded of slice.events) run = { runId, state: evolve(run.state, toRunEvent(recorded)), version: recorded.version };
    // A decision may have cached a newer state while this read was in flight: never go back.
    const latest = this.cache.get(runId);
    if (latest && latest.version > run.version) return latest;
    if (slice.exists) this.remember(run);
    return run;
  }

  /** The run as last loaded or decided here, without a round trip (may lag other replicas). */
  cached(runId: string): LoadedRun | undefined {
    return this.cache.get(runId);
  }

  get cachedRuns(): number {
    return this.cache.size;
  }

  /**
   * Decides `command` against the run's current state and appends the result. Event ids derive from
   * `causationId`, so a retried decision for the same cause is recognised as a duplicate by the store.
   */
  async decide(runId: string, causationId: string, makeCommand: (run: LoadedRun) => RunCommand): Promise<Decided> {
    for (let attempt = 0; ; attempt++) {
      let run = this.cache.get(runId) ?? (await this.load(runId));
      let events = decide(makeCommand(run), run.state);
      if (events.length === 0) {
        // "Nothing to record" from a cached state could be an artefact of that state being behind
        // (another replica appended): a stale state that decides something is caught by the
        // expected-version check, one that decides nothing is not. Confirm against the store.
        run = await this.load(runId);
        events = decide(makeCommand(run), run.state);
        if (events.length === 0) return { run, appended: [] };
      }
      try {
        const result = await this.store.appendToStream(
          runId,
          events.map((event, index) => ({ id: `${causationId}.${index}`, type: event.type, data: event.data })),
          { expectedVersion: run.version },
        );
        if (result.duplicate) {
          this.cache.delete(runId);
          return { run: await this.load(runId), appended: [] };
        }
        const occurredAt = new Date().toISOString();
        let state = run.state;
        const appended = events.map((event, index) => {
          state = evolve(state, event);
          return { event, version: run.version + index + 1, occurredAt };
        });
        const next = { runId, state, version: run.version + events.length };
        this.remember(next);
        return { run: next, appended };
      } catch (error) {
        if (!(error instanceof ConcurrencyConflictError) || attempt >= this.maxConflictRetries) throw error;
        this.cache.delete(runId);
      }
    }
  }

  forget(runId: string): void {
    this.cache.delete(runId);
  }

  /** Most recently used last; the least recently used run is evicted past the bound. */
  private remember(run: LoadedRun): void {
    this.cache.delete(run.runId);
    this.cache.set(run.runId, run);
    while (this.cache.size > this.maxCachedRuns) this.cache.delete(this.cache.keys().next().value!);
  }
}
