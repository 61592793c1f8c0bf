import { InMemoryEventStore } from '@ares/event-store';
import { RunHistory } from './run-history';

const at = '2026-01-01T00:00:00.000Z';
const plan = [{ name: 'collect', service: 'data-service', dependsOn: [], enabled: true, retries: 2, timeoutSeconds: 300, params: {} }];

describe('RunHistory', () => {
  it('folds history written before a schema change (RunStarted v1, `stages`) through its upcaster', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('r-old', [
      {
        id: 'a',
        type: 'RunStarted',
        data: {
          schemaVersion: 1,
          at,
          runId: 'r-old',
          spec: { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-02-01' },
          stages: plan,
        },
      },
      { id: 'b', type: 'StageDispatched', data: { schemaVersion: 1, at, stage: 'collect', attempt: 1 } },
    ]);
    const run = await new RunHistory(store).load('r-old');
    expect(run.version).toBe(2);
    expect(run.state.status).toBe('running');
    expect(run.state.plan.map((stage) => stage.name)).toEqual(['collect']);
    expect(run.state.stages.collect).toMatchObject({ status: 'dispatched', attempt: 1, dispatchedAt: at });
  });

  it('keeps at most its bound of folded runs, least recently used out first', async () => {
    const store = new InMemoryEventStore();
    const history = new RunHistory(store, 5, 2);
    for (const runId of ['a', 'b', 'c']) {
      await store.appendToStream(runId, [
        {
          id: runId,
          type: 'RunStarted',
          data: { schemaVersion: 3, at, runId, spec: { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-02-01' }, plan },
        },
      ]);
    }
    await history.load('a');
    await history.load('b');
    await history.load('a');
    await history.load('c');
    expect(history.cachedRuns).toBe(2);
    expect(history.cached('b')).toBeUndefined();
    expect(history.cached('a')?.version).toBe(1);
    expect((await history.load('b')).version).toBe(1); // an evicted run is folded again from its stream
  });
});
