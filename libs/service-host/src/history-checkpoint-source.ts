import { parseRunEvent, StageCheckpointed } from '@ares/contracts';
import { EventStore } from '@ares/event-store';
import { CheckpointSource } from '@ares/stage-runtime';

/**
 * Units of work recorded in a run's history, read the way any follower of `ares.history.run.<runId>` would. Only
 * units of the same work (same stage, same scope: the stage's cache key) count: a changed input recomputes them.
 */
export class HistoryCheckpointSource implements CheckpointSource {
  constructor(private readonly store: EventStore) {}

  async recordedUnits(runId: string, stage: string, scope: string): Promise<ReadonlyMap<string, unknown>> {
    const units = new Map<string, unknown>();
    const slice = await this.store.readStream(runId);
    for (const recorded of slice.events) {
      if (recorded.type !== 'StageCheckpointed') continue;
      const { data } = parseRunEvent(recorded.type, recorded.data) as { data: StageCheckpointed };
      if (data.stage === stage && data.scope === scope && !units.has(data.unit)) units.set(data.unit, data.result);
    }
    return units;
  }
}
