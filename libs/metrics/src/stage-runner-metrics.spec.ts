import pino from 'pino';
import { ExecuteStageCommand, parseContract, RunSpec, StageEventMessage, StageOutput } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { CheckpointSource, InMemoryStageCache, Stage, StageContext, StageFailure, StageRunner } from '@ares/stage-runtime';
import { AresMetrics } from './ares-metrics';
import { parseExposition, samplesOf } from './exposition';
import { stageRunnerMetrics } from './stage-runner-metrics';

const spec = parseContract(RunSpec, { symbol: 'BTC/USDT', timeframe: '1h', from: '2023-01-01', to: '2023-02-01' });

function command(runId: string, attempt = 1): ExecuteStageCommand {
  return {
    schemaVersion: 1,
    runId,
    stage: 'preprocess',
    attempt,
    spec,
    inputs: [],
    dispatchedAt: '2026-01-01T00:00:00Z',
    commandId: `${runId}.preprocess.${attempt}`,
  };
}

/** A preprocess stage whose execute and executeUnit do what the test says. */
function stageDoing(
  execute: (context: StageContext<'preprocess'>) => Promise<StageOutput>,
  executeUnit: (payload: { fail?: 'permanent' | 'transient' }) => Promise<unknown> = async () => ({ ok: true }),
): Stage<'preprocess'> {
  return {
    name: 'preprocess',
    version: '1',
    validateInput: () => undefined,
    execute,
    validateOutput: () => undefined,
    executeUnit: (_context, _unit, payload) => executeUnit(payload as { fail?: 'permanent' | 'transient' }),
  };
}

/** What the runner published, read back as recorded checkpoints. */
class PublishedCheckpoints implements CheckpointSource {
  constructor(private readonly events: StageEventMessage[]) {}
  async recordedUnits(runId: string, stage: string, scope: string): Promise<ReadonlyMap<string, unknown>> {
    const found = this.events.filter((e) => e.kind === 'checkpoint' && e.runId === runId && e.stage === stage && e.scope === scope);
    return new Map(found.map((e) => [e.unit!, e.result]));
  }
}

function setup(stage: Stage<'preprocess'>, publish?: () => Promise<void>) {
  const metrics = new AresMetrics({ defaultMetrics: false });
  const events: StageEventMessage[] = [];
  const runner = new StageRunner({
    stages: [stage],
    cache: new InMemoryStageCache(),
    artifacts: new InMemoryArtifactStore(),
    checkpoints: new PublishedCheckpoints(events),
    instance: 'test',
    logger: pino({ level: 'silent' }),
    publishEvent: publish ?? (async (message) => void events.push(message)),
    observer: stageRunnerMetrics(metrics, 'data-service', ['preprocess']),
  });
  const value = async (name: string, labels: Record<string, string>) => {
    const found = samplesOf(parseExposition(await metrics.registry.metrics()), name, labels);
    return found.length === 1 ? found[0].value : undefined;
  };
  return { runner, events, value };
}

const labels = (outcome: string) => ({ stage: 'preprocess', service: 'data-service', outcome });

describe('stageRunnerMetrics on a real StageRunner', () => {
  it('times each attempt by how it ended: completed, then cached for the same work, failed for a stage failure', async () => {
    const { runner, value } = setup(stageDoing(async () => ({ artifacts: [], metrics: { rows: 1 } })));
    await runner.run(command('r1'));
    await runner.run(command('r2'));
    expect(await value('ares_stage_duration_seconds_count', labels('completed'))).toBe(1);
    expect(await value('ares_stage_duration_seconds_count', labels('cached'))).toBe(1);

    const failing = setup(
      stageDoing(async () => {
        throw new StageFailure('no such file');
      }),
    );
    await failing.runner.run(command('r3'));
    expect(await failing.value('ares_stage_outcomes_total', labels('failed'))).toBe(1);
    expect(await failing.value('ares_stage_outcomes_total', labels('completed'))).toBe(0);
  });

  it('counts an attempt in flight while it runs, and as cancelled when its run is stopped', async () => {
    let executing!: () => void;
    const started = new Promise<void>((resolve) => (executing = resolve));
    const { runner, value } = setup(
      stageDoing(
        (context) =>
          new Promise((_, reject) => {
            context.signal.addEventListener('abort', () => reject(context.signal.reason));
            executing();
          }),
      ),
    );
    const running = runner.run(command('r1'));
    await started;
    expect(await value('ares_stages_in_flight', { stage: 'preprocess', service: 'data-service' })).toBe(1);
    runner.cancelRun('r1', 'run cancelled by user');
    await running;
    expect(await value('ares_stages_in_flight', { stage: 'preprocess', service: 'data-service' })).toBe(0);
    expect(await value('ares_stage_outcomes_total', labels('cancelled'))).toBe(1);
    expect(await value('ares_stage_outcomes_total', labels('failed'))).toBe(0);
  });

  it("counts the runtime's own I/O failure (the command is redelivered) as error", async () => {
    const { runner, value } = setup(
      stageDoing(async () => ({ artifacts: [], metrics: {} })),
      async () => {
        throw new Error('nats down');
      },
    );
    await expect(runner.run(command('r1'))).rejects.toThrow('nats down');
    expect(await value('ares_stage_outcomes_total', labels('error'))).toBe(1);
    expect(await value('ares_stages_in_flight', { stage: 'preprocess', service: 'data-service' })).toBe(0);
  });

  it('counts handed-out units: completed, skipped when already recorded, retried when transient, failed when permanent', async () => {
    const { runner, value } = setup(
      stageDoing(
        async () => ({ artifacts: [], metrics: {} }),
        async ({ fail }) => {
          if (fail === 'permanent') throw new StageFailure('out of range');
          if (fail === 'transient') throw StageFailure.transient('worker busy');
          return { ok: true };
        },
      ),
    );
    const unit = (name: string, payload: unknown = {}) => ({ schemaVersion: 1 as const, unit: name, scope: 's', payload, command: command('r1') });
    await runner.runUnit(unit('trial-1'));
    await runner.runUnit(unit('trial-1'));
    await expect(runner.runUnit(unit('trial-2', { fail: 'transient' }))).rejects.toThrow('worker busy');
    await runner.runUnit(unit('trial-3', { fail: 'permanent' }));
    for (const [outcome, count] of [
      ['completed', 1],
      ['skipped', 1],
      ['retried', 1],
      ['failed', 1],
    ] as const) {
      expect(await value('ares_units_total', { stage: 'preprocess', outcome })).toBe(count);
    }
  });
});
