import { InMemoryEventStore } from '@ares/event-store';
import { HistoryCheckpointSource } from './history-checkpoint-source';

const at = '2026-01-01T00:00:00.000Z';
const checkpoint = (id: string, stage: string, scope: string, unit: string, result: unknown) => ({
  id,
  type: 'StageCheckpointed',
  data: { schemaVersion: 1, at, stage, attempt: 1, unit, scope, result },
});

describe('HistoryCheckpointSource', () => {
  it('hands back the units of the same stage and work only, and picks up what history gained since the last look', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('r1', [
      checkpoint('a', 'walk-forward', 'work-1', 'fold-1', { n: 1 }),
      checkpoint('b', 'walk-forward', 'other-work', 'fold-2', { n: 2 }),
      checkpoint('c', 'train', 'work-1', 'fold-3', { n: 3 }),
    ]);
    const source = new HistoryCheckpointSource(store);
    expect([...(await source.recordedUnits('r1', 'walk-forward', 'work-1'))]).toEqual([['fold-1', { n: 1 }]]);
    await store.appendToStream('r1', [checkpoint('d', 'walk-forward', 'work-1', 'fold-4', { n: 4 })]);
    expect([...(await source.recordedUnits('r1', 'walk-forward', 'work-1')).keys()]).toEqual(['fold-1', 'fold-4']);
    expect((await source.recordedUnits('r-none', 'walk-forward', 'work-1')).size).toBe(0);
  });
});
