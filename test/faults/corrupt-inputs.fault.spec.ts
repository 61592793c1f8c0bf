import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets } from '@ares/contracts';
import { LocalStack } from '@ares/local-stack';
import { AresApiClient, RunView } from '../../cli/api-client';
import { isFinished, startE2eStack, waitForRun } from '../e2e/e2e-stack';
import { dataRunSpec, onlyStages } from '../e2e/run-specs';
import { adminConnection } from './fault-helpers';

const SAMPLE = join(__dirname, '..', '..', 'data', 'market', 'binance-spot-2023');

/**
 * Bad bytes where a stage reads its input: an upstream artifact changed in the Object Store (same name, other bytes)
 * and a truncated market-data file. The reading stage fails at once with a message naming the artifact or the file,
 * and nothing downstream is dispatched.
 */
describe('a corrupted artifact and a truncated data file', () => {
  let dataDir: string;
  let stack: LocalStack;
  let api: AresApiClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    // A copy of the sample: BTC 15m intact, BTC 1h feather truncated to half, ETH 1h only as a CSV cut mid-row.
    dataDir = mkdtempSync(join(tmpdir(), 'ares-bad-data-'));
    copyFileSync(join(SAMPLE, 'BTC_USDT-15m.feather'), join(dataDir, 'BTC_USDT-15m.feather'));
    copyFileSync(join(SAMPLE, 'BTC_USDT-1h.feather'), join(dataDir, 'BTC_USDT-1h.feather'));
    truncateSync(join(dataDir, 'BTC_USDT-1h.feather'), Math.floor(readFileSync(join(SAMPLE, 'BTC_USDT-1h.feather')).length / 2));
    const csv = readFileSync(join(SAMPLE, 'ETH_USDT-1h.csv'), 'utf8');
    writeFileSync(join(dataDir, 'ETH_USDT-1h.csv'), csv.slice(0, Math.floor(csv.length / 2) + 7));
    ({ stack, api } = await startE2eStack({ env: { ARES_DATA_DIR: dataDir } }));
    nc = await adminConnection(stack);
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const stageOf = (run: RunView, name: string) => run.stages.find((stage) => stage.name === name)!;
  const dispatched = async (runId: string) =>
    (await api.getEvents(runId)).filter((event) => event.type === 'StageDispatched').map((event) => (event.data as { stage: string }).stage);

  it('an upstream artifact with changed bytes: its reader fails naming it, and nothing after the reader is dispatched', async () => {
    // The optimizer is down while the data stages run, so target-params' command waits in its queue until we corrupt.
    await stack.service('optimizer-service').stop();
    const { runId } = await api.startRun({
      symbol: 'BTC/USDT',
      timeframe: '15m',
      from: '2023-01-01',
      to: '2023-02-01',
      seed: 3,
      stages: onlyStages(['collect', 'preprocess', 'validate-data', 'target-params', 'coarse-optimization']),
    });
    const before = await waitForRun(api, runId, (run) => stageOf(run, 'target-params').status !== 'pending' || isFinished(run), 60_000);
    expect(stageOf(before, 'validate-data').status).toBe('completed');
    const ref = stageOf(before, 'validate-data').artifacts.find((artifact) => artifact.name === 'masked-dataset')!;

    // Same name, same size, one byte flipped in the middle: only the content hash can tell.
    const objects = await new Objm(nc).open(Buckets.artifacts);
    const bytes = (await objects.getBlob(ref.key))!;
    bytes[bytes.length >> 1] ^= 0xff;
    await objects.putBlob({ name: ref.key }, bytes);

    stack.service('optimizer-service').start();
    const run = await waitForRun(api, runId, isFinished, 60_000);
    expect(run.status).toBe('failed');
    const targetParams = stageOf(run, 'target-params');
    expect(targetParams.status).toBe('failed');
    expect(targetParams.error).toContain(`validate-data's masked-dataset ${ref.key}`);
    expect(targetParams.error).toMatch(/corrupt: sha256/);
    // Permanent: no retry reads it again, and the run fails with that reason.
    expect(targetParams.attempts).toBe(1);
    expect(run.error).toContain(ref.key);
    expect(await dispatched(runId)).not.toContain('coarse-optimization');
    expect(stageOf(run, 'coarse-optimization').status).not.toMatch(/running|completed/);
  }, 120_000);

  it.each([
    ['a truncated feather file', 'BTC/USDT', 'BTC_USDT-1h.feather'],
    ['a CSV cut mid-row', 'ETH/USDT', 'ETH_USDT-1h.csv'],
  ])(
    '%s: collect fails naming the file, and nothing downstream is dispatched',
    async (_what, symbol, file) => {
      const { runId } = await api.startRun(dataRunSpec({ symbol, seed: 4 }));
      const run = await waitForRun(api, runId, isFinished, 60_000);
      expect(run.status).toBe('failed');
      const collect = stageOf(run, 'collect');
      expect(collect.status).toBe('failed');
      expect(collect.error).toContain(file);
      expect(run.error).toContain(file);
      expect(collect.attempts).toBe(1);
      expect(await dispatched(runId)).toEqual(['collect']);
    },
    90_000,
  );
});
