import { parseRunEvent, StageCheckpointed } from '@ares/contracts';
import { EventStore } from '@ares/event-store';
import { CheckpointSource } from '@ares/stage-runtime';

/** Runs whose recorded units a service keeps in memory; one that falls out is read again from its history. */
const CACHED_RUNS = 200;

interface RunUnits {
  version: number;
  /** By `<stage>/<scope>`, then unit key. */
  units: Map<string, Map<string, unknown>>;
}

/**
 * Units of work recorded in a run's history, read the way any follower of `ares.history.run.<runId>` would. Only
 * units of the same work (same stage, same scope: the stage's cache key) count: a changed input recomputes them.
 * Each run's history is read once and then only from where the last look ended, so a stage polling for handed-out
 * units costs the new events, not the whole history, per look.
 */
export class HistoryCheckpointSource implements CheckpointSource {
  private readonly runs = new Map<string, RunUnits>();

  constructor(private readonly store: EventStore) {}

  async recordedUnits(runId: string, stage: string, scope: string): Promise<ReadonlyMap<string, unknown>> {
    const run = this.runs.get(runId) ?? { version: 0, units: new Map() };
    const slice = await this.store.readStream(runId, { fromVersion: run.version + 1 });
    for (const recorded of slice.events) {
      if (recorded.type === 'StageCheckpointed') {
        const { data } = parseRunEvent(recorded.type, recorded.data) as { data: StageCheckpointed };
        const key = `${data.stage}/${data.scope}`;
        const units = run.units.get(key) ?? new Map<string, unknown>();
        if (!units.has(data.unit)) units.set(data.unit, data.result);
        run.units.set(key, units);
      }
      run.version = recorded.version;
    }
    this.runs.delete(runId);
    this.runs.set(runId, run);
    if (this.runs.size > CACHED_RUNS) this.runs.delete(this.runs.keys().next().value!);
    return new Map(run.units.get(`${stage}/${scope}`) ?? []);
  }
}
