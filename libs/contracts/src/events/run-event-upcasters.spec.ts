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
    expect(event.data).toMatchObject({ schemaVersion: 3, runId: 'r-old', plan: runStartedV1.stages });
    expect(event.data).not.toHaveProperty('stages');
  });

  it('leaves current versions as they are', () => {
    const current = { ...runStartedV1, schemaVersion: 3, plan: runStartedV1.stages, stages: undefined };
    expect(upcastRunEventData('RunStarted', current)).toBe(current);
  });

  it('refuses a version newer than this code, naming it', () => {
    expect(() => parseRunEvent('RunStarted', { ...runStartedV1, schemaVersion: 4 })).toThrow(/schemaVersion 4, newer than this code reads \(3\)/);
  });

  it('refuses a current-version event in an old shape', () => {
    expect(() => parseRunEvent('RunStarted', { ...runStartedV1, schemaVersion: 3 })).toThrow(/plan/);
  });

  it("drops target-params' innerTrainFraction from a v2 RunStarted (its spec and its plan), keeping the rest", () => {
    const targetParams = { grid: { kTp: [1], kSl: [1], horizonBars: [12] }, volatilityFeature: 'vol_24', innerTrainFraction: 0.7 };
    const v2 = {
      ...runStartedV1,
      schemaVersion: 2,
      stages: undefined,
      spec: { ...runStartedV1.spec, stages: { 'target-params': { params: targetParams } } },
      plan: [{ ...runStartedV1.stages[0], name: 'target-params', service: 'optimizer-service', params: targetParams }],
    };
    const up = upcastRunEventData('RunStarted', v2) as {
      schemaVersion: number;
      spec: { stages: Record<string, { params: object }> };
      plan: { params: object }[];
    };
    expect(up.schemaVersion).toBe(3);
    const { innerTrainFraction: _gone, ...kept } = targetParams;
    expect(up.spec.stages['target-params'].params).toEqual(kept);
    expect(up.plan[0].params).toEqual(kept);
  });
});
