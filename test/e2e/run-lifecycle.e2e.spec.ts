import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Buckets } from '@ares/contracts';
import { AresApiClient } from '../../cli/api-client';
import { LocalStack } from '@ares/local-stack';
import { duplicateEvents, isFinished, runCli, runProjectionsRebuild, startE2eStack, waitForRun } from './e2e-stack';

const SPEC = { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2024-01-01' };

describe('a run end to end: nats-server and five service processes, over HTTP', () => {
  let stack: LocalStack;
  let api: AresApiClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    // Two validators, as the demo runs: walk-forward and the CPCV splits share the machine's two cores.
    ({ stack, api } = await startE2eStack({ replicas: { 'validator-service': 2 } }));
    nc = await connect(stack.natsAdminOptions);
  }, 60_000);

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  const post = (path: string, body: string) =>
    fetch(`${stack.apiUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('reports every service healthy', async () => {
    const health = await api.health();
    expect(health.status).toBe('ok');
    expect(Object.keys(health.services).sort()).toEqual([
      'data-service',
      'optimizer-service',
      'orchestrator',
      'trainer-service',
      'validator-service',
    ]);
  });

  it('serves OpenAPI with the RunSpec and every stage params class derived from the contracts', async () => {
    const document = (await (await fetch(`${stack.apiUrl}/docs-json`)).json()) as { components: { schemas: Record<string, unknown> } };
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        'StartRunCommand',
        'RunSpec',
        'StageOverrides',
        'TrainStageParams',
        'WalkForwardStageParams',
        'ValidateDataStageParams',
      ]),
    );
  });

  it('runs the fifteen-stage default run on the 2023 sample, with history and projection agreeing', async () => {
    const response = await post('/runs', JSON.stringify({ spec: SPEC }));
    expect(response.status).toBe(202);
    const { runId } = (await response.json()) as { runId: string };
    const run = await waitForRun(api, runId, isFinished, 240_000);
    expect(run.error).toBeNull();
    expect(run.status).toBe('completed');
    expect(run.stages.map((stage) => [stage.name, stage.status, stage.attempts])).toEqual([
      ['collect', 'completed', 1],
      ['preprocess', 'completed', 1],
      ['validate-data', 'completed', 1],
      ['target-params', 'completed', 1],
      ['coarse-optimization', 'completed', 1],
      ['hpo', 'completed', 1],
      ['train', 'completed', 1],
      ['ensemble', 'completed', 1],
      ['meta-learner', 'completed', 1],
      ['walk-forward', 'completed', 1],
      ['cross-validation', 'completed', 1],
      ['monte-carlo', 'completed', 1],
      ['save-model', 'completed', 1],
      ['ab-setup', 'completed', 1],
      ['report', 'completed', 1],
    ]);
    for (const stage of run.stages) {
      expect(stage).toEqual(expect.objectContaining({ startedAt: expect.any(String), finishedAt: expect.any(String), error: null }));
      expect(stage.artifacts.length).toBeGreaterThan(0);
      expect(Object.keys(stage.metrics).length).toBeGreaterThan(0);
    }
    const byName = (name: string) => run.stages.find((stage) => stage.name === name)!;
    expect(byName('collect').metrics.rows).toBe(8759);
    expect(byName('validate-data').metrics).toMatchObject({ gaps: 1, missingBars: 1 });
    expect(byName('train').metrics.onnxMaxAbsDiff).toBeLessThanOrEqual(1e-5);
    expect(byName('walk-forward').metrics.folds).toBe(5);
    // The study's figures, for the deflated Sharpe ratio later: every configuration tried, and their Sharpe spread.
    const hpo = byName('hpo');
    expect(hpo.metrics.trials).toBe(hpo.metrics.coarseTrials + hpo.metrics.hpoTrials);
    expect(hpo.metrics.hpoTrials).toBe(32);
    expect(hpo.metrics.trialSharpeVariance).toBeGreaterThan(0);
    expect(byName('target-params').metrics.selectionTrades).toBeGreaterThanOrEqual(30);

    const events = await api.getEvents(runId);
    expect(events.map((event) => event.version)).toEqual(events.map((_, index) => index + 1));
    expect(events[0].type).toBe('RunStarted');
    expect(events.at(-1)!.type).toBe('RunCompleted');
    expect(events.filter((event) => event.type === 'StageCompleted')).toHaveLength(15);
    expect(duplicateEvents(events)).toEqual([]);
    // Stages that need the same inputs were dispatched by one decision, side by side.
    const dispatches = events.filter((event) => event.type === 'StageDispatched');
    expect(dispatches.map((event) => (event.data as { stage: string }).stage)).toEqual([
      'collect',
      'preprocess',
      'validate-data',
      'target-params',
      'coarse-optimization',
      'hpo',
      'train',
      'ensemble',
      'cross-validation',
      'meta-learner',
      'walk-forward',
      'monte-carlo',
      'save-model',
      'ab-setup',
      'report',
    ]);
    expect(dispatches[1].version + 1).toBe(dispatches[2].version);
    expect(dispatches[6].version + 1).toBe(dispatches[7].version);
    expect(dispatches[7].version + 1).toBe(dispatches[8].version);
    // Every run states its luck.
    const monteCarlo = byName('monte-carlo');
    for (const key of ['psr', 'dsr', 'pbo', 'trials', 'finalReturnP5', 'finalReturnP50', 'finalReturnP95', 'maxDrawdownP95']) {
      expect(Number.isFinite(monteCarlo.metrics[key])).toBe(true);
    }
    expect(byName('cross-validation').metrics).toMatchObject({ splits: 15, paths: 5 });

    // The deployed ensemble is in the registry with its card; with no champion, its DSR decided its stage.
    const models = await api.listModels();
    expect(models).toContainEqual(expect.objectContaining({ name: 'binance-BTC_USDT-1h', latest: 1 }));
    const registered = await api.getModelVersion('binance-BTC_USDT-1h', 1);
    const deployedSha = byName('meta-learner')
      .artifacts.find((artifact) => artifact.name === 'model')!
      .key.replace(/^sha256-/, '');
    expect(registered).toMatchObject({ runId, onnxSha256: deployedSha, card: { model: { kind: 'ensemble', producedBy: 'meta-learner' } } });
    expect(registered.card.lineage).toHaveLength(12);
    expect(registered.stage).toBe(monteCarlo.metrics.dsr >= 0.95 ? 'champion' : 'challenger');
    expect(registered.ab).toMatchObject({ decision: registered.stage, trafficSplit: { challenger: 0.2 } });
    const onnx = await api.getModelOnnx('binance-BTC_USDT-1h', 1);
    expect(onnx.sha256).toBe(deployedSha);
    // The report: one self-contained HTML file.
    const report = await api.getReport(runId);
    expect(report).toMatch(/^<!doctype html>/i);
    expect(report).toContain('<svg');
    expect(report).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);

    const listed = await api.listRuns('completed');
    expect(listed.map((item) => item.runId)).toContain(runId);
    expect(await api.listRuns('cancelled')).toEqual([]);

    // The same RunSpec again, retrained for real (the stage cache emptied, so nothing is served from it): the same
    // model bytes.
    const cache = await new Kvm(nc).open(Buckets.stageCache);
    for await (const key of await cache.keys()) await cache.purge(key);
    const again = await api.startRun(SPEC);
    const second = await waitForRun(api, again.runId, isFinished, 240_000);
    expect(second.stages.map((stage) => [stage.name, stage.cached])).toEqual(run.stages.map((stage) => [stage.name, false]));
    // The baseline's and the deployed ensemble's bytes alike.
    const modelOf = (view: typeof run, name: string) =>
      view.stages.find((stage) => stage.name === name)!.artifacts.find((artifact) => artifact.name === 'model')!.key;
    expect(modelOf(second, 'train')).toBe(modelOf(run, 'train'));
    expect(modelOf(second, 'meta-learner')).toBe(modelOf(run, 'meta-learner'));
    expect(second.stages.find((stage) => stage.name === 'walk-forward')!.metrics).toEqual(
      run.stages.find((stage) => stage.name === 'walk-forward')!.metrics,
    );
    // A second run is a second version, never an overwrite of the first.
    const versions = (await api.getModel('binance-BTC_USDT-1h')).versions;
    expect(versions.map((version) => [version.version, version.runId])).toEqual([
      [1, runId],
      [2, again.runId],
    ]);
    expect(versions[1].onnxSha256).toBe(versions[0].onnxSha256);
  }, 520_000);

  it('rebuilds the read models from the event store alone, identically', async () => {
    const before = await Promise.all((await api.listRuns()).map((item) => api.getRun(item.runId)));
    expect(before.length).toBeGreaterThan(0);
    expect(runProjectionsRebuild(stack.natsAdminEnv)).toMatch(/rebuilt \d+ run read model/);
    const after = await Promise.all((await api.listRuns()).map((item) => api.getRun(item.runId)));
    expect(after).toEqual(before);
  });

  it('accepts StartRun as a NATS message on its subject', async () => {
    const js = jetstream(nc);
    await js.publish(
      'ares.cmd.run.start',
      JSON.stringify({
        schemaVersion: 1,
        runId: 'from-nats-1',
        // One month holds too few trades for the default minTrades (30): a short range asks for fewer.
        spec: { ...SPEC, to: '2023-02-01', stages: { 'target-params': { params: { minTrades: 10 } } } },
      }),
      {
        msgID: 'from-nats-1',
      },
    );
    const run = await waitForRun(api, 'from-nats-1', isFinished, 60_000).catch(async (error) => {
      throw new Error(`${(error as Error).message}\n${stack.logTail('orchestrator')}`);
    });
    expect(run.status).toBe('completed');
  });

  it("fails the run with the stage's reason when a finding breaks the policy, and resumes it on request", async () => {
    const { runId } = await api.startRun({
      ...SPEC,
      gapPolicy: 'mask',
      stages: { 'validate-data': { retries: 3, params: { maxIsolatedGapBars: 0 } } },
    });
    const failed = await waitForRun(api, runId, isFinished);
    expect(failed.status).toBe('failed');
    // A failed gate is permanent: one attempt, whatever the retry budget.
    expect(failed.error).toMatch(/stage 'validate-data' failed after 1 attempt\(s\): data quality gate failed: .*2023-03-24T13:00:00.000Z/);
    expect(failed.stages.find((stage) => stage.name === 'validate-data')).toMatchObject({ status: 'failed', attempts: 1 });

    const resumed = await api.resumeRun(runId);
    expect(resumed.status).toBe('running');
    const again = await waitForRun(
      api,
      runId,
      (run) => isFinished(run) && run.stages.find((stage) => stage.name === 'validate-data')!.attempts === 2,
    );
    expect(again.status).toBe('failed');
    expect(again.stages.find((stage) => stage.name === 'collect')).toMatchObject({ status: 'completed', attempts: 1 });
    await expect(api.cancelRun(runId)).rejects.toThrow(/HTTP 409: run is failed; only a running run can be cancelled/);
  });

  describe('bad input gets a 400 naming each problem, and records nothing', () => {
    let runsBefore: number;
    beforeAll(async () => {
      runsBefore = (await api.listRuns()).length;
    });
    afterAll(async () => {
      expect((await api.listRuns()).length).toBe(runsBefore);
    });

    it.each([
      ['a missing symbol', { ...SPEC, symbol: undefined }, /spec\.symbol/],
      ['a bad timeframe', { ...SPEC, timeframe: '7m' }, /spec\.timeframe: timeframe must be one of/],
      ['from not before to', { ...SPEC, from: '2024-01-01', to: '2023-01-01' }, /`from` must be before `to`/],
      ['an unknown field', { ...SPEC, leverage: 100 }, /spec\.leverage: unknown field/],
      ['an unknown stage', { ...SPEC, stages: { deploy: {} } }, /unknown stage\(s\) deploy/],
      ['a stage needing a disabled one', { ...SPEC, stages: { collect: { enabled: false } } }, /needs the output of disabled stage\(s\) collect/],
      ['too few bars for the folds', { ...SPEC, to: '2023-01-05' }, /holds about 96 1h bars, too few for the requested walk-forward/],
      [
        'an empty barrier grid',
        { ...SPEC, stages: { 'target-params': { params: { grid: { kTp: [] } } } } },
        /spec\.stages\.target-params\.params\.grid\.kTp: grid\.kTp must not be empty/,
      ],
      ['negative fees', { ...SPEC, costs: { takerFeeBps: -2 } }, /spec\.costs\.takerFeeBps: costs\.takerFeeBps must not be negative/],
      [
        'an unknown stage parameter',
        { ...SPEC, stages: { 'walk-forward': { params: { foldz: 3 } } } },
        /spec\.stages\.walk-forward\.params\.foldz: unknown field/,
      ],
      [
        'a search range with low > high',
        { ...SPEC, stages: { hpo: { params: { space: { learningRate: { type: 'float', low: 0.3, high: 0.01 } } } } } },
        /spec\.stages\.hpo\.params\.space: learningRate: low \(0\.3\) > high \(0\.01\)/,
      ],
      [
        'a log scale from 0',
        { ...SPEC, stages: { 'coarse-optimization': { params: { space: { lambda: { type: 'float', low: 0, high: 10, log: true } } } } } },
        /spec\.stages\.coarse-optimization\.params\.space: lambda: log scale needs low > 0/,
      ],
      [
        'an unknown search parameter',
        { ...SPEC, stages: { hpo: { params: { space: { depth: { type: 'int', low: 2, high: 6 } } } } } },
        /spec\.stages\.hpo\.params\.space: depth: unknown parameter; tunable: learningRate/,
      ],
      [
        'an empty categorical',
        { ...SPEC, stages: { hpo: { params: { space: { classWeight: { type: 'categorical', choices: [] } } } } } },
        /classWeight: categorical needs at least one choice/,
      ],
      ['a zero budget', { ...SPEC, stages: { hpo: { params: { budget: { broadTrials: 0 } } } } }, /spec\.stages\.hpo\.params\.budget\.broadTrials/],
      [
        'directions that do not match the objectives',
        { ...SPEC, stages: { hpo: { params: { objectives: ['sharpe', 'max-drawdown'], directions: ['maximize', 'maximize'] } } } },
        /spec\.stages\.hpo\.params\.directions: directions must match the objectives \(sharpe, max-drawdown\)/,
      ],
    ])('%s', async (_, spec, expected) => {
      const response = await post('/runs', JSON.stringify({ spec }));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { message: string[] };
      expect(body.message.join('\n')).toMatch(expected);
    });

    it('an empty body, told which RunSpec fields it misses', async () => {
      const response = await post('/runs', '{}');
      expect(response.status).toBe(400);
      const problems = ((await response.json()) as { message: string[] }).message.join('\n');
      for (const field of ['symbol', 'timeframe', 'from', 'to']) expect(problems).toMatch(new RegExp(`spec\\.${field}`));
      expect(problems).not.toMatch(/must be a RunSpec object/);
    });

    it('a body that is not JSON', async () => {
      const response = await post('/runs', '{"spec": ');
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toMatch(/not valid JSON/);
    });
  });

  it('the ares CLI starts, watches, lists and shows runs (watch exits 0 on completion)', async () => {
    const env = { ...process.env, ARES_API_URL: stack.apiUrl };
    const started = await runCli(
      [
        'run',
        'start',
        '--symbol',
        'ETH/USDT',
        '--timeframe',
        '1h',
        '--from',
        '2023-06-01',
        '--to',
        '2023-07-01',
        '--param',
        'target-params.minTrades=10',
      ],
      env,
    );
    expect(started.code).toBe(0);
    const runId = started.stdout.trim();
    expect(runId).toMatch(/^run-/);
    const watched = await runCli(['runs', 'watch', runId], env);
    expect(watched.code === 0 ? '' : watched.stdout + watched.stderr).toBe('');
    expect(watched.stdout).toMatch(new RegExp(`run ${runId}: completed`));
    expect(watched.stdout).toMatch(/validate-data\s+completed/);
    expect((await runCli(['runs', 'list', '--status', 'completed'], env)).stdout).toContain(runId);
    expect((await runCli(['runs', 'show', runId], env)).stdout).toMatch(/rows=720/);
    // The run's report and its registered model, as a user would fetch them.
    const dir = mkdtempSync(join(tmpdir(), 'ares-cli-e2e-'));
    const saved = await runCli(['runs', 'report', runId, '-o', join(dir, 'report.html')], env);
    expect(saved.code === 0 ? '' : saved.stderr).toBe('');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(await api.getReport(runId));
    expect((await runCli(['models', 'ls'], env)).stdout).toMatch(/binance-ETH_USDT-1h {2}latest v1/);
    const pulled = await runCli(['models', 'pull', 'binance-ETH_USDT-1h', '1', '-o', join(dir, 'model.onnx')], env);
    expect(pulled.stdout).toContain((await api.getModelVersion('binance-ETH_USDT-1h', 1)).onnxSha256);
    expect((await runCli(['models', 'show', 'no-such-model'], env)).stderr).toMatch(/HTTP 404: no model named 'no-such-model'/);
    const bad = await runCli(['run', 'start', '--symbol', 'ETH/USDT', '--timeframe', '7m', '--from', '2023-06-01', '--to', '2023-07-01'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/HTTP 400: spec.timeframe/);
  });

  it('answers 404 for an unknown run', async () => {
    for (const path of ['/runs/nope', '/runs/nope/events']) expect((await fetch(`${stack.apiUrl}${path}`)).status).toBe(404);
    expect((await post('/runs/nope/cancel', '{}')).status).toBe(404);
    expect((await post('/runs/nope/resume', '{}')).status).toBe(404);
  });

  it('serves its OpenAPI document at /docs', async () => {
    const page = await fetch(`${stack.apiUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/swagger/i);
    const document = (await (await fetch(`${stack.apiUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/runs', '/runs/{id}', '/runs/{id}/events', '/runs/{id}/cancel', '/runs/{id}/resume']),
    );
  });
});
