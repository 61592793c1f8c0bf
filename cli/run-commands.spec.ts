import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { startInProcessApi } from '../test/in-process-api';
import { ApiError, AresApiClient } from './api-client';
import { buildProgram } from './main';
import { CliUsageError } from './run-spec-flags';

class Capture {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('ares run / runs against the orchestrator HTTP API', () => {
  let server: NatsServerProcess;
  let app: INestApplication;
  let nc: NatsConnection;
  let api: AresApiClient;
  let stdout: Capture;
  let stderr: Capture;
  let exitCodes: number[];
  let specFile: string;

  beforeAll(async () => {
    server = await startNatsServer();
    let url: string;
    ({ app, nc, url } = await startInProcessApi(server));
    api = new AresApiClient(url);
    specFile = join(mkdtempSync(join(tmpdir(), 'ares-cli-spec-')), 'spec.json');
    writeFileSync(
      specFile,
      JSON.stringify({
        spec: {
          symbol: 'BTC/USDT',
          timeframe: '1h',
          from: '2023-01-01',
          to: '2023-07-01',
          stages: { train: { retries: 1, params: { l2: 2, gbdt: { nEstimators: 50 } } } },
        },
      }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await server?.stop();
  });
  beforeEach(() => {
    stdout = new Capture();
    stderr = new Capture();
    exitCodes = [];
  });

  async function ares(args: string[]): Promise<void> {
    const program = buildProgram({
      api: () => api,
      stdout,
      stderr,
      watchIntervalMs: 20,
      setExitCode: (code) => void exitCodes.push(code),
      exit: (code) => {
        throw Object.assign(new Error(`exit ${code}`), { exitCode: code });
      },
    });
    await program.parseAsync(args, { from: 'user' });
  }

  async function startedSpec(runId: string): Promise<Record<string, unknown>> {
    const [started] = await api.getEvents(runId);
    expect(started.type).toBe('RunStarted');
    return (started.data as { spec: Record<string, unknown> }).spec;
  }

  it('POSTs the --spec file with the flags laid over it, and the run records that spec', async () => {
    await ares([
      'run',
      'start',
      '--spec',
      specFile,
      '--symbol',
      'ETH/USDT',
      '--model',
      'logistic',
      '--gap-policy',
      'forward-fill',
      '--source',
      'exchange',
      '--exchange',
      'kraken',
      '--seed',
      '7',
      '--extra-series',
      'funding,open-interest',
      '--fee-bps',
      '7.5',
      '--slippage-bps',
      '1',
      '--retries',
      'train=3',
      '--retries',
      'collect=2',
      '--timeout',
      'train=900',
      '--disable',
      'walk-forward',
      '--disable',
      'monte-carlo',
      '--disable',
      'save-model',
      '--disable',
      'ab-setup',
      '--disable',
      'report',
      '--param',
      'train.gbdt.maxDepth=4',
      '--param',
      'target-params.grid.kTp=[1.5]',
    ]);
    const runId = stdout.text.trim();
    expect(runId).toMatch(/^run-/);
    const spec = await startedSpec(runId);
    expect(spec).toMatchObject({
      symbol: 'ETH/USDT',
      timeframe: '1h',
      from: '2023-01-01',
      to: '2023-07-01',
      model: 'logistic',
      gapPolicy: 'forward-fill',
      source: 'exchange',
      exchange: 'kraken',
      seed: 7,
      extraSeries: ['funding', 'open-interest'],
      costs: { takerFeeBps: 7.5, slippageBps: 1 },
    });
    const stages = spec.stages as Record<string, Record<string, unknown>>;
    expect(stages.train).toMatchObject({ retries: 3, timeoutSeconds: 900, params: { l2: 2, gbdt: { nEstimators: 50, maxDepth: 4 } } });
    expect(stages.collect).toMatchObject({ retries: 2 });
    expect(stages['walk-forward']).toMatchObject({ enabled: false });
    expect(stages['monte-carlo']).toMatchObject({ enabled: false });
    expect(stages.report).toMatchObject({ enabled: false });
    expect(stages['target-params']).toMatchObject({ params: { grid: { kTp: [1.5] } } });
  });

  it('passes values on for the server to judge, and shows its 400 naming the field', async () => {
    await expect(ares(['run', 'start', '--spec', specFile, '--gap-policy', 'sometimes'])).rejects.toThrow(/HTTP 400: .*gapPolicy/);
    await expect(ares(['run', 'start', '--spec', specFile, '--retries', 'nonsense-stage=1'])).rejects.toThrow(ApiError);
  });

  it('refuses bad flag syntax before posting anything; commander usage errors exit 2', async () => {
    const before = (await api.listRuns()).length;
    await expect(ares(['run', 'start', '--spec', specFile, '--retries', 'train'])).rejects.toThrow(CliUsageError);
    await expect(ares(['run', 'start', '--spec', specFile, '--param', 'train.l2'])).rejects.toThrow(/^--param train.l2: expected/);
    await expect(ares(['run', 'start', '--spec', join(tmpdir(), 'no-such-ares-spec.json')])).rejects.toThrow(/^--spec .*: cannot read it/);
    await expect(ares(['run', 'start', '--spec', specFile, '--timeout'])).rejects.toMatchObject({ exitCode: 2 });
    expect(stderr.text).toContain("error: option '--timeout <STAGE=SECONDS>' argument missing");
    await expect(ares(['run', 'start', '--no-such-flag'])).rejects.toMatchObject({ exitCode: 2 });
    expect(stderr.text).toContain("error: unknown option '--no-such-flag'");
    expect((await api.listRuns()).length).toBe(before);
  });

  it('runs watch prints the final state once', async () => {
    await ares(['run', 'start', '--spec', specFile]);
    const runId = stdout.text.trim();
    await ares(['runs', 'cancel', runId, '--reason', 'spec']);
    stdout.text = '';
    await ares(['runs', 'watch', runId]);
    const finals = stdout.text.split('\n').filter((line) => line.startsWith(`run ${runId}: cancelled`));
    expect(finals).toHaveLength(1);
    expect(exitCodes).toEqual([1]);
  });

  it('run start --watch follows the run and prints each state once', async () => {
    const watching = ares(['run', 'start', '--spec', specFile, '--watch']);
    while (!stdout.text.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const runId = stdout.text.split('\n')[0];
    await new Promise((resolve) => setTimeout(resolve, 100)); // a few polls of the running run
    await api.cancelRun(runId, 'spec');
    await watching;
    const headers = stdout.text.split('\n').filter((line) => line.startsWith(`run ${runId}: `));
    expect(headers.filter((line) => line.includes(': cancelled'))).toHaveLength(1);
    expect(headers[0]).toMatch(/: running/);
    expect(exitCodes).toEqual([1]);
  });
});
