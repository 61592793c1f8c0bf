import { parseRunEvent } from './run-event-schemas';

const at = '2026-01-01T00:00:00.000Z';

describe('run event schemas', () => {
  it('accepts the events the decider writes', () => {
    const spec = {
      symbol: 'BTC/USDT',
      exchange: 'binance',
      timeframe: '1h',
      from: '2023-01-01',
      to: '2024-01-01',
      source: 'file',
      seed: 42,
      stages: {},
    };
    const plan = [{ name: 'collect', service: 'data-service', dependsOn: [], enabled: true, retries: 2, timeoutSeconds: 300, params: {} }];
    expect(parseRunEvent('RunStarted', { schemaVersion: 1, at, runId: 'r1', spec, stages: plan }).type).toBe('RunStarted');
    expect(parseRunEvent('StageFailed', { schemaVersion: 1, at, stage: 'collect', attempt: 1, error: 'x', willRetry: true }).data).toMatchObject({
      willRetry: true,
    });
  });

  it('names what is wrong with an event it cannot understand', () => {
    expect(() => parseRunEvent('StageCompleted', { schemaVersion: 1, at, stage: 'collect', attempt: 1, cached: false })).toThrow(/output/);
    expect(() => parseRunEvent('StageDispatched', { schemaVersion: 2, at, stage: 'collect', attempt: 1 })).toThrow(/schemaVersion/);
    expect(() => parseRunEvent('RunExploded', {})).toThrow(/unknown run event type 'RunExploded'/);
  });
});
