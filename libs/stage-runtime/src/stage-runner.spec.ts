import pino from 'pino';
import { ExecuteStageCommand, parseContract, RunSpec, StageEventMessage, StageOutput } from '@ares/contracts';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { Stage, StageContext, StageFailure } from './stage';
import { InMemoryStageCache } from './stage-cache';
import { StageRunner } from './stage-runner';

const spec = parseContract(RunSpec, {
  symbol: 'BTC/USDT',
  timeframe: '1h',
  from: '2023-01-01',
  to: '2023-02-01',
  stages: { collect: { params: { k: 1 } } },
});

function command(runId = 'r1', attempt = 1): ExecuteStageCommand {
  return {
    schemaVersion: 1,
    runId,
    stage: 'collect',
    attempt,
    spec,
    inputs: [],
    dispatchedAt: '2026-01-01T00:00:00Z',
    commandId: `${runId}.collect.${attempt}`,
  };
}

class CountingStage implements Stage {
  readonly name = 'collect' as const;
  readonly version = '1';
  executions = 0;
  constructor(private readonly behaviour: (context: StageContext) => Promise<StageOutput>) {}
  validateInput(): void {}
  async execute(context: StageContext): Promise<StageOutput> {
    this.executions += 1;
    return this.behaviour(context);
  }
  validateOutput(output: StageOutput): void {
    if (output.metrics.rows === 0) throw new StageFailure('no rows');
  }
}

function setup(stage: Stage) {
  const events: StageEventMessage[] = [];
  const artifacts = new InMemoryArtifactStore();
  const runner = new StageRunner({
    stages: [stage],
    cache: new InMemoryStageCache(),
    artifacts,
    instance: 'test',
    logger: pino({ level: 'silent' }),
    publishEvent: async (message) => {
      events.push(message);
    },
  });
  return { runner, events, artifacts };
}

describe('StageRunner', () => {
  it('runs a stage, reports started, progress and completed, and serves a repeat from the cache', async () => {
    const stage = new CountingStage(async (context) => {
      await context.progress(0.5, 'half');
      const ref = await context.artifacts.put(new TextEncoder().encode(`params ${JSON.stringify(context.params)}`), 'text/plain');
      return { artifacts: [{ name: 'dataset', ...ref }], metrics: { rows: 10 } };
    });
    const { runner, events } = setup(stage);
    await runner.run(command('r1'));
    expect(events.map((event) => event.kind)).toEqual(['started', 'progress', 'completed']);
    expect(events[1]).toMatchObject({ eventId: 'r1.collect.1.progress.1', progress: 0.5, message: 'half' });
    expect(events[2].output?.metrics).toEqual({ rows: 10 });
    expect(events[2].cached).toBe(false);

    await runner.run(command('r2'));
    expect(stage.executions).toBe(1);
    expect(events.at(-1)).toMatchObject({ runId: 'r2', kind: 'completed', cached: true });
  });

  it('reports a stage error as a failed event with its message', async () => {
    const { runner, events } = setup(
      new CountingStage(async () => {
        throw new Error('file not found: X');
      }),
    );
    await runner.run(command());
    expect(events.at(-1)).toMatchObject({ kind: 'failed', error: 'file not found: X' });
  });

  it('reports a failed output validation', async () => {
    const { runner, events } = setup(new CountingStage(async () => ({ artifacts: [], metrics: { rows: 0 } })));
    await runner.run(command());
    expect(events.at(-1)).toMatchObject({ kind: 'failed', error: 'no rows' });
  });

  it('lets runtime I/O errors propagate so the transport redelivers', async () => {
    const stage = new CountingStage(async () => ({ artifacts: [], metrics: { rows: 1 } }));
    const runner = new StageRunner({
      stages: [stage],
      cache: new InMemoryStageCache(),
      artifacts: new InMemoryArtifactStore(),
      instance: 't',
      logger: pino({ level: 'silent' }),
      publishEvent: async () => {
        throw new Error('nats down');
      },
    });
    await expect(runner.run(command())).rejects.toThrow('nats down');
  });

  it('aborts a running stage when its run is cancelled', async () => {
    const stage = new CountingStage(
      (context) =>
        new Promise((_, reject) => {
          context.signal.addEventListener('abort', () => reject(context.signal.reason));
        }),
    );
    const { runner, events } = setup(stage);
    const running = runner.run(command());
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runner.cancelRun('r1', 'run cancelled by user')).toBe(1);
    await running;
    expect(events.at(-1)).toMatchObject({ kind: 'failed', error: 'run cancelled by user' });
  });
});
