import pino from 'pino';
import { ExecuteStageCommand, parseContract, PreprocessStageParams, RunSpec, StageEventMessage, StageOutput } from '@ares/contracts';
import { CheckpointSource } from './checkpoints';
import { InMemoryArtifactStore } from '@ares/artifacts';
import { Stage, StageContext, StageFailure } from './stage';
import { InMemoryStageCache } from './stage-cache';
import { StageRunner } from './stage-runner';

const spec = parseContract(RunSpec, {
  symbol: 'BTC/USDT',
  timeframe: '1h',
  from: '2023-01-01',
  to: '2023-02-01',
  stages: { preprocess: { params: { rsiPeriod: 10 } } },
});

function command(runId = 'r1', attempt = 1): ExecuteStageCommand {
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

class CountingStage implements Stage<'preprocess'> {
  readonly name = 'preprocess' as const;
  readonly version = '1';
  executions = 0;
  constructor(private readonly behaviour: (context: StageContext<'preprocess'>) => Promise<StageOutput>) {}
  validateInput(): void {}
  async execute(context: StageContext<'preprocess'>): Promise<StageOutput> {
    this.executions += 1;
    return this.behaviour(context);
  }
  validateOutput(output: StageOutput): void {
    if (output.metrics.rows === 0) throw new StageFailure('no rows');
  }
}

/** Checkpoints "recorded in history": what the runner published, as a later attempt would read them back. */
class PublishedCheckpoints implements CheckpointSource {
  constructor(private readonly events: StageEventMessage[]) {}
  async recordedUnits(runId: string, stage: string, scope: string): Promise<ReadonlyMap<string, unknown>> {
    const units = new Map<string, unknown>();
    for (const event of this.events) {
      if (event.kind === 'checkpoint' && event.runId === runId && event.stage === stage && event.scope === scope)
        units.set(event.unit!, event.result);
    }
    return units;
  }
}

function setup(stage: Stage<'preprocess'>, cache = new InMemoryStageCache()) {
  const events: StageEventMessage[] = [];
  const artifacts = new InMemoryArtifactStore();
  const runner = new StageRunner({
    stages: [stage],
    cache,
    artifacts,
    checkpoints: new PublishedCheckpoints(events),
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
    expect(events[1]).toMatchObject({ eventId: 'r1.preprocess.1.progress.p500', progress: 0.5, message: 'half' });
    expect(events[2].output?.metrics).toEqual({ rows: 10 });
    expect(events[2].cached).toBe(false);

    await runner.run(command('r2'));
    expect(stage.executions).toBe(1);
    expect(events.at(-1)).toMatchObject({ runId: 'r2', kind: 'completed', cached: true });
  });

  it('hands the stage its params parsed by its contract, defaults applied', async () => {
    let seen: unknown;
    const { runner } = setup(
      new CountingStage(async (context) => {
        seen = context.params;
        return { artifacts: [], metrics: { rows: 1 } };
      }),
    );
    await runner.run(command());
    expect(seen).toBeInstanceOf(PreprocessStageParams);
    expect(seen).toMatchObject({ rsiPeriod: 10, atrPeriod: 14, featureSet: 'full' });
  });

  it('reports an unexpected stage error as a transient failure, a StageFailure as permanent unless it says otherwise', async () => {
    const failing = (error: Error) =>
      setup(
        new CountingStage(async () => {
          throw error;
        }),
      );
    const unexpected = failing(new Error('socket hang up'));
    await unexpected.runner.run(command());
    expect(unexpected.events.at(-1)).toMatchObject({ kind: 'failed', error: 'socket hang up', permanent: false });
    const bad = failing(new StageFailure('no such file: X.csv'));
    await bad.runner.run(command());
    expect(bad.events.at(-1)).toMatchObject({ kind: 'failed', error: 'no such file: X.csv', permanent: true });
    const busy = failing(StageFailure.transient('store busy'));
    await busy.runner.run(command());
    expect(busy.events.at(-1)).toMatchObject({ kind: 'failed', permanent: false });
  });

  it('hands a stage a progress event it could not publish as a transient failure, even through a stage that wraps its errors', async () => {
    // A stage that calls every error of its computation permanent, as numeric stages do, must not turn NATS's hiccup into one.
    const stage = new CountingStage(async (context) => {
      try {
        await context.progress(0.5, 'half');
      } catch (error) {
        if (error instanceof StageFailure) throw error;
        throw new StageFailure(`could not fit: ${(error as Error).message}`);
      }
      return { artifacts: [], metrics: { rows: 1 } };
    });
    const events: StageEventMessage[] = [];
    const runner = new StageRunner({
      stages: [stage],
      cache: new InMemoryStageCache(),
      artifacts: new InMemoryArtifactStore(),
      instance: 'test',
      logger: pino({ level: 'silent' }),
      publishEvent: async (message) => {
        if (message.kind === 'progress') throw new Error('TIMEOUT');
        events.push(message);
      },
    });
    await runner.run(command());
    expect(events.at(-1)).toMatchObject({ kind: 'failed', permanent: false, error: "the stage's progress event could not be published: TIMEOUT" });
  });

  it('records units of work once, under stable keys, and a later attempt computes only the units not recorded', async () => {
    const computed: string[] = [];
    let failAfter = 2;
    const stage = new CountingStage(async (context) => {
      for (const unit of ['fold-1', 'fold-2', 'fold-3', 'fold-4']) {
        await context.checkpoints.unit(unit, async () => {
          if (failAfter-- === 0) throw StageFailure.transient('worker lost');
          computed.push(unit);
          return { square: Number(unit.slice(5)) ** 2 };
        });
        await context.progress(Number(unit.slice(5)) / 4, `${unit} done`, unit);
      }
      const total = ['fold-1', 'fold-2', 'fold-3', 'fold-4'].reduce(
        (sum, unit) => sum + context.checkpoints.recorded<{ square: number }>(unit)!.square,
        0,
      );
      return { artifacts: [], metrics: { rows: total } };
    });
    const { runner, events } = setup(stage);
    await runner.run(command('r1', 1));
    expect(events.at(-1)).toMatchObject({ kind: 'failed', error: 'worker lost' });
    expect(computed).toEqual(['fold-1', 'fold-2']);

    await runner.run(command('r1', 2));
    expect(computed).toEqual(['fold-1', 'fold-2', 'fold-3', 'fold-4']);
    expect(events.at(-1)).toMatchObject({ kind: 'completed', output: { metrics: { rows: 1 + 4 + 9 + 16 } } });
    const checkpoints = events.filter((event) => event.kind === 'checkpoint');
    expect(checkpoints.map((event) => event.eventId)).toEqual(['fold-1', 'fold-2', 'fold-3', 'fold-4'].map((unit) => `r1.preprocess.unit.${unit}`));
    const progress = events.filter((event) => event.kind === 'progress').map((event) => event.eventId);
    expect(progress).toContain('r1.preprocess.2.progress.fold-3');
    expect(new Set(progress).size).toBe(progress.length);
  });

  it('without a work queue, fans units out to its own executeUnit, one by one, and records each once', async () => {
    const computed: string[] = [];
    const stage = Object.assign(
      new CountingStage(async (context) => {
        const results = await context.checkpoints.fanOut([1, 2, 3].map((n) => ({ unit: `trial-${n}`, payload: { n } })));
        return { artifacts: [], metrics: { rows: [...results.values()].reduce((sum: number, r) => sum + (r as { cube: number }).cube, 0) } };
      }),
      {
        executeUnit: async (_context: unknown, unit: string, payload: unknown) => {
          computed.push(unit);
          return { cube: (payload as { n: number }).n ** 3 };
        },
      },
    );
    const { runner, events } = setup(stage);
    await runner.run(command('r1', 1));
    expect(events.at(-1)).toMatchObject({ kind: 'completed', output: { metrics: { rows: 1 + 8 + 27 } } });
    expect(computed).toEqual(['trial-1', 'trial-2', 'trial-3']);
    expect(events.filter((event) => event.kind === 'checkpoint').map((event) => event.eventId)).toEqual(
      ['trial-1', 'trial-2', 'trial-3'].map((unit) => `r1.preprocess.unit.${unit}`),
    );
  });

  it('runs a handed-out unit once: a unit some replica recorded is not computed again; a permanent unit failure fails the attempt', async () => {
    const computedUnits: string[] = [];
    const stage = Object.assign(new CountingStage(async () => ({ artifacts: [], metrics: { rows: 1 } })), {
      executeUnit: async (_context: StageContext<'preprocess'>, unit: string, payload: unknown) => {
        if ((payload as { bad?: boolean }).bad) throw new StageFailure('payload out of range');
        computedUnits.push(unit);
        return { ok: unit };
      },
    });
    const { runner, events } = setup(stage);
    const unitCommand = (unit: string, payload: unknown = {}) => ({ schemaVersion: 1, unit, scope: 'work', payload, command: command() });
    await runner.runUnit(unitCommand('trial-1'));
    await runner.runUnit(unitCommand('trial-1'));
    expect(computedUnits).toEqual(['trial-1']);
    expect(events.filter((event) => event.kind === 'checkpoint')).toMatchObject([{ unit: 'trial-1', scope: 'work', result: { ok: 'trial-1' } }]);
    await runner.runUnit(unitCommand('trial-2', { bad: true }));
    expect(events.at(-1)).toMatchObject({ kind: 'failed', permanent: true, error: 'unit trial-2: payload out of range' });
  });

  it('a redelivered copy of an attempt still running in this process waits for it instead of computing again', async () => {
    let release!: () => void;
    const stage = new CountingStage(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { artifacts: [], metrics: { rows: 1 } };
    });
    const { runner, events } = setup(stage);
    const first = runner.run(command());
    await new Promise((resolve) => setTimeout(resolve, 10));
    const copy = runner.run(command());
    release();
    await Promise.all([first, copy]);
    expect(stage.executions).toBe(1);
    expect(events.filter((event) => event.kind === 'completed')).toHaveLength(1);
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

  it('a cancel that arrives while `started` is being published still stops the attempt', async () => {
    const stage = new CountingStage(async () => ({ artifacts: [], metrics: { rows: 1 } }));
    const events: StageEventMessage[] = [];
    const runner: StageRunner = new StageRunner({
      stages: [stage],
      cache: new InMemoryStageCache(),
      artifacts: new InMemoryArtifactStore(),
      instance: 't',
      logger: pino({ level: 'silent' }),
      publishEvent: async (message) => {
        events.push(message);
        if (message.kind === 'started') runner.cancelRun('r1', 'cancelled just after start');
      },
    });
    await runner.run(command());
    expect(stage.executions).toBe(0);
    expect(events.at(-1)).toMatchObject({ kind: 'failed', error: 'cancelled just after start' });
  });

  it('a command decided before its run was stopped does not start computing; one of a later resume does', async () => {
    const stage = new CountingStage(async () => ({ artifacts: [], metrics: { rows: 1 } }));
    const { runner, events } = setup(stage);
    runner.cancelRun('r1', 'run failed', undefined, '2026-01-01T00:00:01Z');
    await runner.run(command()); // dispatched 2026-01-01T00:00:00Z
    expect(stage.executions).toBe(0);
    expect(events.at(-1)).toMatchObject({ kind: 'failed', error: 'run failed' });
    await runner.run({ ...command('r1', 2), dispatchedAt: '2026-01-01T00:00:05Z' });
    expect(stage.executions).toBe(1);
    expect(events.at(-1)).toMatchObject({ kind: 'completed', attempt: 2 });
  });

  it('stops only the timed-out attempt when told which one', async () => {
    const stage = new CountingStage(
      (context) =>
        new Promise((_, reject) => {
          context.signal.addEventListener('abort', () => reject(context.signal.reason));
        }),
    );
    const { runner, events } = setup(stage);
    const running = runner.run(command('r1', 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(runner.cancelRun('r1', 'timed out', { stage: 'preprocess', attempt: 2 })).toBe(0);
    expect(runner.cancelRun('r1', 'timed out after 5 s', { stage: 'preprocess', attempt: 1 })).toBe(1);
    await running;
    expect(events.at(-1)).toMatchObject({ kind: 'failed', error: 'timed out after 5 s', attempt: 1 });
    // Stopping one attempt does not stop the run: its retry still runs (until it is stopped in turn).
    const retry = runner.run(command('r1', 2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stage.executions).toBe(2);
    expect(runner.cancelRun('r1', 'done', { stage: 'preprocess', attempt: 2 })).toBe(1);
    await retry;
  });
});
