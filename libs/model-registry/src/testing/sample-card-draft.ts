import type { RunSpec } from '@ares/contracts';
import type { CardDraft } from '../model-registry';

/** A small, valid card for registry tests; `runId` makes each one's lineage and data hash distinct. */
export function sampleCardDraft(runId: string): CardDraft {
  return {
    spec: { symbol: 'BTC/USDT', exchange: 'binance', timeframe: '1h', from: '2023-01-01', to: '2023-12-31', seed: 1 } as unknown as RunSpec,
    data: {
      from: '2023-01-01',
      to: '2023-12-31',
      firstBar: '2023-01-01T00:00:00.000Z',
      lastBar: '2023-12-31T23:00:00.000Z',
      rows: 10,
      datasetSha256: runId.padEnd(64, '0'),
    },
    model: {
      kind: 'gbdt',
      producedBy: 'train',
      features: ['f1'],
      outputs: ['long', 'short'],
      barrier: { kTp: 1, kSl: 1, horizon: 24 },
      threshold: 0.5,
      params: {},
    },
    onnx: { sha256: '', bytes: 0, parityMaxAbsDiff: 1e-7, runtime: 'onnxruntime-node' },
    validation: { walkForward: { sharpe: 0.4 }, crossValidation: {}, monteCarlo: {}, psr: 0.5, dsr: 0.1, pbo: 0.3, trials: 48, verdict: 'luck' },
    lineage: [{ stage: 'collect', artifacts: [], outputSha256: runId.padEnd(64, '0') }],
  };
}
