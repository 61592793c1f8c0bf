import { parseRunEvent } from './run-event-schemas';
import { upcastRunEventData } from './run-event-upcasters';

/** RunStarted as version 1 wrote it: the plan under `stages`. */
const runStartedV1 = {
  schemaVersion: 1,
  at: '2026-01-01T00:00:00.000Z',
  runId: 'r-old',
  spec: { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-02-01' },
  stages: [{ name: 'collect', service: 'data-service', dependsOn: [], enabled: true, retries: 2, timeoutSeconds: 300, params: {} }],
};

describe('run event upcasting', () => {
  it('reads a RunStarted written before `stages` was renamed `plan`', () => {
    const event = parseRunEvent('RunStarted', runStartedV1);
    expect(event.type).toBe('RunStarted');
    expect(event.data).toMatchObject({ schemaVersion: 2, runId: 'r-old', plan: runStartedV1.stages });
    expect(event.data).not.toHaveProperty('stages');
  });

  it('leaves current versions as they are', () => {
    const current = { ...runStartedV1, schemaVersion: 2, plan: runStartedV1.stages, stages: undefined };
    expect(upcastRunEventData('RunStarted', current)).toBe(current);
  });

  it('refuses a version newer than this code, naming it', () => {
    expect(() => parseRunEvent('RunStarted', { ...runStartedV1, schemaVersion: 3 })).toThrow(/schemaVersion 3, newer than this code reads \(2\)/);
  });

  it('refuses a current-version event in an old shape', () => {
    expect(() => parseRunEvent('RunStarted', { ...runStartedV1, schemaVersion: 2 })).toThrow(/plan/);
  });
});
