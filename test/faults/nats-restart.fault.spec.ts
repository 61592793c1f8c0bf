import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStack } from '@ares/local-stack';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { AresApiClient, RunView } from '../../cli/api-client';
import { duplicateEvents, isFinished, startE2eStack } from '../e2e/e2e-stack';
import { isContiguous, sleep, stageCompletions, waitThroughOutage } from './fault-helpers';

/**
 * nats-server (file store) restarted twice in the middle of a run, on the same port and store: every service and the
 * orchestrator reconnect, re-attach their pull consumers and carry on; the run completes with a contiguous history and
 * no stage completed twice.
 */
describe('a nats-server restarted mid-run, twice', () => {
  let storeDir: string;
  let port: number;
  let nats: NatsServerProcess;
  let stack: LocalStack;
  let api: AresApiClient;

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'ares-nats-restart-'));
    nats = await startNatsServer({ storeDir, keepStore: true });
    port = nats.port;
    ({ stack, api } = await startE2eStack({ natsUrl: nats.url, env: { ARES_ACK_WAIT_MS: '4000' } }));
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await nats?.stop();
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  });

  /**
   * Stops the server (SIGTERM: it flushes its store), keeps it down a moment — or, with `whileDown`, until that is
   * done — and starts it on the same port and store.
   */
  async function restartNats(downMs: number, whileDown?: () => Promise<void>): Promise<void> {
    await nats.stop();
    await Promise.all([sleep(downMs), whileDown?.()]);
    nats = await startNatsServer({ port, storeDir, keepStore: true });
  }

  /** The first answer of `GET /runs/:id` that is not a 200, asked again and again while NATS is down. */
  async function firstAnswerWhileDown(runId: string): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await fetch(`${stack.apiUrl}/runs/${runId}`);
      if (response.status !== 200 || Date.now() > deadline)
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
      await sleep(200);
    }
  }

  const stage = (run: RunView, name: string) => run.stages.find((candidate) => candidate.name === name)!;

  it('the run completes; history is contiguous and every stage completed once', async () => {
    const { runId } = await api.startRun({
      symbol: 'BTC/USDT',
      timeframe: '1h',
      from: '2023-01-01',
      to: '2023-02-01',
      seed: 11,
      // One month holds too few trades for the default minTrades (30).
      stages: { 'target-params': { params: { minTrades: 10 } } },
    });
    // First restart once the data stages are done and the optimizer is at work; the second further down the graph.
    const atFirst = await waitThroughOutage(api, runId, (run) => stage(run, 'validate-data').status === 'completed' || isFinished(run), 60_000);
    let whileDown: Awaited<ReturnType<typeof firstAnswerWhileDown>> | undefined;
    await restartNats(1500, async () => {
      whileDown = await firstAnswerWhileDown(runId);
    });
    const atSecond = await waitThroughOutage(
      api,
      runId,
      (run) => ['running', 'completed'].includes(stage(run, 'ensemble').status) || isFinished(run),
      120_000,
    );
    await restartNats(1500);
    // Both restarts landed mid-run.
    expect([atFirst.status, atSecond.status]).toEqual(['running', 'running']);
    // While NATS was down the API said so, as a retryable 503 rather than a server fault.
    expect(whileDown).toEqual({ status: 503, retryAfter: '1', body: expect.objectContaining({ error: 'Service Unavailable' }) });

    const run = await waitThroughOutage(api, runId, isFinished, 180_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${stack.logTail('orchestrator')}`);
    });
    expect([run.status, run.error]).toEqual(['completed', null]);

    const events = await api.getEvents(runId);
    expect(isContiguous(events)).toBe(true);
    expect(duplicateEvents(events)).toEqual([]);
    const completions = stageCompletions(events);
    expect(completions).toEqual([...new Set(completions)]);
    expect(new Set(completions.map((completion) => completion.split('#')[0]))).toEqual(
      new Set(run.stages.filter((candidate) => candidate.status === 'completed').map((candidate) => candidate.name)),
    );
    expect(run.stages.every((candidate) => candidate.status === 'completed')).toBe(true);
    expect(events.filter((event) => event.type === 'RunCompleted')).toHaveLength(1);

    // Every process lived through both restarts (none crashed and none was restarted by us).
    for (const [name, process] of stack.services) expect([name, process.running]).toEqual([name, true]);
  }, 300_000);
});
